import Foundation

/// Finds `GERBANG_*` variables that nothing reads: a mistyped override (`GERBANG_LISTEN_PROT`) would
/// otherwise be ignored without a word, and the gateway would run on the value it was meant to replace.
public enum EnvironmentCheck {
    /// Variables read besides the settings' overrides and the secrets, and what each is for.
    public static let otherVariables: [String: String] = [
        "GERBANG_CONFIG": "gerbang.json to use",
        "GERBANG_CONFIG_DIR": "the configuration folder of the commands that read it",
        "GERBANG_DB": "the database the listing commands read",
        "GERBANG_URL": "the running gateway the commands that change state call",
        "GERBANG_TOKEN": "the bearer token of those commands",
        "GERBANG_ACCELERATED_CLOCK": "a chaos run's shared clock (development on loopback only)",
        "GERBANG_EXIT_WITH_PARENT": "a chaos run's children end with it",
        "GERBANG_FUZZ_TARGET": "the parser gerbang-fuzz exercises",
        "GERBANG_FAULT_SEND_TWICE": "debug builds only: every delivered message is sent once more (the proof that the oracle sees it)",
    ]

    /// A variable no part of gerbang reads, with the known name closest to it, if one is close.
    public struct Unknown: Sendable, Equatable, CustomStringConvertible {
        public let name: String
        public let closest: String?

        public var description: String {
            "\(name) is not a variable gerbang reads: " + (closest.map { "did you mean \($0)?" } ?? "see docs/gateway.md for the settings' variables")
        }
    }

    /// Every variable gerbang reads with the settings of `settingsFile`: each setting's override, each
    /// secret and its `_FILE` form, and the others.
    public static func known(settingsFile: String) -> Set<String> {
        GatewaySettings.variables(file: settingsFile)
            .union((Secrets.variables + Secrets.optionalVariables).flatMap { [$0, $0 + "_FILE"] })
            .union(otherVariables.keys)
    }

    /// The `GERBANG_*` variables of `environment` nothing reads, sorted by name.
    public static func unknown(in environment: [String: String], settingsFile: String) -> [Unknown] {
        let known = known(settingsFile: settingsFile)
        return environment.keys.filter { $0.hasPrefix("GERBANG_") && !known.contains($0) }.sorted().map { name in
            Unknown(name: name, closest: closest(to: name, among: known))
        }
    }

    /// The known name fewest edits away, when it is within a quarter of the name's length (at least 2).
    static func closest(to name: String, among known: Set<String>) -> String? {
        let limit = max(2, name.count / 4)
        let ranked = known.map { ($0, editDistance(name, $0)) }.filter { $0.1 <= limit }
        return ranked.min { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }?.0
    }

    /// Levenshtein distance: insertions, deletions and substitutions, one each.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8), b = Array(b.utf8)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + [Int](repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
