import GatewayBenchmarks
import Foundation
import GatewayCore
import GatewayDaemon
import NationalSystems

/// `gerbang bench ingest`: signed receiveNIB pushes, each committed before its reply.
enum BenchIngestCommand: Command {
    static let name = "bench ingest"
    static let summary = "measure inbound pushes committed with dedup before the reply, against a no-op (run with -c release)"
    static let flags: Set<String> = ["--json", "--writer-alone"]
    static let options: Set<String> = ["--connections", "--seconds", "--runs", "--config", "--sustain", "--writer-pushes", "--oss-latency"]
    static let help = """
        usage: gerbang bench ingest [--connections N] [--seconds S] [--runs R] [--writer-pushes P] [--oss-latency MS] [--json]
               gerbang bench ingest --sustain SECONDS [--connections N] [--oss-latency MS] [--json]
               gerbang bench ingest --writer-alone [--writer-pushes P] [--json]

        The production path: starts the three mocks and the gateway on 127.0.0.1, the
        gateway with its services on and a fresh database (WAL, synchronous=FULL), and
        drives it from N keep-alive connections (default 64) for S seconds (default 5):
        first POST /api/noop, which answers at once, then POST /oss/receiveNIB, each push
        with its own NIB and a valid daily Token, so each one is decoded, kept in the inbox
        under its dedup key and opens an Izin Perluasan case with its permit, committed by
        the group-commit writer before the reply; the gateway then asks the OSS mock
        checkNIB about each new NIB (after the answer, within polling.nibChecksPerMinute).
        Prints pushes/s, latency percentiles, the ratio to the no-op, the checks OSS
        answered (its journal) and those still queued, and checks that every answered push
        left a case; then the same with pushes whose permit no routing rule takes (kept
        and logged, no case). R runs (default 3), each with a fresh database; the summary
        gives medians. The first run first hands P pushes (default 20,000) to the writer,
        and reads /api/cases, /api/tasks and the status page on those cases while its
        ingest runs. --oss-latency MS makes the OSS mock answer checkNIB after MS
        milliseconds: OSS slow must not slow its own pushes.
        --sustain runs one ingest of SECONDS instead and prints its rate every ten
        seconds, the last ten against the first ten, resident memory, bytes per push and
        the largest the WAL grew.
        --writer-alone measures the writer by itself: P pushes, already read, handed to it
        at once with the services off and no HTTP, the processor time its thread used a
        push, and the floor: the same rows written as plain prepared inserts through the
        same writer (the same connection settings and checkpoints), whole and without each
        table in turn.
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
        options.ossLatencyMilliseconds = try Common.number(arguments, "--oss-latency", command: name, minimum: 0) ?? 0
        let setting = try Common.benchmarkSetting(arguments, command: name, console: console)
        defer { setting.removeFolder() }
        let (config, template, folder, json, say) = (setting.config, setting.template, setting.folder, setting.json, setting.say)
        let benchmark = IngestBenchmark(options: options, template: template)
        if arguments.has("--writer-alone") {
            say("gerbang bench ingest --writer-alone: \(options.writerPushes) pushes, \(ProcessInfo.processInfo.activeProcessorCount) cores; "
                + "database under \(folder)")
            let result = try benchmark.writerAlone(configFolder: config.path, folder: folder, print: say)
            if json {
                try console.json(JSONValue.object([
                    "writerAlonePerSecond": .number(result.pushesPerSecond), "writerMicrosecondsAPush": .number(result.cpuMicroseconds),
                    "floorPerSecond": .number(result.floor), "writerAloneOverFloor": .number(result.pushesPerSecond / max(1, result.floor)),
                    "floorWithout": .object(result.floorWithout.mapValues(JSONValue.number)),
                ]))
            } else {
                console.out(String(format: "writer alone %.0f pushes/s, %.2f of the floor (%.0f); %.0f µs of the writer's processor a push",
                                   result.pushesPerSecond, result.pushesPerSecond / max(1, result.floor), result.floor, result.cpuMicroseconds))
            }
            return 0
        }
        say("gerbang bench ingest: \(options.runs) runs of \(options.duration) per endpoint, \(options.connections) connections, "
            + "\(ProcessInfo.processInfo.activeProcessorCount) cores, services on and the mocks beside the gateway"
            + (options.ossLatencyMilliseconds > 0 ? ", OSS answering checkNIB after \(options.ossLatencyMilliseconds) ms" : "")
            + "; database under \(folder)")
        if let seconds = try Common.number(arguments, "--sustain", command: name, minimum: 0) {
            let result = try benchmark.sustained(seconds: max(20, seconds), configFolder: config.path, folder: folder, print: say)
            let held = result.lastTen / max(1, result.firstTen)
            let grown = Double(result.residentAtEnd - result.residentAtTen) / 1_048_576
            if json {
                try console.json(JSONValue.object([
                    "firstTenPerSecond": .number(result.firstTen), "lastTenPerSecond": .number(result.lastTen), "lastOverFirst": .number(held),
                    "residentAtTenMB": .number(Double(result.residentAtTen) / 1_048_576), "residentAtEndMB": .number(Double(result.residentAtEnd) / 1_048_576),
                    "bytesPerPush": .number(result.bytesPerPush), "p99Milliseconds": .number(result.ingest.latencyMilliseconds(0.99)),
                    "slowestMilliseconds": .number(result.ingest.latencyMilliseconds(1.0)), "walMB": .number(Double(result.walBytes) / 1_048_576),
                    "boundCheckpoints": .integer(result.boundCheckpoints), "lost": .bool(result.lost),
                ]))
            } else {
                console.out(String(format: "sustained: first 10 s %.0f pushes/s, last 10 s %.0f (%.2f of the first); RSS %.0f MB at 10 s, %.0f MB at the end "
                                   + "(%+.1f MB); %.0f bytes a push (database %.0f MB; the WAL at most %.0f MB, restarted by %d of the writer's "
                                   + "checkpoints); p99 %.1f ms, slowest %.1f ms", result.firstTen,
                                   result.lastTen, held, Double(result.residentAtTen) / 1_048_576, Double(result.residentAtEnd) / 1_048_576, grown,
                                   result.bytesPerPush, Double(result.fileBytes) / 1_048_576, Double(result.walBytes) / 1_048_576,
                                   result.boundCheckpoints, result.ingest.latencyMilliseconds(0.99), result.ingest.latencyMilliseconds(1.0))
                            + (result.lost ? "; FAIL: answered pushes and committed cases differ" : ""))
            }
            return result.lost ? 1 : 0
        }
        let runs = try benchmark.run(configFolder: config.path, folder: folder, print: say)
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        let lost = runs.contains { $0.casesCommitted != $0.ingest.requests - $0.ingest.failedResponses }
        let slowest = median(runs.map { $0.ingest.latencyMilliseconds(1.0) })
        let tail = median(runs.map { $0.ingest.latencyMilliseconds(0.99) / max(0.001, $0.ingest.latencyMilliseconds(0.5)) })
        if json {
            try console.json(JSONValue.object([
                "runs": .integer(runs.count), "connections": .integer(options.connections), "cores": .integer(ProcessInfo.processInfo.activeProcessorCount),
                "ossLatencyMilliseconds": .integer(options.ossLatencyMilliseconds),
                "ingestPerSecond": .number(median(runs.map(\.ingest.requestsPerSecond))),
                "p50Milliseconds": .number(median(runs.map { $0.ingest.latencyMilliseconds(0.5) })),
                "p99Milliseconds": .number(median(runs.map { $0.ingest.latencyMilliseconds(0.99) })),
                "noopPerSecond": .number(median(runs.map(\.noop.requestsPerSecond))), "ratioToNoop": .number(median(runs.map(\.ratio))),
                "keptOnlyPerSecond": .number(median(runs.map(\.keptOnly.requestsPerSecond))), "lost": .bool(lost),
                "checksAnswered": .integer(runs.map(\.checksAnswered).reduce(0, +)), "p99OverP50": .number(tail), "slowestMilliseconds": .number(slowest),
                "reads": .array(runs.first?.reads.map { read in
                    ["path": .string(read.path), "p50Milliseconds": .number(read.p50), "p99Milliseconds": .number(read.p99), "maxMilliseconds": .number(read.max)]
                } ?? []),
            ]))
            return lost ? 1 : 0
        }
        console.out(String(format: "median: ingest %.0f pushes/s (p50 %.2f ms, p99 %.2f ms, p99 %.1f × p50, slowest %.0f ms), no-op %.0f req/s, ratio %.2f; "
                           + "kept only (no case) %.0f pushes/s%@",
                           median(runs.map(\.ingest.requestsPerSecond)), median(runs.map { $0.ingest.latencyMilliseconds(0.5) }),
                           median(runs.map { $0.ingest.latencyMilliseconds(0.99) }), tail, slowest, median(runs.map(\.noop.requestsPerSecond)),
                           median(runs.map(\.ratio)), median(runs.map(\.keptOnly.requestsPerSecond)),
                           lost ? "; FAIL: answered pushes and committed cases differ" : ""))
        return lost ? 1 : 0
    }
}
