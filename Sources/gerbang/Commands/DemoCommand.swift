import Foundation
import GatewayDaemon
import GatewayDemo
import NationalSystems

/// `gerbang demo`: the gateway with the three mocks, every SOP end to end over HTTP, checked.
enum DemoCommand: Command {
    static let name = "demo"
    static let summary = "run the gateway and the mocks on loopback through all five SOPs, with faults, and check the result"
    static let flags: Set<String> = ["--json", "--no-faults", "--keep-running"]
    static let options: Set<String> = ["--dir", "--config", "--speed", "--seed", "--timeout", "--authority", "--officers"]
    static let help = """
        usage: gerbang demo [--json] [--no-faults] [--keep-running] [--authority A] [--officers api|browser] [--speed HOURS] [--seed N] [--dir DIR] [--config DIR]

        Starts mock OSS, SIINas and SIPRO and the gateway on 127.0.0.1 with a fresh
        database, loads the scenarios of all five SOPs (seventeen cases), and lets
        simulated officers decide through the gateway's API while applicants act in the
        national systems. Faults are on: errors, latency, lost replies and duplicate
        deliveries. The clock starts on Thursday 17 December 2026, 08:00 in Jakarta, and
        runs fast, so time standards are met, missed and escalated within the run.
        Shows each case as it moves, then a summary checked against the mocks' journals:
        each system received, by content, exactly what the cases' paths through their
        SOPs imply, once each; no duplicate delivery opened a case; every case ended as
        the script planned. Exits 0 only then.
          --json           print the summary as JSON (progress goes to standard error)
          --no-faults      the mocks answer every request faithfully
          --keep-running   after the summary, leave the mocks and the gateway running and
                           print the status page's URL; SIGINT or SIGTERM stops them
          --authority A    technical (default: a Dinas teknis, telling OSS 45, 93, 12) or
                           licensing (a DPMPTSP, issuing permits with 49 and 50, 52, 90)
          --officers WAY   api (default: the officers decide through the gateway's API) or
                           browser (they log in at /masuk and decide on the desk's pages,
                           /meja: upload, check, send, as a person would)
          --speed HOURS    working hours of demo clock per real second (default 4)
          --seed N         the faults' and the officers' seed (default 7)
          --timeout S      give up after S real seconds (default 180)
          --dir DIR        where to keep the database and the sync log (default: a new temporary folder)
        \(Common.configHelp)

        example: gerbang demo --json | jq .deliveries
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        _ = try arguments.positionals(command: name)
        let config = try Common.config(arguments)
        let root = URL(fileURLWithPath: config.path).deletingLastPathComponent().path
        var options = DemoRun.Options(configFolder: config.path, scenariosFolder: root + "/fixtures/scenarios",
                                      folder: try folder(arguments.option("--dir")))
        options.faults = !arguments.has("--no-faults")
        options.workingHoursPerSecond = try number(arguments, "--speed", default: 4, range: 0.05...200)
        options.seed = UInt64(try number(arguments, "--seed", default: 7, range: 0...Double(UInt32.max)))
        options.timeoutSeconds = try number(arguments, "--timeout", default: 180, range: 1...3600)
        if let authority = try authority(arguments) { options.authority = authority }
        switch arguments.option("--officers") {
        case nil, "api": break
        case "browser": options.officersInBrowser = true
        case let other?: throw UsageError(command: name, message: "--officers is api or browser, not '\(other)'")
        }
        let json = arguments.has("--json")
        let progress = progressLines(json: json)
        options.progress = progress
        if arguments.has("--keep-running") {
            options.whileRunning = { summary, url in
                show(summary, json: json, console: console)
                // On standard error with --json, so standard output stays one JSON document.
                progress("status page: \(url)/ (the mocks and the gateway keep running; Ctrl-C stops them)")
                _ = ShutdownSignal.wait()
            }
        }
        let summary = try DemoRun(options).run()
        if !arguments.has("--keep-running") { show(summary, json: json, console: console) }
        return summary.ok ? 0 : 1
    }

    private static func show(_ summary: DemoSummary, json: Bool, console: Console) {
        if json {
            printJSON(summary, console: console)
        } else {
            console.out(summary.text)
        }
        fflush(nil)  // with --keep-running the process waits next: what it printed must reach a pipe now
    }

    /// --authority: technical or licensing; nil when not given.
    static func authority(_ arguments: Arguments, command: String = name) throws -> OSSAuthority? {
        guard let given = arguments.option("--authority") else { return nil }
        guard let authority = OSSAuthority(rawValue: given) else {
            throw UsageError(command: command, message: "--authority is technical or licensing, not '\(given)'")
        }
        return authority
    }

    /// Where a run's progress lines go, unbuffered so they show as cases move: standard error when
    /// standard output carries the JSON.
    static func progressLines(json: Bool) -> @Sendable (String) -> Void {
        let progress = json ? FileHandle.standardError : FileHandle.standardOutput
        return { line in progress.write(Data((line + "\n").utf8)) }
    }

    /// A report as pretty JSON on standard output.
    static func printJSON(_ value: some Encodable, console: Console) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        console.out(String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self))
    }

    /// A number option within its range, or a usage error of `command` naming it.
    static func number(_ arguments: Arguments, _ option: String, default value: Double, range: ClosedRange<Double>,
                       command: String = name) throws -> Double {
        guard let text = arguments.option(option) else { return value }
        guard let number = Double(text), range.contains(number) else {
            throw UsageError(command: command, message: "\(option) is a number from \(DemoNumber.text(range.lowerBound)) to \(DemoNumber.text(range.upperBound)), not '\(text)'")
        }
        return number
    }

    /// The given folder (it must not hold a database yet), or a new temporary one.
    static func folder(_ given: String?) throws -> String {
        if let given {
            guard !FileManager.default.fileExists(atPath: given + "/gerbang.sqlite") else {
                throw FailureError(message: "\(given)/gerbang.sqlite already exists: a run starts from a fresh database, so name a new folder")
            }
            return given
        }
        return FileManager.default.temporaryDirectory.appendingPathComponent("gerbang-demo-\(UUID().uuidString.prefix(8))").path
    }
}

private enum DemoNumber {
    static func text(_ value: Double) -> String { value.rounded() == value ? String(Int(value)) : String(value) }
}
