import GatewayBenchmarks
import Foundation
import GatewayCore
import GatewayDaemon
import NationalSystems

/// `gerbang bench ingest`: signed receiveNIB pushes, each committed before its reply.
enum BenchIngestCommand: Command {
    static let name = "bench ingest"
    static let summary = "measure inbound pushes committed with dedup before the reply, against a no-op (run with -c release)"
    static let flags: Set<String> = ["--json"]
    static let options: Set<String> = ["--connections", "--seconds", "--runs", "--config", "--sustain", "--writer-pushes"]
    static let help = """
        usage: gerbang bench ingest [--connections N] [--seconds S] [--runs R] [--writer-pushes P] [--json]
               gerbang bench ingest --sustain SECONDS [--connections N] [--json]

        Starts the gateway on 127.0.0.1 with a fresh database (WAL, synchronous=FULL) and
        drives it from N keep-alive connections (default 64) for S seconds (default 5):
        first POST /api/noop, which answers at once, then POST /oss/receiveNIB, each push
        with its own NIB and a valid daily Token, so each one is decoded, kept in the inbox
        under its dedup key and opens an Izin Perluasan case with its permit, committed by
        the group-commit writer before the reply. Prints pushes/s, latency percentiles, the
        ratio to the no-op, and checks that every answered push left a case; then the same
        with pushes whose permit no routing rule takes (kept and logged, no case). R runs
        (default 3), each with a fresh database; the summary gives medians.
        The first run also hands P pushes (default 20,000) to the writer alone, without
        HTTP, and measures the floor: the same rows a push writes, as plain prepared
        inserts through the same group commit; the ingest is printed as ratios of the
        floor, the writer alone and the no-op. While its ingest runs, /api/cases,
        /api/tasks and the status page are read one after another on those cases.
        --sustain runs one ingest of SECONDS instead and prints its rate every ten
        seconds, the last ten against the first ten, resident memory and bytes per push.
        Build in release mode for figures worth quoting.
        \(Common.configHelp)

        example: swift build -c release && .build/release/gerbang bench ingest
        """

