import Foundation
import GatewayCore
import Testing
@testable import NationalSystems

@Suite struct SystemFeedTests {
    @Test func aPageIsAskedFromTheCursorAndReadWithTheCursorAfterIt() throws {
        #expect(SIINasWire.feed.page(after: "41", limit: 100) == "/api/v1/notifications?after=41&limit=100")
        let page = try SIPROWire.feed.items(of: ["events": [["id": "E-1"]], "next_cursor": "42"])
        #expect(page.items.count == 1 && page.next == "42")
    }

    @Test func aPageWithoutItsListSaysWhatItLacks() {
        #expect(throws: InboundError("the page has no notifications list and next_cursor")) {
            try SIINasWire.feed.items(of: ["events": [], "next_cursor": "1"])
        }
    }

    @Test func aProbeReadsOneItemOfAFeedOrTheLetterBox() {
        #expect(SystemFeed.probePath("sipro") == "/api/v1/events?after=0&limit=1")
        #expect(SystemFeed.probePath("dpmptsp") == "/api/v1/surat-masuk")
    }
}

@Suite struct SystemCredentialsTests {
    @Test func eachSystemGetsItsOwnHeaderAndEveryOneIsMasked() {
        let keys = SystemCredentials.Keys(ossUserKey: "u", siinasToken: "s", siproKey: "p")
        #expect(SystemCredentials.headers(for: "oss", keys).map(\.name) == ["user_key"])
        #expect(SystemCredentials.headers(for: "siinas", keys).map(\.value) == ["Bearer s"])
        #expect(SystemCredentials.headers(for: "dpmptsp", keys).map(\.name) == ["X-SIPRO-Key"])
        for system in ["oss", "siinas", "sipro", "dpmptsp"] {
            #expect(SystemCredentials.headers(for: system, keys).allSatisfy { SystemCredentials.secretHeaderNames.contains($0.name.lowercased()) })
        }
    }
}
