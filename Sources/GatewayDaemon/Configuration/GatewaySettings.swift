import Foundation
import NationalSystems

/// `config/gerbang.json`: where the gateway listens, where its database is,
/// the national systems it talks to and how it retries, polls and escalates.
///
/// Every setting can be overridden by an environment variable named after its
/// path: `listen.port` by `GERBANG_LISTEN_PORT`, `systems.siinas.url` by
/// `GERBANG_SYSTEMS_SIINAS_URL`, `sla.escalateTo.tim-teknis` by
/// `GERBANG_SLA_ESCALATE_TO_TIM_TEKNIS`. Secrets are not settings: see ``Secrets``.
public struct GatewaySettings: Sendable, Codable, Equatable {
    public struct Listen: Sendable, Codable, Equatable {
        /// A numeric address; loopback unless an operator chooses otherwise.
        public var host: String
        public var port: Int
    }

    /// Where the sync log goes besides the database.
    public struct SyncLogOutput: Sendable, Codable, Equatable {
        /// JSON lines on standard output.
        public var stdout: Bool
        /// JSON lines appended to this file; empty for none.
        public var file: String
    }

    /// When a failed delivery is tried again (DESIGN.md rule 4).
    public struct RetrySchedule: Sendable, Codable, Equatable {
        /// The wait before the 2nd, 3rd, … attempt; after the last, the message is a dead letter.
        public var delaysSeconds: [Double]
        /// Each wait is stretched or shrunk by up to this fraction at random, so
        /// retries from many messages do not arrive at a recovering system together.
        public var jitter: Double

        public init(delaysSeconds: [Double], jitter: Double) {
            self.delaysSeconds = delaysSeconds
            self.jitter = jitter
        }

        /// Attempts in all, the first included.
        public var attempts: Int { delaysSeconds.count + 1 }

        /// The wait after failed attempt `attempt` (1-based), or nil when it was the last.
        /// - Parameter unit: a random number in 0..<1.
        public func delay(afterAttempt attempt: Int, unit: Double) -> Double? {
            guard attempt >= 1, attempt <= delaysSeconds.count else { return nil }
            let base = delaysSeconds[attempt - 1]
            return max(0, base * (1 + jitter * (2 * unit - 1)))
        }
    }

    /// One national system (or the DPMPTSP letter box) the gateway calls.
    public struct Target: Sendable, Codable, Equatable {
        public var url: String
        public var timeoutMilliseconds: Int
        public var retry: RetrySchedule
    }

    public struct Systems: Sendable, Codable, Equatable {
        public var oss: Target
        public var siinas: Target
        public var sipro: Target
        /// DPMPTSP's incoming-letter box (in SIPRO, which DPMPTSP runs).
        public var dpmptsp: Target

        public func target(_ name: String) -> Target? {
            switch name {
            case "oss": oss
            case "siinas": siinas
            case "sipro": sipro
            case "dpmptsp": dpmptsp
            default: nil
            }
        }

        public static let names = ["oss", "siinas", "sipro", "dpmptsp"]
    }

    public struct Polling: Sendable, Codable, Equatable {
        /// How often the SIINas notification feed is read (pushes may be missed).
        public var siinasMilliseconds: Int
        /// How often the SIPRO event feed is read (SIPRO does not push).
        public var siproMilliseconds: Int
        /// How often permits whose OSS status is not final are checked with checkLicenseStatus.
        public var ossReconcileMilliseconds: Int
        public var pageSize: Int
        /// How often the dispatcher looks for messages whose time has come.
        public var dispatchMilliseconds: Int
    }

    /// Time standards, escalation and the statutory deadlines of commitments.
    public struct ServiceLevels: Sendable, Codable, Equatable {
        public var sweepMilliseconds: Int
        /// Who hears of a missed time standard: role → the role above it.
        public var escalateTo: [String: String]
        /// Working days the Dinas has for a technical evaluation before OSS may approve by itself (status 57).
        public var technicalEvaluationDays: Int
        /// Working days when a field check is needed.
        public var fieldCheckDays: Int
        /// A warning is raised this many working hours before a statutory deadline.
        public var warningWorkingHours: Int
    }