    static func run(_ arguments: Arguments, console: Console) throws -> Int32 {
        _ = try arguments.positionals(command: name)
        var options = IngestBenchmark.Options()
        options.connections = try Common.number(arguments, "--connections", command: name, minimum: 0) ?? options.connections
        options.duration = .seconds(try Common.number(arguments, "--seconds", command: name, minimum: 0) ?? 5)
        options.runs = max(1, try Common.number(arguments, "--runs", command: name, minimum: 0) ?? options.runs)
        options.writerPushes = max(100, try Common.number(arguments, "--writer-pushes", command: name, minimum: 0) ?? options.writerPushes)
        let setting = try Common.benchmarkSetting(arguments, command: name, console: console)
        defer { setting.removeFolder() }
        let (config, template, folder, json, say) = (setting.config, setting.template, setting.folder, setting.json, setting.say)
        say("gerbang bench ingest: \(options.runs) runs of \(options.duration) per endpoint, \(options.connections) connections, "
            + "\(ProcessInfo.processInfo.activeProcessorCount) cores; database under \(folder)")
        if let seconds = try Common.number(arguments, "--sustain", command: name, minimum: 0) {
            let result = try IngestBenchmark(options: options, template: template).sustained(seconds: max(20, seconds), configFolder: config.path,
                                                                                            folder: folder, print: say)
            let held = result.lastTen / max(1, result.firstTen)
            let grown = Double(result.residentAtEnd - result.residentAtTen) / 1_048_576
            if json {
                try console.json(JSONValue.object([
                    "firstTenPerSecond": .number(result.firstTen), "lastTenPerSecond": .number(result.lastTen), "lastOverFirst": .number(held),
                    "residentAtTenMB": .number(Double(result.residentAtTen) / 1_048_576), "residentAtEndMB": .number(Double(result.residentAtEnd) / 1_048_576),
                    "bytesPerPush": .number(result.bytesPerPush), "p99Milliseconds": .number(result.ingest.latencyMilliseconds(0.99)),
                    "lost": .bool(result.lost),
                ]))
            } else {
                console.out(String(format: "sustained: first 10 s %.0f pushes/s, last 10 s %.0f (%.2f of the first); RSS %.0f MB at 10 s, %.0f MB at the end "
                                   + "(%+.1f MB); %.0f bytes a push (database %.0f MB, WAL %.0f MB); p99 %.1f ms, slowest %.1f ms", result.firstTen,
                                   result.lastTen, held, Double(result.residentAtTen) / 1_048_576, Double(result.residentAtEnd) / 1_048_576, grown,
                                   result.bytesPerPush, Double(result.fileBytes) / 1_048_576, Double(result.walBytes) / 1_048_576,
                                   result.ingest.latencyMilliseconds(0.99), result.ingest.latencyMilliseconds(1.0))
                            + (result.lost ? "; FAIL: answered pushes and committed cases differ" : ""))
            }
            return result.lost ? 1 : 0
        }
        let runs = try IngestBenchmark(options: options, template: template).run(configFolder: config.path, folder: folder, print: say)
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        let lost = runs.contains { $0.casesCommitted != $0.ingest.requests - $0.ingest.failedResponses }
        let floor = runs.compactMap(\.floor).first ?? 0
        let writerAlone = runs.compactMap(\.writerAlone).first ?? 0
        let ingest = median(runs.map(\.ingest.requestsPerSecond))
        let slowest = median(runs.map { $0.ingest.latencyMilliseconds(1.0) })
        let tail = median(runs.map { $0.ingest.latencyMilliseconds(0.99) / max(0.001, $0.ingest.latencyMilliseconds(0.5)) })
        if json {
            try console.json(JSONValue.object([
                "runs": .integer(runs.count), "connections": .integer(options.connections), "cores": .integer(ProcessInfo.processInfo.activeProcessorCount),
                "ingestPerSecond": .number(median(runs.map(\.ingest.requestsPerSecond))),
                "p50Milliseconds": .number(median(runs.map { $0.ingest.latencyMilliseconds(0.5) })),
                "p99Milliseconds": .number(median(runs.map { $0.ingest.latencyMilliseconds(0.99) })),
                "noopPerSecond": .number(median(runs.map(\.noop.requestsPerSecond))), "ratioToNoop": .number(median(runs.map(\.ratio))),
                "keptOnlyPerSecond": .number(median(runs.map(\.keptOnly.requestsPerSecond))),
                "writerAlonePerSecond": runs.compactMap(\.writerAlone).first.map(JSONValue.number) ?? .null, "lost": .bool(lost),
                "floorPerSecond": .number(floor), "writerAloneOverFloor": .number(writerAlone / max(1, floor)),
                "ingestOverWriterAlone": .number(ingest / max(1, writerAlone)), "p99OverP50": .number(tail), "slowestMilliseconds": .number(slowest),
                "reads": .array(runs.first?.reads.map { read in
                    ["path": .string(read.path), "p50Milliseconds": .number(read.p50), "p99Milliseconds": .number(read.p99), "maxMilliseconds": .number(read.max)]
                } ?? []),
            ]))
            return lost ? 1 : 0
        }
        console.out(String(format: "floor %.0f pushes/s; writer alone %.0f (%.2f of the floor); ingest %.2f of the writer alone; "
                           + "p99 %.1f × p50, slowest push %.0f ms", floor, writerAlone, writerAlone / max(1, floor), ingest / max(1, writerAlone),
                           tail, slowest))
        console.out(String(format: "median: ingest %.0f pushes/s (p50 %.2f ms, p99 %.2f ms), no-op %.0f req/s, ratio %.2f; "
                           + "kept only (no case) %.0f pushes/s%@",
                           median(runs.map(\.ingest.requestsPerSecond)), median(runs.map { $0.ingest.latencyMilliseconds(0.5) }),
                           median(runs.map { $0.ingest.latencyMilliseconds(0.99) }), median(runs.map(\.noop.requestsPerSecond)),
                           median(runs.map(\.ratio)), median(runs.map(\.keptOnly.requestsPerSecond)),
                           lost ? "; FAIL: answered pushes and committed cases differ" : ""))
        return lost ? 1 : 0
    }
}
