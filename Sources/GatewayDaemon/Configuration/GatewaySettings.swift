import Foundation
import GatewayCore
import GatewayHTTP
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
        /// How national systems reach the gateway (the reverse proxy's https address), for links to the
        /// documents it sends them; empty for the listen address itself.
        public var publicURL: String
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
        /// A PEM file of CAs trusted for this system besides the machine's own (a government CA);
        /// empty for none. Certificates and host names are always verified: no setting turns that off.
        public var caFile: String

        /// How the gateway's HTTP client calls this system: within its timeout, trusting its CA file
        /// besides the machine's CAs.
        public var clientConfiguration: ClientConfiguration {
            var configuration = ClientConfiguration()
            configuration.timeout = .milliseconds(timeoutMilliseconds)
            configuration.connectTimeout = .milliseconds(min(timeoutMilliseconds, 5000))
            configuration.extraCAFile = caFile.isEmpty ? nil : caFile
            return configuration
        }
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
        /// How often OSS is asked again about the NIBs of open cases (inqueryNIB) and signed permits that
        /// never came (inqueryFileDS): the only way to catch a missed push since PIA 4.3.16.
        public var ossPullMilliseconds: Int
        /// At most this many NIBs and as many permits are asked about per round, in turn.
        public var ossPullBatch: Int
        /// How often what the writer committed is copied from the WAL into the database file (a passive
        /// checkpoint on a connection of its own; the writer's automatic one is off).
        public var checkpointMilliseconds: Int
        /// At most this many asking calls to OSS in any minute (checkLicenseStatus by the reconciler and
        /// before a status is sent again): OSS rate-limits agencies.
        public var ossCallsPerMinute: Int
        /// The longest a non-final permit waits between two checkLicenseStatus calls: one asked often and
        /// found unchanged waits twice as long each time, up to this.
        public var ossCheckMaxIntervalMinutes: Int
        /// At most this many checkNIB calls in any minute: each NIB new to the gateway is checked once, after
        /// its push was answered; its cases wait on OSS until then.
        public var nibChecksPerMinute: Int
    }

    /// Time standards, escalation and the statutory deadlines of commitments.
    public struct ServiceLevels: Sendable, Codable, Equatable {
        /// The statutory periods of one kind of permit, in working days.
        public struct StatutoryPeriod: Sendable, Equatable {
            public var technicalEvaluationDays: Int
            public var fieldCheckDays: Int
            /// Where the periods come from, in words for the sync log: the permit kind's norm, or the agency's defaults.
            public var basis: String = "the agency's defaults (serviceLevels.technicalEvaluationDays, fieldCheckDays)"

            public init(technicalEvaluationDays: Int, fieldCheckDays: Int) {
                self.technicalEvaluationDays = technicalEvaluationDays
                self.fieldCheckDays = fieldCheckDays
            }
        }

        /// What a kind of permit's norm (PP 5/2021 Lampiran I) sets, with its source; a period it leaves out is the
        /// agency's default. An entry with no period and a source that says "unknown" records plainly that the norm
        /// for the kind is not known here, and why.
        public struct StatutoryNorm: Sendable, Codable, Equatable {
            public var technicalEvaluationDays: Int?
            public var fieldCheckDays: Int?
            /// The norm's source (its regulation and table), or "unknown: …" with why.
            public var source: String?

            public init(technicalEvaluationDays: Int? = nil, fieldCheckDays: Int? = nil, source: String? = nil) {
                self.technicalEvaluationDays = technicalEvaluationDays
                self.fieldCheckDays = fieldCheckDays
                self.source = source
            }
        }

        public var sweepMilliseconds: Int
        /// Who hears of a missed time standard: role → the role above it.
        public var escalateTo: [String: String]
        /// Working days the Dinas has for a technical evaluation before OSS may approve by itself (status 57).
        public var technicalEvaluationDays: Int
        /// Working days when a field check is needed.
        public var fieldCheckDays: Int
        /// A warning is raised this many working hours before a statutory deadline.
        public var warningWorkingHours: Int
        /// kd_izin → its own periods, where its norm (PP 5/2021 Lampiran I) sets others than the defaults above, with the
        /// norm's source; or only a source saying the norm is unknown, so the defaults apply knowingly.
        public var statutoryByKdIzin: [String: StatutoryNorm]
        /// Who hears of a statutory deadline passed: the head of the agency.
        public var statutoryEscalateTo: String
        /// SOP id → the working days an applicant may hold the application (a step a file is returned to) before it is
        /// taken as withdrawn (the agency's rule; told to the system it came through as a withdrawal). Absent: no limit.
        public var applicantTimeoutWorkingDays: [String: Int]

        /// The periods of a permit of this kind.
        public func statutoryPeriod(kdIzin: String?) -> StatutoryPeriod {
            var period = StatutoryPeriod(technicalEvaluationDays: technicalEvaluationDays, fieldCheckDays: fieldCheckDays)
            guard let kdIzin, let norm = statutoryByKdIzin[kdIzin] else { return period }
            period.technicalEvaluationDays = norm.technicalEvaluationDays ?? technicalEvaluationDays
            period.fieldCheckDays = norm.fieldCheckDays ?? fieldCheckDays
            let source = norm.source.map { ": \($0)" } ?? ""
            period.basis = norm.technicalEvaluationDays == nil && norm.fieldCheckDays == nil
                ? "the agency's defaults: kd_izin \(kdIzin)'s norm is not known\(source)"
                : "kd_izin \(kdIzin)'s norm\(source)"
            return period
        }
    }

    /// How the agency names itself in what it sends.
    public struct Agency: Sendable, Codable, Equatable {
        /// kd_instansi in receiveLicenseStatus (three digits; a placeholder until OSS assigns one).
        public var kdInstansi: String
        public var nama: String
        /// The officer named in status pushes (nip_status) and as the signer of an issued permit (nama_ttd, nip_ttd) where
        /// the officer who acted has no name and NIP with their token (gerbang token add --nama --nip).
        public var namaPetugas: String
        public var nipPetugas: String
        /// The signer's position (jabatan_ttd of receiveLicense).
        public var jabatanPetugas: String
        /// What the agency may tell OSS: a Dinas teknis verifies (45, 93, 12), a DPMPTSP issues (49, 50, 52, 90).
        public var authority: OSSAuthority
        /// The region whose permits are the agency's, as the beginnings of Permendagri 72/2019 codes
        /// ("61" a province, "6171" a city); a checklist item elsewhere is kept as not the agency's.
        /// Empty takes every region (doctor warns).
        public var kdDaerah: [String]
        /// The levels of government whose permits are the agency's, as a checklist item's `kewenangan` says
        /// (oss-rba.md §1.5: 00 pusat, 01 provinsi, 02 kabupaten/kota): a city's or regency's Dinas acts on 02, a
        /// province's on 01. An item of another level is kept as not the agency's. Empty takes every level (doctor warns).
        public var kewenangan: [String]
        /// How the agency's registers number its letters to DPMPTSP and the permits it issues (SOP 003's Izin Insidentil):
        /// templates with {seq} (starting at 1 each year), {yyyy}, {bulan} (the month in Roman numerals) and {kdInstansi}.
        public var letterNumber: String
        public var permitNumber: String

        /// The codes `kewenangan` may hold, with their names.
        public static let levels = ["00": "pusat", "01": "provinsi", "02": "kabupaten/kota"]
    }

    /// What officers may attach to a case (a BAP, letters).
    public struct Documents: Sendable, Codable, Equatable {
        /// The largest document, in bytes, after base64 decoding.
        public var maxBytes: Int
        /// Media types accepted, e.g. application/pdf.
        public var contentTypes: [String]
        /// How long a link to a document sent to a national system opens it (OSS's file_lampiran).
        public var linkDays: Int
    }

    /// Who may read the status page, the case pages and /metrics without logging in.
    public struct StatusPage: Sendable, Codable, Equatable {
        /// The pages need no login while the gateway listens on loopback with no proxy in front
        /// (development). An exposed gateway always needs one, whatever this says.
        public var openOnLoopback: Bool
        /// How long a login lasts.
        public var sessionMinutes: Int
    }

    /// What protects the gateway's own endpoints (docs/security.md).
    public struct Security: Sendable, Codable, Equatable {
        /// When too many authentications fail from one client address.
        public struct FailedAuthentication: Sendable, Codable, Equatable {
            /// Failures within a minute after which the address is refused.
            public var limitPerMinute: Int
            /// How long it is refused (429 with Retry-After).
            public var blockSeconds: Int
            /// Networks ("203.0.113.0/24", "2001:db8::/48") whose requests are never counted nor refused: OSS's own
            /// addresses, so that a neighbour's failures can never block its pushes.
            public var exemptNetworks: [String]
        }

        /// Reverse proxies (numeric addresses) whose X-Forwarded-For and X-Forwarded-Proto are believed.
        public var trustedProxies: [String]
        /// OSS's daily Token of the neighbouring day is accepted this many minutes either side of
        /// midnight in Asia/Jakarta, for clocks that differ a little (oss-rba.md §1.3).
        public var ossTokenSkewMinutes: Int
        public var failedAuthentication: FailedAuthentication
        /// A SIINas push whose `occurred_at` is further than this from the gateway's clock is refused (docs/siinas-api.md).
        public var siinasFreshnessMinutes: Int
        /// Open connections one client address may hold (an IPv6 client by its /64); the trusted proxies have no
        /// cap here, and nginx's `limit_conn` caps each client behind them (config/nginx-gerbang.conf).
        public var maxConnectionsPerClient: Int
    }

    /// How long sync-log entries and inbox bodies stay in the database before they move to archive files
    /// (docs/operations.md, "Retention"). Ended cases and their history stay whatever their age.
    public struct Retention: Sendable, Codable, Equatable {
        /// Age in days after which an entry or body is archived.
        public var days: Int
        /// Where the monthly JSON-lines files go, relative to the working folder unless absolute.
        public var folder: String
        /// Rows moved per writer job: small, so no job holds the writer for more than a few milliseconds.
        public var batchRows: Int
        /// How often the daemon archives (and once at its start).
        public var everyHours: Int
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
    public var statusPage: StatusPage
    public var security: Security
    public var retention: Retention
    /// The development credentials shared with the mocks may be used for a secret the environment
    /// does not give, but only by a gateway that is not exposed, talking to systems on loopback.
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
            throw SettingsError(file: file, field: nil, message: "is not valid JSON: \(error.located(in: data))")
        }
        value = filled(value, from: laterDefaults)
        value = try overridden(value, path: [], environment: environment, file: file)
        let settings: GatewaySettings
        do {
            settings = try value.decode(GatewaySettings.self)
        } catch let error as DecodingError {
            let (field, problem) = error.explained
            throw SettingsError(file: file, field: field, message: problem)
        } catch {
            throw SettingsError(file: file, field: nil, message: "\(error)")
        }
        try settings.check(file: file)
        return settings
    }

    /// What decoding alone cannot tell: values out of their range, addresses that are not numeric, CA files that are missing.
    func check(file: String) throws(SettingsError) {
        for proxy in security.trustedProxies where !NetworkAddress.isNumeric(proxy) {
            throw SettingsError(file: file, field: "security.trustedProxies",
                                message: "'\(proxy)' is not a numeric address: list each proxy's IPv4 or IPv6 address")
        }
        for network in security.failedAuthentication.exemptNetworks where NetworkAddress.Network(network) == nil {
            throw SettingsError(file: file, field: "security.failedAuthentication.exemptNetworks",
                                message: "'\(network)' is not a network: write an address with its prefix length, as 203.0.113.0/24")
        }
        let ranges: [(String, Int, ClosedRange<Int>)] = [
            ("security.ossTokenSkewMinutes", security.ossTokenSkewMinutes, 0...720),
            ("security.failedAuthentication.limitPerMinute", security.failedAuthentication.limitPerMinute, 1...100_000),
            ("security.failedAuthentication.blockSeconds", security.failedAuthentication.blockSeconds, 1...86_400),
            ("security.maxConnectionsPerClient", security.maxConnectionsPerClient, 1...100_000),
            ("security.siinasFreshnessMinutes", security.siinasFreshnessMinutes, 1...43_200),
            ("statusPage.sessionMinutes", statusPage.sessionMinutes, 1...43_200),
            ("documents.linkDays", documents.linkDays, 1...3_650),
            ("retention.days", retention.days, 1...36_500),
            ("retention.batchRows", retention.batchRows, 1...100_000),
            ("retention.everyHours", retention.everyHours, 1...8_760),
        ]
        let norms = serviceLevels.statutoryByKdIzin.sorted { $0.key < $1.key }.flatMap { kdIzin, norm in
            [("serviceLevels.statutoryByKdIzin.\(kdIzin).technicalEvaluationDays", norm.technicalEvaluationDays),
             ("serviceLevels.statutoryByKdIzin.\(kdIzin).fieldCheckDays", norm.fieldCheckDays)]
                .compactMap { field, days in days.map { (field, $0, 1...365) } }
        }
        let timeouts = serviceLevels.applicantTimeoutWorkingDays.sorted { $0.key < $1.key }.map { sop, days in
            ("serviceLevels.applicantTimeoutWorkingDays.\(sop)", days, 1...365)
        }
        for (field, value, range) in ranges + norms + timeouts where !range.contains(value) {
            throw SettingsError(file: file, field: field, message: "\(value) is out of range: give \(range.lowerBound) to \(range.upperBound)")
        }
        for (field, template) in [("agency.letterNumber", agency.letterNumber), ("agency.permitNumber", agency.permitNumber)] {
            if let problem = RegisterNumber.problem(in: template) { throw SettingsError(file: file, field: field, message: problem) }
        }
        // PIA receiveLicenseStatus and receiveLicense: nip_status, nama_ttd, nip_ttd and jabatan_ttd are mandatory, so the
        // officer named where the acting one has no name and NIP must say something, within OSS's lengths.
        for (field, value, limit) in [("agency.namaPetugas", agency.namaPetugas, 50), ("agency.nipPetugas", agency.nipPetugas, 25),
                                      ("agency.jabatanPetugas", agency.jabatanPetugas, 150)]
        where value.allSatisfy(\.isWhitespace) || value.count > limit {
            throw SettingsError(file: file, field: field, message: "'\(value)' is blank or longer than \(limit) characters: OSS requires it "
                                + "(PIA receiveLicenseStatus, receiveLicense), at most \(limit) characters")
        }
        for level in agency.kewenangan where Agency.levels[level] == nil {
            throw SettingsError(file: file, field: "agency.kewenangan", message: "'\(level)' is not a level of government: give "
                                + Agency.levels.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", "))
        }
        if !listen.publicURL.isEmpty {
            let url = URLComponents(string: listen.publicURL)
            guard let scheme = url?.scheme, ["http", "https"].contains(scheme), url?.host?.isEmpty == false, url?.query == nil else {
                throw SettingsError(file: file, field: "listen.publicURL", message: "'\(listen.publicURL)' is not an http(s) address: give the "
                                    + "address national systems reach the gateway at, such as https://gerbang.example.go.id")
            }
        }
        for name in Systems.names {
            guard let caFile = systems.target(name)?.caFile, !caFile.isEmpty else { continue }
            guard FileManager.default.isReadableFile(atPath: caFile) else {
                throw SettingsError(file: file, field: "systems.\(name).caFile", message: "\(caFile) cannot be read: give a PEM file of the CAs to trust")
            }
        }
    }

    /// Settings added after the first release, with the values a file that predates them gets,
    /// so that an agency's older gerbang.json keeps loading and the environment can still override them.
    static let laterDefaults: JSONValue = [
        "listen": ["publicURL": ""],
        "documents": ["linkDays": 90],
        "polling": ["ossPullMilliseconds": 300_000, "ossPullBatch": 20, "checkpointMilliseconds": 1000, "ossCallsPerMinute": 60,
                    "ossCheckMaxIntervalMinutes": 360, "nibChecksPerMinute": 600],
        "agency": ["jabatanPetugas": "Kepala Dinas", "authority": "technical", "kdDaerah": [], "kewenangan": [],
                   "letterNumber": "{seq}/{kdInstansi}/{bulan}/{yyyy}", "permitNumber": "551/{seq}/INS/{yyyy}"],
        "serviceLevels": ["statutoryByKdIzin": [:], "statutoryEscalateTo": "kadis", "applicantTimeoutWorkingDays": [:]],
        "statusPage": ["openOnLoopback": true, "sessionMinutes": 480],
        "security": ["trustedProxies": [], "ossTokenSkewMinutes": 15, "maxConnectionsPerClient": 128, "siinasFreshnessMinutes": 15,
                     "failedAuthentication": ["limitPerMinute": 20, "blockSeconds": 300, "exemptNetworks": []]],
        "systems": .object(Dictionary(uniqueKeysWithValues: Systems.names.map { ($0, ["caFile": ""] as JSONValue) })),
        "retention": ["days": 400, "folder": "var/archive", "batchRows": 500, "everyHours": 24],
    ]

    /// Every variable that overrides a setting of `file` (one per value in it, with the later defaults);
    /// empty when the file does not read.
    public static func variables(file: String) -> Set<String> {
        guard let data = FileManager.default.contents(atPath: file), let value = try? JSONValue.decode(data) else { return [] }
        var names: Set<String> = []
        func walk(_ value: JSONValue, _ path: [String]) {
            guard let fields = value.object else {
                names.insert(variable(for: path))
                return
            }
            for (key, field) in fields { walk(field, path + [key]) }
        }
        walk(filled(value, from: laterDefaults), [])
        return names
    }

    /// `value` with every field of `defaults` it lacks, at any depth.
    static func filled(_ value: JSONValue, from defaults: JSONValue) -> JSONValue {
        guard var fields = value.object, let defaultFields = defaults.object else { return value }
        for (key, fallback) in defaultFields {
            fields[key] = fields[key].map { filled($0, from: fallback) } ?? fallback
        }
        return .object(fields)
    }

    /// The variable that overrides a setting: ["sla", "escalateTo", "tim-teknis"] → GERBANG_SLA_ESCALATE_TO_TIM_TEKNIS.
    public static func variable(for path: [String]) -> String {
        "GERBANG_" + path.map { component in
            // A capital after a small letter starts a word; a run of capitals is one (publicURL: PUBLIC_URL).
            var words = ""
            var previous: Character?
            for character in component {
                if character.isUppercase, previous?.isLowercase == true || previous?.isNumber == true { words.append("_") }
                words.append(character == "-" || character == "." ? "_" : Character(character.uppercased()))
                previous = character
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
        systemsOffLoopback.isEmpty
    }

    /// The systems whose URL is not on this machine, as "systems.oss.url".
    public var systemsOffLoopback: [String] {
        Systems.names.filter { name in
            guard let url = systems.target(name)?.url, let host = URLComponents(string: url)?.host else { return true }
            return !NetworkAddress.isLoopback(host)
        }.map { "systems.\($0).url" }
    }

    /// The systems called over plain HTTP on another machine: their credentials would cross the network in clear.
    public var systemsOverPlainHTTP: [String] {
        Systems.names.filter { name in
            guard let url = systems.target(name)?.url, let components = URLComponents(string: url), components.scheme == "http" else { return false }
            return !NetworkAddress.isLoopback(components.host ?? "")
        }
    }

    /// Whether the gateway listens on this machine only.
    public var listensOnLoopback: Bool {
        NetworkAddress.isLoopback(listen.host)
    }

    /// Whether others than this machine's users can reach the gateway: it listens on a network
    /// address, or a reverse proxy (listed in security.trustedProxies) brings the network to it.
    public var isExposed: Bool {
        !listensOnLoopback || !security.trustedProxies.isEmpty
    }

    /// Why the public development secrets may not be used with these settings, or nil when they may:
    /// only a gateway that is not exposed and talks to systems on loopback (the mocks) takes them
    /// (DESIGN.md rule 10).
    public var developmentSecretsRefusal: String? {
        var reasons: [String] = []
        if !developmentSecrets { reasons.append("developmentSecrets is off in the settings") }
        if !listensOnLoopback { reasons.append("the gateway listens on \(listen.host), which is not loopback") }
        if !security.trustedProxies.isEmpty { reasons.append("security.trustedProxies lists a reverse proxy, which brings the network to it") }
        let remote = systemsOffLoopback
        if !remote.isEmpty { reasons.append("\(remote.joined(separator: ", ")) \(remote.count == 1 ? "is" : "are") not on loopback") }
        return reasons.isEmpty ? nil : reasons.joined(separator: "; ")
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
