import Foundation
import GatewayCore
import Testing
@testable import GatewayStore

/// The stores' fast encoder writes what JSONEncoder (milliseconds, sorted keys) writes, for every type they keep.
@Suite struct TreeEncoderTests {
    func expectSameText<T: Encodable>(_ value: T) throws {
        let expected = String(decoding: try StoreCoding.encoder().encode(value), as: UTF8.self)
        #expect(try TreeEncoder.text(value) == expected)
    }

    /// A case run through its whole SOP: every kind of history entry, actor and position.
    func decidedCase() throws -> [Transition] {
        let engine = StoreFixtures.engine
        var time = StoreFixtures.monday
        var transitions = [engine.open(caseID: "k-1", reference: "NIB \"8120000110001\"\n", at: time)]
        time += 4000  // past step 1's 60 minutes
        transitions.append(try engine.handle(.deadlinePassed(step: 1, activation: 1), on: transitions.last!.case, at: time))
        transitions.append(try engine.handle(.complete(step: 1, by: StoreFixtures.kabid, note: "lengkap / sesuai", documents: ["bap.pdf"],
                                                       attributes: ["nomor_bap": "BAP/01/XII/2026"]), on: transitions.last!.case, at: time))
        transitions.append(try engine.handle(.complete(step: 2, by: StoreFixtures.kadis, answer: .no), on: transitions.last!.case, at: time + 0.5005))
        transitions.append(try engine.handle(.close(outcome: .rejected, reason: "tab\there"), on: transitions.last!.case, at: time + 60))
        return transitions
    }

    @Test func historyEntriesAndPositionsAreWrittenAsJSONEncoderWritesThem() throws {
        for transition in try decidedCase() {
            for entry in transition.appended { try expectSameText(entry) }
            try expectSameText(transition.case.position)
        }
    }

    @Test func commitmentsRequestsAndListsAreWrittenAsJSONEncoderWritesThem() throws {
        var permit = PermitCommitments(idIzin: "I-1", nib: "8120000110001", kinds: [.industryData, .technicalVerification], at: StoreFixtures.monday)
        permit.setDue(.technicalVerification, at: StoreFixtures.monday + 86_400 * 5, time: StoreFixtures.monday)
        _ = permit.settle(.industryData, fulfilled: true, evidence: "SIINAS-N-2", at: StoreFixtures.monday + 60)
        try expectSameText(permit)
        _ = permit.settle(.technicalVerification, fulfilled: false, evidence: nil, reason: "belum siap", at: StoreFixtures.monday + 120)
        try expectSameText(permit)
        try expectSameText(OutboxMessage.Request(method: "POST", path: "/api/v1/permohonan/SIPRO%2FINS/status", body: #"{"a":"\u0001é"}"#))
        try expectSameText([["Token", "***"], ["Content-Type", "application/json"]])
        try expectSameText(["IP-2026-000001"])
    }

    @Test func whatItWritesReadsBackEqual() throws {
        let decoder = StoreCoding.decoder()
        for transition in try decidedCase() {
            for entry in transition.appended {
                #expect(try decoder.decode(HistoryEntry.self, from: Data(TreeEncoder.text(entry).utf8)) == entry)
            }
        }
    }
}
