import Foundation
import GatewayCore
import Testing
@testable import GatewayDaemon

/// What the daemon tells its operator: readable lines, or JSON objects for a collector.
@Suite struct OperatorLogTests {
    struct FixedTime: TimeSource {
        func now() -> Date { Date(timeIntervalSince1970: 1_797_469_200) }  // 17 December 2026, 08:00 in Jakarta
    }

    @Test func textLinesNameTheProgramAndAnyLevelAboveInfo() {
        let log = OperatorLog(format: .text, clock: FixedTime()) { _ in }
        #expect(log.line(.info, "ready gateway http://127.0.0.1:8080") == "gerbang: ready gateway http://127.0.0.1:8080")
        #expect(log.line(.warning, "work calendar: 2027 has no SKB list") == "gerbang: warning: work calendar: 2027 has no SKB list")
    }

    @Test func jsonLinesCarryTimeLevelMessageAndFields() throws {
        let log = OperatorLog(format: .json, clock: FixedTime()) { _ in }
        let line = try JSONValue.decode(Array(log.line(.error, "SIGHUP: reload refused", ["file": "config/routing.json"]).utf8))
        #expect(line == ["time": "2026-12-17T08:00:00+07:00", "level": "error", "message": "SIGHUP: reload refused", "file": "config/routing.json"])
    }

    @Test func aGatewayMessageKeepsItsTextConstantAndItsMetadataApartInJSONAndAfterItInText() throws {
        let lines = Locked<[String]>([])
        let message = OperatorMessage(.error, "dispatch: cannot read the outbox", ["service": "dispatch-oss", "error": "disk I/O error"])
        OperatorLog(format: .text, clock: FixedTime()) { line in lines.withLock { $0.append(line) } }(message)
        OperatorLog(format: .json, clock: FixedTime()) { line in lines.withLock { $0.append(line) } }(message)
        let (text, json) = lines.withLock { ($0[0], $0[1]) }
        #expect(text == "gerbang: error: dispatch: cannot read the outbox error=disk I/O error service=dispatch-oss")
        #expect(try JSONValue.decode(Array(json.utf8)) == ["time": "2026-12-17T08:00:00+07:00", "level": "error", "message": "dispatch: cannot read the outbox",
                                                         "service": "dispatch-oss", "error": "disk I/O error"])
    }
}