    /// How the agency names itself in what it sends.
    public struct Agency: Sendable, Codable, Equatable {
        /// kd_instansi in receiveLicenseStatus (three digits; a placeholder until OSS assigns one).
        public var kdInstansi: String
        public var nama: String
        /// The officer named in status pushes (nama_status, nip_status).
        public var namaPetugas: String
        public var nipPetugas: String
    }

    /// What officers may attach to a case (a BAP, letters).
    public struct Documents: Sendable, Codable, Equatable {
        /// The largest document, in bytes, after base64 decoding.
        public var maxBytes: Int
        /// Media types accepted, e.g. application/pdf.
        public var contentTypes: [String]
    }

    public var listen: Listen
    /// The SQLite file, relative to the working folder unless absolute.
    public var database: String
    public var syncLog: SyncLogOutput
    public var agency: Agency
    public var systems: Systems
    public var polling: Polling
    public var serviceLevels: ServiceLevels
    public var documents: Documents
    /// The development credentials shared with the mocks may be used for a
    /// secret the environment does not give, but only for systems on loopback.
    public var developmentSecrets: Bool

    // MARK: Loading

    /// Reads the file and applies the environment's overrides.
    public static func load(file: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(SettingsError) -> GatewaySettings {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw SettingsError(file: file, field: nil, message: "cannot be read: check the path (or pass --config FILE)")
        }
        var value: JSONValue
        do {
            value = try JSONValue.decode(data)
        } catch {
            throw SettingsError(file: file, field: nil, message: "is not JSON: \(error)")
        }
        value = try overridden(value, path: [], environment: environment, file: file)
        do {
            return try value.decode(GatewaySettings.self)
        } catch let error as DecodingError {
            let (field, problem) = error.explained
            throw SettingsError(file: file, field: field, message: problem)
        } catch {
            throw SettingsError(file: file, field: nil, message: "\(error)")
        }
    }

    /// The variable that overrides a setting: ["sla", "escalateTo", "tim-teknis"] → GERBANG_SLA_ESCALATE_TO_TIM_TEKNIS.
    public static func variable(for path: [String]) -> String {
        "GERBANG_" + path.map { component in
            var words = ""
            for character in component {
                if character.isUppercase, !words.isEmpty { words.append("_") }
                words.append(character == "-" || character == "." ? "_" : Character(character.uppercased()))
            }
            return words
        }.joined(separator: "_")
    }

    private static func overridden(_ value: JSONValue, path: [String], environment: [String: String], file: String) throws(SettingsError) -> JSONValue {
        if case .object(let fields) = value {
            var result: [String: JSONValue] = [:]
            for (key, field) in fields {
                result[key] = try overridden(field, path: path + [key], environment: environment, file: file)
            }
            return .object(result)
        }
        let name = variable(for: path)
        guard let text = environment[name] else { return value }
        switch value {
        case .string:
            return .string(text)
        default:
            // Numbers, booleans and lists are given as JSON: GERBANG_LISTEN_PORT=8080, GERBANG_SYNC_LOG_STDOUT=false.
            guard let parsed = try? JSONValue.decode(Data(text.utf8)) else {
                throw SettingsError(file: name, field: path.joined(separator: "."), message: "'\(text)' is not a JSON value of the setting's kind")
            }
            return parsed
        }
    }

    /// Whether every system the gateway calls is on this machine.
    public var everySystemOnLoopback: Bool {
        Systems.names.compactMap { systems.target($0) }.allSatisfy { target in
            guard let host = URLComponents(string: target.url)?.host else { return false }
            return host == "127.0.0.1" || host == "localhost" || host == "::1"
        }
    }
}

/// A setting that cannot be used: the file (or variable), the field and what is wrong.
public struct SettingsError: Error, Equatable, CustomStringConvertible {
    public let file: String
    public let field: String?
    public let message: String

    public init(file: String, field: String?, message: String) {
        self.file = file
        self.field = field
        self.message = message
    }

    public var description: String {
        [file, field.map { "field '\($0)'" }, message].compactMap { $0 }.joined(separator: ": ")
    }
}
