import Foundation
@testable import GatewayCore
import Testing
@testable import GatewayStore

/// The hand-written JSON of what every inbound message stores is the text JSONEncoder writes for it,
/// and JSONDecoder reads it back unchanged.
@Suite struct StoreJSONTests {
    func encoded(_ value: some Encodable) throws -> String {
        String(decoding: try StoreCoding.encoder().encode(value), as: UTF8.self)
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

    @Test func everyKindOfEntryAndPositionOfARealCase() throws {
        for transition in try decidedCase() {
            for entry in transition.appended { #expect(StoreJSON.text(entry) == (try encoded(entry))) }
            #expect(StoreJSON.text(transition.case.position) == (try encoded(transition.case.position)))
        }
    }

    @Test func everyActorAndTheOptionalFieldsBothWays() throws {
        let at = StoreFixtures.monday + 0.25
        let actors: [Actor] = [.officer(id: "siti \"s\"", role: "kabid"), .applicant(via: "OSS"), .applicant(via: nil), .system("SIINas"), .gateway]
        let events: [HistoryEntry.Event] = [
            .opened(reference: nil), .opened(reference: "I-1"), .started(activation: 1, deadline: nil), .started(activation: 2, deadline: at),
            .completed(activation: 3, answer: .yes, message: "oss.receiveNIB", onTime: false), .completed(activation: 3, answer: nil, message: nil, onTime: nil),
            .returnedIncomplete(activation: 4, toStep: 1), .deadlinePassed(activation: 5, deadline: at), .attached(activation: 6),
            .deadlineMoved(activation: 7, from: at, to: at.addingTimeInterval(86_400)), .deadlineMoved(activation: 8, from: nil, to: at),
            .ended(outcome: .rejected, reason: nil), .ended(outcome: .revoked, reason: "OSS mencabut NIB"), .frozen(activation: 9),
            .resumed(activation: 9, deadline: at), .resumed(activation: 9, deadline: nil),
            .nibChanged(changes: [FieldChange(field: "nama_perseroan", old: "PT A", new: "PT \"B\""), FieldChange(field: "x[0].y", old: nil, new: "1")]),
            .migrated(activation: 10, fromVersion: 1, toVersion: 2, fromStep: 4),
        ]
        for (index, actor) in actors.enumerated() {
            for event in events {
                let entry = HistoryEntry(sequence: index, at: at, actor: actor, event: event, step: index == 0 ? nil : index,
                                         note: index == 1 ? "catatan\nbaru" : nil, documents: index == 2 ? ["a.pdf", "b.pdf"] : [],
                                         attributes: index == 3 ? ["hasil": "siap", "nomor_bap": "BAP/1"] : [:])
                #expect(StoreJSON.text(entry) == (try encoded(entry)))
            }
        }
        let waiting = ActiveStep(step: 2, activation: 3, since: at, deadline: nil, deadlinePassed: false, returnReason: "kurang lengkap")
        #expect(StoreJSON.text(.atStep(waiting)) == (try encoded(Case.Position.atStep(waiting))))
        let frozen = ActiveStep(step: 2, activation: 3, since: at, deadline: at, deadlinePassed: false, returnReason: nil, frozenSince: at + 60)
        #expect(StoreJSON.text(.atStep(frozen)) == (try encoded(Case.Position.atStep(frozen))))
        #expect(StoreJSON.text(.ended(outcome: .approved, reason: nil, at: at)) == (try encoded(Case.Position.ended(outcome: .approved, reason: nil, at: at))))
    }

    @Test func permitsAndListsAsJSONEncoderWritesThem() throws {
        var permit = PermitCommitments(idIzin: "I-1", nib: "8120000110001", kinds: [.industryData, .technicalVerification], at: StoreFixtures.monday)
        #expect(StoreJSON.text(permit) == (try encoded(permit)))
        permit.startClock(at: StoreFixtures.monday + 0.5, workingDays: 5, calendar: StoreFixtures.calendar)
        _ = permit.breaches(at: StoreFixtures.monday + 30 * 86_400)
        _ = permit.settle(.industryData, fulfilled: true, evidence: "SIINAS-N-2", at: StoreFixtures.monday + 60)
        #expect(StoreJSON.text(permit) == (try encoded(permit)))
        _ = permit.settle(.technicalVerification, fulfilled: false, evidence: nil, reason: "belum \"siap\"", at: StoreFixtures.monday + 120)
        #expect(StoreJSON.text(permit) == (try encoded(permit)))
        let effective = PermitCommitments(idIzin: "I-2", nib: "1", kinds: [], at: StoreFixtures.monday)
        #expect(StoreJSON.text(effective) == (try encoded(effective)))
        #expect(StoreJSON.text([["Token", "***"], []]) == (try encoded([["Token", "***"], []])))
        #expect(StoreJSON.text([String]()) == (try encoded([String]())))
    }

    @Test func whatItWritesReadsBackEqual() throws {
        let decoder = StoreCoding.decoder()
        for transition in try decidedCase() {
            for entry in transition.appended {
                #expect(try decoder.decode(HistoryEntry.self, from: Data(StoreJSON.text(entry).utf8)) == entry)
            }
            #expect(try decoder.decode(Case.Position.self, from: Data(StoreJSON.text(transition.case.position).utf8)) == transition.case.position)
        }
    }
}
