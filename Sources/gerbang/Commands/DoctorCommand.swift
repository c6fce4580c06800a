import Foundation
import GatewayCore
import GatewayDaemon
import GatewayHTTP
import GatewayStore
import NationalSystems

/// `gerbang doctor`: checks what the gateway needs, one line each, and says what to fix.
enum DoctorCommand: Command {
    struct Check: Encodable {
        enum Verdict: String, Encodable {
            case ok, warning, failed
        }

        let name: String
        let verdict: Verdict
        let detail: String
    }

    static let name = "doctor"
    static let summary = "check the configuration, SOPs, calendar, database and whether each national system answers"
    static let flags: Set<String> = ["--json"]
    static let options: Set<String> = ["--config"]
    static let help = """
        usage: gerbang doctor [--config FILE] [--json]

        Checks, one line each: gerbang.json with the environment's overrides, the secrets
        (where each comes from, never its value; development secrets on an exposed gateway
        fail), the exposure (a gateway off loopback with no trusted proxy, a system over
        plain HTTP on another machine: warnings), the SOP definitions, the routing rules,
        the work calendar (and whether it has the holidays of this year and the next),
        the database (opens, schema version, integrity, writable), each national system
        proven with one authenticated, harmless call made with the configured address, CA
        and credentials (OSS: checkLicenseStatus of a permit the database holds, or of a
        dummy one; SIINas and SIPRO: a read of the feed the pollers read; DPMPTSP: its
        letter box's listing), where a refused credential (401, 403) or a wrong path (404)
        fails; GERBANG_* variables nothing reads (with the closest known name); the last
        SIGHUP reload's outcome; whether a gateway answers at the listen address, and
        which process holds the database.
        Exits 1 if a check failed; warnings do not fail.
          --config FILE  gerbang.json, or the folder holding it
        \(Common.jsonHelp)

        example: gerbang doctor --config /etc/gerbang/gerbang.json
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        _ = try arguments.positionals(command: name)
        let checks = self.checks(configFile: try ServeCommand.configFile(arguments), now: Date())
        if arguments.has("--json") {
            try console.json(checks)
        } else {
            let rows = checks.map { [$0.verdict.rawValue.uppercased(), $0.name, $0.detail] }
            for line in TextTable.render(header: ["", "CHECK", "DETAIL"], rows: rows, rightAligned: []) {
                console.out(line.hasPrefix("FAILED") || line.hasPrefix("WARNING") ? console.painted(line, [("FAILED", .red), ("WARNING", .yellow)]) : line)
            }
        }
        return checks.contains { $0.verdict == .failed } ? 1 : 0
    }

    static func checks(configFile: String, now: Date, environment: [String: String] = ProcessInfo.processInfo.environment) -> [Check] {
        var checks: [Check] = []
        func record(_ name: String, _ body: () throws -> (Check.Verdict, String)) {
            do {
                let (verdict, detail) = try body()
                checks.append(Check(name: name, verdict: verdict, detail: detail))
            } catch {
                checks.append(Check(name: name, verdict: .failed, detail: "\(error)"))
            }
        }
        let folder = URL(fileURLWithPath: configFile).deletingLastPathComponent().path
        let directory = ConfigDirectory(path: folder)
        var settings: GatewaySettings?
        record("settings") {
            settings = try GatewaySettings.load(file: configFile, environment: environment)
            return (.ok, "\(configFile), listening on \(settings!.listen.host):\(settings!.listen.port)")
        }
        var definitions: [ProcessDefinition] = []
        record("SOP definitions") {
            definitions = try directory.loadDefinitions()
            return (.ok, "\(definitions.count) SOPs: \(definitions.map(\.id).joined(separator: ", "))")
        }
        var routing: RoutingRules?
        record("routing rules") {
            let rules = try RoutingRules.load(file: "\(folder)/routing.json", definitions: definitions)
            routing = rules
            return (.ok, "\(rules.open.count) open rules, \(rules.outbound.count) outbound operations")
        }
        record("OSS permit codes") {
            guard let rules = routing else { return (.warning, "no routing rules to check") }
            guard let codes = try OSSReferenceFile.load(kode: "8", configFolder: folder) else {
                return (.warning, "OSS's permit codes were never fetched: 'gerbang oss referensi' saves them (getDataReferensi kode 8) "
                    + "to check the kd_izin routing.json routes")
            }
            let unknown = codes.unknownPermitCodes(in: rules)
            return unknown.isEmpty ? (.ok, "every kd_izin routed is among the \(codes.rows.count) OSS listed on \(codes.fetchedAt)")
                : (.warning, "routing.json routes kd_izin \(unknown.joined(separator: ", ")), which OSS did not list on \(codes.fetchedAt) "
                    + "(config/referensi/kode-8.json): a permit with it will never come; check the code, or fetch the list again")
        }
        record("work calendar") {
            let calendar = try directory.loadCalendar()
            let (verdict, detail) = CalendarCoverage(calendar: calendar, now: now).verdict
            return (verdict ? .ok : .failed, detail + (verdict ? "" : " (gerbang calendar import FILE, then reload the gateway)"))
        }
        guard let settings else { return checks }
        record("region") {
            let regions = settings.agency.kdDaerah
            guard !regions.isEmpty else {
                return (.warning, "agency.kdDaerah is empty: the gateway takes permits of every region; give the agency's own "
                    + "(Permendagri 72/2019 codes: \"61\" a province, \"6171\" a city)")
            }
            return (.ok, "permits located in \(regions.joined(separator: ", ")) (agency.kdDaerah)")
        }
        record("level of government") {
            let levels = settings.agency.kewenangan
            guard !levels.isEmpty else {
                return (.warning, "agency.kewenangan is empty: the gateway takes permits of every level of government; give the agency's "
                    + "own (02 for a kabupaten's or kota's Dinas, 01 for a province's)")
            }
            let named = levels.map { "\($0) (\(GatewaySettings.Agency.levels[$0] ?? "?"))" }
            return (.ok, "permits of kewenangan \(named.joined(separator: ", ")) (agency.kewenangan)")
        }
        record("SOP provenance") {
            // One gateway speaks to OSS as one agency (its kd_instansi, user_key and authority): SOPs written by
            // others are samples, as the shipped five are (README, docs/sop-definitions.md).
            let agencies = Set(definitions.map(\.agency)).sorted()
            guard agencies.count > 1 else { return (.ok, "the SOPs of \(agencies.first ?? "no agency")") }
            return (.warning, "config/sop holds SOPs written by \(agencies.count) agencies (\(agencies.joined(separator: "; "))), but the gateway "
                + "speaks for one, \(settings.agency.nama) (kd_instansi \(settings.agency.kdInstansi)): keep that agency's SOPs and their routing "
                + "rules; another agency runs its own gateway")
        }
        record("secrets") {
            let roles = definitions.flatMap { $0.officerRoles }
            let secrets = try Secrets.resolve(settings: settings, roles: roles)
            let development = secrets.sources.filter { $0.value == Secrets.developmentSource }.keys.sorted()
            return development.isEmpty ? (.ok, secrets.summary)
                : (.warning, "development secrets for \(development.joined(separator: ", ")): fine with the mocks, not for production")
        }
        record("exposure") {
            guard settings.isExposed else {
                return (.ok, "listening on loopback (\(settings.listen.host)) with no proxy"
                    + (settings.statusPage.openOnLoopback ? "; the pages are open to this machine's users (statusPage.openOnLoopback)" : ""))
            }
            guard !settings.security.trustedProxies.isEmpty else {
                return (.warning, "listening on \(settings.listen.host) with no security.trustedProxies: put the gateway behind the TLS proxy "
                    + "of config/nginx-gerbang.conf, list its address, and listen on 127.0.0.1 if the proxy is on this machine")
            }
            guard !settings.listen.publicURL.isEmpty else {
                return (.warning, "behind the proxy \(settings.security.trustedProxies.joined(separator: ", ")) with no listen.publicURL: the links to "
                    + "the documents sent to OSS (file_lampiran) would name the listen address, which OSS cannot reach; give the proxy's https address")
            }
            return (.ok, "listening on \(settings.listen.host) behind the proxy \(settings.security.trustedProxies.joined(separator: ", ")) at "
                + "\(settings.listen.publicURL); every page needs a login")
        }
        for name in settings.systemsOverPlainHTTP {
            checks.append(Check(name: "TLS \(name)", verdict: .warning, detail: "\(settings.systems.target(name)?.url ?? "") is plain HTTP off this "
                                + "machine: its credentials and the applicants' data travel unencrypted; use https://"))
        }
        record("database") {
            let path = settings.database
            guard FileManager.default.fileExists(atPath: path) else {
                return (.warning, "\(path) does not exist yet: 'gerbang serve' creates it")
            }
            let database = try GatewayDatabase.openForReading(path: path)
            let integrity = try database.connection.firstText("PRAGMA quick_check") ?? "?"
            guard integrity == "ok" else { return (.failed, "\(path): quick_check says \(integrity): restore the last backup") }
            guard FileManager.default.isWritableFile(atPath: path) else { return (.failed, "\(path) is not writable by this user") }
            let version = try Migrator.appliedVersions(database.connection).max() ?? 0
            return (.ok, "\(path), schema v\(version), integrity ok")
        }
        record("file modes") {
            // What the database, its WAL and its archives hold is for the gateway's user alone (docs/security.md).
            let folder = (settings.database as NSString).deletingLastPathComponent
            let archives = (try? FileManager.default.contentsOfDirectory(atPath: settings.retention.folder))?
                .map { (settings.retention.folder as NSString).appendingPathComponent($0) } ?? []
            let open = ([settings.database, settings.database + "-wal", settings.database + "-shm"] + archives)
                .compactMap { path -> String? in
                    guard let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int,
                          PrivateFile.isTooOpen(mode) else { return nil }
                    return "\(path) is \(String(mode, radix: 8))"
                }
            return open.isEmpty ? (.ok, "the database and archives under \(folder.isEmpty ? "." : folder) are 0640 or closer")
                : (.warning, open.joined(separator: "; ") + ": others may read what applicants wrote; chmod 600 them "
                   + "(the unit's UMask=0077 keeps new files so)")
        }
        var knownPermit: String?
        if FileManager.default.fileExists(atPath: settings.database) {
            knownPermit = try? GatewayDatabase.openForReading(path: settings.database).permits.page(limit: 1).items.first?.commitments.idIzin
        }
        if let secrets = try? Secrets.resolve(settings: settings, roles: definitions.flatMap { $0.officerRoles }) {
            for name in GatewaySettings.Systems.names {
                record("system \(name)") {
                    let result = SystemProbe.probe(name, settings: settings, secrets: secrets, knownPermit: knownPermit)
                    return (result.passed ? .ok : .failed, result.detail)
                }
            }
        }
        record("environment") {
            let unknown = EnvironmentCheck.unknown(in: environment, settingsFile: configFile)
            return unknown.isEmpty ? (.ok, "every GERBANG_* variable set is one gerbang reads")
                : (.warning, unknown.map(\.description).joined(separator: "; "))
        }
        record("last reload") {
            guard FileManager.default.fileExists(atPath: settings.database),
                  let last = try GatewayDatabase.openForReading(path: settings.database).syncLog
                    .list(.init(system: "gateway", method: "config.reload", limit: 1)).last else {
                return (.ok, "no SIGHUP reload since the database was made")
            }
            let when = JakartaTime.iso(last.at)
            return last.outcome == "refused" ? (.warning, "the reload at \(when) was refused (\(last.error ?? "")): fix the file and reload again")
                : (.ok, "reloaded at \(when)" + (last.error.map { " (\($0))" } ?? ""))
        }
        var client = ClientConfiguration()
        client.timeout = .seconds(5)
        client.connectTimeout = .seconds(3)
        let http = HTTPClient(configuration: client)
        record("gateway") {
            let host = DaemonClient.reachableHost(settings.listen.host)
            let url = "http://\(host):\(settings.listen.port)/api/ping"
            let holder = InstanceLock.holder(of: settings.database)
            let holds = holder.map { "; pid \($0) holds \(settings.database)" } ?? "; no gateway holds \(settings.database)"
            guard (try? http.send(ClientRequest(url: url)))?.status.code == 200 else {
                return (.warning, "no gateway answers at \(url)\(holds): start it with 'gerbang serve'")
            }
            return (.ok, "running at http://\(host):\(settings.listen.port)\(holds)")
        }
        return checks
    }
}
