import Foundation
import GatewayDemo
import NationalSystems

/// `gerbang chaos`: the demo's cases by the hundred under crashes, a partition and faults, judged by the oracle.
enum ChaosCommand: Command {
    static let name = "chaos"
    static let summary = "many cases under SIGKILLs, a partition and faults, judged from the mocks' journals"
    static let flags: Set<String> = ["--json"]
    static let options: Set<String> = ["--cases", "--kills", "--seed", "--authority", "--speed", "--timeout", "--dir", "--config"]
    static let help = """
        usage: gerbang chaos [--cases N] [--kills K] [--seed S] [--json] [--authority A] [--dir DIR] [--config DIR]

        Starts mock OSS, SIINas and SIPRO and the gateway, each as its own process on
        127.0.0.1, and brings in the demo's seventeen cases again and again in fresh copies
        (every SOP, every branch) while officers decide through the API and applicants act
        in the mocks. Faults touch about a third of the calls (errors, latency, resets, lost
        replies, duplicate and reordered deliveries, repeated feed pages); no mock keeps
        idempotency keys or recognises a repeat (the real OSS has none). The gateway is
        killed with SIGKILL K times, often right after decisions committed, and restarted
        on its database; one national system is stopped (SIGSTOP) for a stretch. The
        oracle then derives from the script what each system must have received and reads
        its journal: per system expected, arrived once, more than once, missing, unplanned,
        refused; and whether every case ended as planned. Exits 0 only when everything
        arrived exactly once (the gateway sent it once: no receiver deduplicated), nothing
        was refused or left as a dead letter, and every case ended as planned. The seed
        reproduces the faults and the kill points.
          --cases N        at least N cases, in whole rounds of seventeen (default 1000)
          --kills K        SIGKILLs of the gateway (default 20)
          --seed S         the faults' and the kills' seed (default 1)
          --authority A    technical (default) or licensing
          --speed HOURS    working hours of the shared clock per real second (default 4)
          --timeout S      give up after S real seconds (default 900)
          --json           print the report as JSON (progress goes to standard error)
          --dir DIR        where to keep the database, the sync log and the processes' logs
        \\(Common.configHelp)

        example: gerbang chaos --cases 150 --kills 5 --seed 3
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        _ = try arguments.positionals(command: name)
        let config = try Common.config(arguments)
        let root = URL(fileURLWithPath: config.path).deletingLastPathComponent().path
        var options = ChaosRun.Options(configFolder: config.path, scenariosFolder: root + "/fixtures/scenarios",
                                       folder: try DemoCommand.folder(arguments.option("--dir")))
        options.cases = Int(try DemoCommand.number(arguments, "--cases", default: 1000, range: 1...20000, command: name))
        options.kills = Int(try DemoCommand.number(arguments, "--kills", default: 20, range: 0...500, command: name))
        options.seed = UInt64(try DemoCommand.number(arguments, "--seed", default: 1, range: 0...Double(UInt32.max), command: name))
        options.workingHoursPerSecond = try DemoCommand.number(arguments, "--speed", default: 4, range: 0.05...200, command: name)
        options.timeoutSeconds = try DemoCommand.number(arguments, "--timeout", default: 900, range: 1...7200, command: name)
        if let authority = try DemoCommand.authority(arguments, command: name) { options.authority = authority }
        let json = arguments.has("--json")
        options.progress = DemoCommand.progressLines(json: json)
        let report = try ChaosRun(options).run()
        if json {
            DemoCommand.printJSON(report, console: console)
        } else {
            console.out(report.text)
        }
        return report.ok ? 0 : 1
    }
}
