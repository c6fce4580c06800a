import Foundation
import GatewayCore
import GatewayStore
import NationalSystems
import Testing
@testable import GatewayDaemon

@Suite struct DeliveryRecorderTests {
    /// A Rekomendasi case whose letter to DPMPTSP is queued (SOP 001 step 8).
    func queuedLetter() throws -> (ProcessorFixture, OutboxMessage) {
        let fixture = try ProcessorFixture()
        return (fixture, try fixture.recommendationLetterQueued())
    }

    static let retry = GatewaySettings.RetrySchedule(delaysSeconds: [10], jitter: 0)  // two attempts

    @Test func aFailureIsRetriedOnScheduleUntilTheLastAttemptAndThenKeptAsADeadLetter() throws {
        let (fixture, letter) = try queuedLetter()
        let first = try fixture.job { unit in
            try fixture.processor.deliveries.failed(letter, attempt: 1, status: 503, error: "HTTP 503", permanent: false, latencyMilliseconds: 5,
                                                    retry: Self.retry, random: 0.5, in: unit)
        }
        #expect(first == .retrying)
        #expect(try fixture.database.outbox.message(letter.id)?.nextAttemptAt ?? .distantPast > fixture.now)
        let last = try fixture.job { unit in
            try fixture.processor.deliveries.failed(letter, attempt: 2, status: 503, error: "HTTP 503", permanent: false, latencyMilliseconds: 5,
                                                    retry: Self.retry, random: 0.5, in: unit)
        }
        #expect(last == .dead)
        #expect(try fixture.database.outbox.message(letter.id)?.state == .dead)
    }

    @Test func aDeliveryIsRecordedAndOneAStepAwaitsIsHandedToItsCase() throws {
        let (fixture, letter) = try queuedLetter()
        let plain = try fixture.job { unit in
            try fixture.processor.deliveries.delivered(letter, attempt: 1, status: 201, latencyMilliseconds: 5, reply: [], note: nil, in: unit)
        }
        #expect(try plain.isEmpty && fixture.database.outbox.message(letter.id)?.state == .delivered)
        let awaited = OutboxMessage(id: "RK-2026-000001/9/1/x", idempotencyKey: "k", target: "dpmptsp", kind: "dpmptsp.letter", caseID: "RK-2026-000001",
                                    idIzin: nil, request: letter.request, onDelivered: "dpmptsp.letterDelivered", createdAt: fixture.now)
        let work = try fixture.job { unit in
            try fixture.processor.deliveries.delivered(awaited, attempt: 1, status: 201, latencyMilliseconds: 5, reply: [], note: nil, in: unit)
        }
        #expect(work.map(\.text) == ["deliver dpmptsp.letterDelivered to RK-2026-000001"])
    }

    @Test func anAttachmentOSSShowsIsAMessageOnceUnlessItIsTheAgencysOwnLink() throws {
        let fixture = try ProcessorFixture()
        _ = try fixture.receive(ProcessorFixture.nib())
        let shown = { (url: String) in
            try fixture.job { unit in try fixture.processor.deliveries.attachmentShown(idIzin: "I-1", code: OSSStatusCode("45"), fileLampiran: url, in: unit) }
        }
        let upload = try #require(try shown("https://oss.go.id/upload/surat.pdf"))
        _ = try fixture.receive(upload)
        #expect(try shown("https://oss.go.id/upload/surat.pdf") == nil)  // seen before
        try fixture.database.documents.save(.init(id: "d", caseID: nil, step: nil, name: "d.pdf", contentType: "application/pdf", sha256: "",
                                                  bytes: [], createdAt: fixture.now))
        try fixture.database.documents.link("d", tokenHash: DocumentLinkToken.hash("tok"), at: fixture.now, expiresAt: fixture.now + 86_400)
        #expect(try shown("http://192.0.2.1:8080/berkas/tok") == nil)  // what the agency sent
    }
}
