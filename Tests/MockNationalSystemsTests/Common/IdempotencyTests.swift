import Foundation
import GatewayCore
import GatewayHTTP
import NationalSystems
import Testing
@testable import MockNationalSystems

/// A retried request with the same Idempotency-Key is answered as before and not done twice.
@Suite struct IdempotencyTests {
    let letter: JSONValue = ["nomor_surat": "RK-1/8", "perihal": "Surat rekomendasi", "dari": "Dinas", "tanggal": "2026-12-18"]

    func post(_ fixture: MockFixture, key: String, body: JSONValue) throws -> ClientResponse {
        try fixture.client.send(ClientRequest(
            method: .post, url: fixture.url("sipro") + "/api/v1/surat-masuk",
            headers: ["Content-Type": "application/json", "X-SIPRO-Key": fixture.settings.siproKey, "Idempotency-Key": key],
            body: Array(body.encoded())))
    }

    @Test func aRetryWithTheSameKeyGetsTheSameAnswerAndFilesNothingNew() throws {
        let fixture = try MockFixture(["sipro"])
        let first = try post(fixture, key: "RK-1/8/12/dpmptsp.recommendationLetter", body: letter)
        let again = try post(fixture, key: "RK-1/8/12/dpmptsp.recommendationLetter", body: letter)
        #expect(first.status == .created && again.status == .created)
        #expect(first.json == again.json)
        #expect(try fixture.sipro("/api/v1/surat-masuk").json["surat"]?.array?.count == 1)
        let faults = fixture.server("sipro").context.journal.entries(direction: .received, pathPrefix: "/api/v1/surat-masuk")
            .filter { $0.method == "POST" }.map(\.fault)
        #expect(faults == [nil, "replay"])
    }

    @Test func theSameKeyForAnotherRequestIsRefused() throws {
        let fixture = try MockFixture(["sipro"])
        _ = try post(fixture, key: "k-1", body: letter)
        var other = letter
        other = other.merging(["perihal": "Lain"])
        #expect(try post(fixture, key: "k-1", body: other).status == .unprocessableContent)
    }

    @Test func aFailedAttemptIsNotRemembered() throws {
        let fixture = try MockFixture(["sipro"])
        try fixture.admin("sipro", .put, "faults", ["failFirst": 1]).requireSuccess()
        #expect(try post(fixture, key: "k-2", body: letter).status.code == 503)
        #expect(try post(fixture, key: "k-2", body: letter).status == .created)
        #expect(try fixture.sipro("/api/v1/surat-masuk").json["surat"]?.array?.count == 1)
    }
}
