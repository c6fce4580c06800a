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

    /// A mock frozen (the chaos run's partition) then thawed handles a first try and its retry on two event
    /// loops at once: the same key must still file one letter.
    @Test func copiesArrivingTogetherWithTheSameKeyFileOneLetter() throws {
        let fixture = try MockFixture(["sipro"])
        let url = fixture.url("sipro") + "/api/v1/surat-masuk", siproKey = fixture.settings.siproKey, body = Array(letter.encoded())
        DispatchQueue.concurrentPerform(iterations: 16) { _ in
            _ = try? HTTPClient().send(ClientRequest(method: .post, url: url, headers: [
                "Content-Type": "application/json", "X-SIPRO-Key": siproKey, "Idempotency-Key": "RK-1/8/12/dpmptsp.recommendationLetter",
            ], body: body))
        }
        #expect(try fixture.sipro("/api/v1/surat-masuk").json["surat"]?.array?.count == 1)
        let applied = fixture.server("sipro").context.journal.entries(direction: .received, pathPrefix: "/api/v1/surat-masuk")
            .filter { $0.method == "POST" && $0.fault == nil }
        #expect(applied.count == 1)
    }

    @Test func aSecondRequestWithTheSameKeyWaitsUntilTheFirstIsDone() {
        let cache = IdempotencyCache()
        let order = Locked<[String]>([])
        let firstInside = DispatchSemaphore(value: 0), releaseFirst = DispatchSemaphore(value: 0), done = DispatchGroup()
        DispatchQueue.global().async(group: done) {
            cache.exclusively("k") {
                order.withLock { $0.append("first in") }
                firstInside.signal()
                releaseFirst.wait()
                order.withLock { $0.append("first out") }
            }
        }
        firstInside.wait()
        DispatchQueue.global().async(group: done) {
            cache.exclusively("k") { order.withLock { $0.append("second") } }
        }
        cache.exclusively("other") { order.withLock { $0.append("other key") } }  // another key does not wait
        releaseFirst.signal()
        done.wait()
        #expect(order.withLock { $0 } == ["first in", "other key", "first out", "second"])
    }
}
