/// A command's arguments after its name: positionals, `--flag`s and `--option value` (or `--option=value`).
struct Arguments {
    private(set) var positionals: [String] = []
    private var flags: Set<String> = []
    private var options: [String: [String]] = [:]

    /// Parses against the flags and options the command accepts; anything else is a usage error.
    init(_ words: [String], command: String, flags allowedFlags: Set<String>, options allowedOptions: Set<String>) throws(UsageError) {
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            if word == "--" {
                positionals += words[index...]
                break
            }
            guard word.hasPrefix("-"), word != "-" else {
                positionals.append(word)
                continue
            }
            let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
            let name = parts[0]
            if allowedFlags.contains(name) {
                guard parts.count == 1 else { throw UsageError(command: command, message: "\(name) takes no value") }
                flags.insert(name)
            } else if allowedOptions.contains(name) {
                if parts.count == 2 {
                    options[name, default: []].append(parts[1])
                } else if index < words.count {
                    options[name, default: []].append(words[index])
                    index += 1
                } else {
                    throw UsageError(command: command, message: "\(name) needs a value")
                }
            } else {
                throw UsageError(command: command, message: "unknown option \(name)")
            }
        }
    }

    func has(_ flag: String) -> Bool { flags.contains(flag) }

    /// The option's value; the last one when it was given more than once.
    func option(_ name: String) -> String? { options[name]?.last }

    /// Every value of an option that may be repeated (`--role kabid --role kadis`).
    func values(_ name: String) -> [String] { options[name] ?? [] }

    /// Exactly `count` positionals, named in the error when they are missing or extra.
    func positionals(_ names: String..., command: String) throws(UsageError) -> [String] {
        guard positionals.count == names.count else {
            let expected = names.isEmpty ? "no arguments" : names.joined(separator: " ")
            throw UsageError(command: command, message: "expects \(expected), got \(positionals.isEmpty ? "none" : positionals.joined(separator: " "))")
        }
        return positionals
    }
}

/// A command line that does not parse: exit code 2, with a pointer to the help.
struct UsageError: Error {
    let command: String
    let message: String

    var description: String {
        "gerbang \(command): \(message)\nsee 'gerbang \(command) --help'"
    }
}

/// A check that found problems, or an error the operator must act on: exit code 1.
struct FailureError: Error {
    let message: String
}
