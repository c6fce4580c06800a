import Foundation
import GatewayCore
import GatewayStore
import GatewayTestSupport
import Testing

@Suite struct BenchCommandTests {
    /// A writer killed with SIGKILL mid-run loses none of the transitions it reported committed.
    @Test(.timeLimit(.minutes(1)))
    func committedTransitionsSurviveKillNine() throws {
        let folder = try TemporaryFolder()
        let (process, out, _) = GerbangProcess.make(["bench", "store", "--cases", "5000", "--db", folder.path(), "--print-committed"])
        try process.run()
        var text = ""
        var lines: [Substring] = []
        while lines.count < 400 {
            let chunk = out.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            text += String(decoding: chunk, as: UTF8.self)
            lines = text.split(separator: "\n", omittingEmptySubsequences: true)
            if !text.hasSuffix("\n") { lines.removeLast() }  // a line still being written
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        var reported: [String: Int] = [:]
        for line in lines where line.hasPrefix("committed ") {
            let parts = line.split(separator: " ")
            reported[String(parts[1])] = max(reported[String(parts[1])] ?? 0, Int(parts[2]) ?? 0)
        }
        #expect(reported.values.reduce(0, +) >= 400)

        let store = try CaseStore.open(path: folder.path())
        #expect(try store.db.query("PRAGMA integrity_check") { $0.string(0) } == ["ok"])
        for (id, version) in reported {
            let recovered = try #require(try store.load(id), "case \(id) was reported committed but is gone")
            #expect(recovered.history.count >= version, "case \(id) lost history entries")
            #expect(recovered.history.map(\.sequence) == Array(1...recovered.history.count))
        }
    }

    @Test func theBenchmarkCountsTheTransitionsTheDatabaseHoldsAndPrintsTheirRateAndPercentiles() throws {
        let folder = try TemporaryFolder()
        let output = try GerbangProcess.run(["bench", "store", "--cases", "10", "--db", folder.path()])
        #expect(output.status == 0)
        // What it says it committed is what the file holds, counted by SQLite, not by the benchmark.
        let said = try #require(output.stdout.firstMatch(of: /transitions:\s+(\d+) committed/).flatMap { Int($0.1) })
        let store = try CaseStore.open(path: folder.path())
        #expect(try store.db.query("SELECT count(*) FROM case_history") { $0.int(0) } == [said])
        #expect(try store.db.query("SELECT count(*) FROM cases") { $0.int(0) } == [10])
        #expect(output.stdout.contains(/throughput:\s+\d+ transitions\/s/))
        #expect(output.stdout.contains(/commit:\s+median [\d.]+ ms, p99 [\d.]+ ms/))
    }
}
