import Foundation
import GatewayCore
import Testing
@testable import GatewayStore

@Suite struct NIBCheckStoreTests {
    let now = Date(timeIntervalSince1970: 1_797_814_800)

    @Test func checksAreAskedInTheOrderQueuedOnceEachAndGoneWhenApplied() throws {
        let checks = try GatewayDatabaseFixture().database.nibChecks
        for (offset, nib) in ["812003", "812001", "812002", "812001"].enumerated() { try checks.queue(nib, at: now + Double(offset)) }
        #expect(try checks.due(limit: 10).map(\.nib) == ["812003", "812001", "812002"])  // queued order, the repeat ignored
        #expect(try checks.due(limit: 1).first == .init(nib: "812003", queuedAt: now))
        try checks.remove("812001")
        #expect(try checks.due(limit: 10).map(\.nib) == ["812003", "812002"])
        #expect(try checks.backlog() == (2, now))
    }

    @Test func aCaseWaitsOnlyForTheCheckOfItsOwnPermitsNIB() throws {
        let database = try GatewayDatabaseFixture().database
        try database.permits.add(PermitCommitments(idIzin: "I-1", nib: "812001", kinds: [], at: now), kdIzin: nil, namaIzin: nil, sop: nil,
                                 caseID: "IP-1", at: now)
        try database.nibChecks.queue("812001", at: now)
        #expect(try database.nibChecks.awaited(byCase: "IP-1", reference: "I-1") == "812001")
        #expect(try database.nibChecks.awaited(byCase: "IP-2", reference: "I-1") == nil)  // another case's permit
        #expect(try database.nibChecks.awaited(byCase: "SIPRO-1", reference: nil) == nil)
        try database.nibChecks.remove("812001")
        #expect(try database.nibChecks.awaited(byCase: "IP-1", reference: "I-1") == nil)
    }
}
