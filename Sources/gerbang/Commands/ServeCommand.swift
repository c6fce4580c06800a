import Foundation
import GatewayCore
import GatewayDaemon
import GatewayDemo

/// `gerbang serve`: the gateway daemon.
enum ServeCommand: Command {
    static let name = "serve"
    static let summary = "run the gateway: inbound endpoints, officer API, outbox, pollers, SLA sweeper"
    static let options: Set<String> = ["--config", "--log-format"]
    static let help = """
        usage: gerbang serve [--config FILE] [--log-format text|json]

        Runs the gateway with config/gerbang.json (its defaults point at the mocks on
        127.0.0.1:8701-8703 and keep the database in var/gerbang.sqlite) and the SOPs,
        calendar and routing.json beside it. Standard output carries the sync log alone,
        as JSON lines (syncLog.stdout); what the operator should know goes to standard
        error: where the secrets came from, warnings (an unknown GERBANG_* variable, with
        the closest known name; a calendar running out), 'ready gateway <url>' once it
        accepts connections, reloads and the stop.

        Signals: SIGINT or SIGTERM stop accepting, finish the requests and deliveries under
        way (at most 10 seconds; what is left stays in the outbox) and exit 0. SIGHUP
        reloads the SOPs, the calendar, routing.json and the settings that need no restart
        (service levels, escalation, documents, agency, the status page's sessions, the
        OSS Token's skew, the failed-authentication limit); a file that does not load is
        refused with the reason and the running configuration stays. The listen address,
        trusted proxies, database, national systems, polling and secrets need a restart. Only one gateway
        runs on a database: a second one refuses to start.
          --config FILE   gerbang.json, or the folder holding it (default: GERBANG_CONFIG,
                          else config/gerbang.json)
          --log-format F  text (default): 'gerbang: …' lines; json: one object a line with
                          time, level (info, warning, error) and message, for a log collector

        Every setting can be overridden by an environment variable named after its path,
        e.g. GERBANG_LISTEN_PORT=8081, GERBANG_SYSTEMS_OSS_URL=https://…. Secrets come from
        the environment or files only: GERBANG_OSS_USER_KEY, GERBANG_OSS_USERNAME,
        GERBANG_OSS_PASSWORD, GERBANG_SIINAS_TOKEN, GERBANG_SIINAS_SIGNING_SECRET,
        GERBANG_SIPRO_KEY, GERBANG_ROLE_TOKENS (each also as …_FILE naming a file).
        Without them the public development secrets are used, but only by a gateway on
        loopback with no proxy in front, talking to systems on loopback (the mocks);
        anywhere else the start exits 1 naming each variable to set (docs/security.md).

        example: gerbang mock all --agency-url http://127.0.0.1:8080 & gerbang serve
        """

    /// Seconds SIGTERM gives requests and deliveries under way (systemd's TimeoutStopSec is longer).
    static let grace = 10

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        let format = arguments.option("--log-format") ?? "text"
        guard let logFormat = OperatorLog.Format(rawValue: format) else {
            throw UsageError(command: name, message: "--log-format is text or json, not '\(format)'")
        }
        let log = OperatorLog(format: logFormat)
        let file = try configFile(arguments)
        let environment = ProcessInfo.processInfo.environment
        for unknown in EnvironmentCheck.unknown(in: environment, settingsFile: file) { log(.warning, unknown.description) }
        let configuration = try GatewayConfiguration.load(file: file, environment: environment)
        var options = Gateway.Options()
        // What the running gateway reports on its own: failures of its services and their recovery.
        options.operatorLog = { message in log(message) }
        if let clock = try AcceleratedClock.fromEnvironment(environment, calendar: configuration.calendar) {
            // A chaos run's shared clock: never on a gateway others can reach, whose deadlines are the law's.
            guard !configuration.settings.isExposed else {
                log(.error, "\(AcceleratedClock.environmentVariable) is for development on loopback only: unset it")
                return 1
            }
            options.clock = clock
        }
        let gateway = try Gateway(configuration: configuration, options: options)
        try gateway.start()
        log(.info, "secrets: \(configuration.secrets.summary)")
        warnOfCalendar(configuration.calendar) { log(.warning, $0) }
        log(.info, "ready gateway \(gateway.url)", ["url": gateway.url])
        let signal = ShutdownSignal.wait(reload: {
            do {
                try gateway.reopenLogs()
            } catch {
                log(.error, "SIGHUP: the sync log file could not be opened again, lines keep going to the old one: \(error)")
            }
            do {
                let restartNeeded = try gateway.reload()
                let reloaded = gateway.runtime.configuration
                log(.info, "SIGHUP: reloaded \(reloaded.definitions.count) SOPs, the calendar, routing and settings from \(reloaded.folder)")
                if !restartNeeded.isEmpty {
                    log(.warning, "SIGHUP: \(restartNeeded.joined(separator: ", ")) changed in gerbang.json but take effect only at a restart")
                }
                warnOfCalendar(reloaded.calendar) { log(.warning, $0) }
            } catch {
                log(.error, "SIGHUP: reload refused, keeping the running configuration: \(error)")
            }
        })
        log(.info, "signal \(signal): stopping after the requests and deliveries under way (at most \(grace) seconds)")
        gateway.stop(grace: .seconds(grace))
        log(.info, "stopped")
        return 0
    }

    /// Deadlines beyond the known holidays are provisional: an operator hears of it at every start.
    static func warnOfCalendar(_ calendar: WorkCalendar, warn: (String) -> Void) {
        let (enough, detail) = CalendarCoverage(calendar: calendar, now: Date()).verdict
        if !enough { warn("work calendar: \(detail): gerbang calendar import FILE, then reload") }
    }

    /// --config as a file or as the folder holding gerbang.json.
    static func configFile(_ arguments: Arguments) throws -> String {
        let file = try GatewayConfiguration.locateFile(explicit: arguments.option("--config"))
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), isDirectory.boolValue {
            return file + "/gerbang.json"
        }
        return file
    }
}
