import Testing
@testable import GatewayHTTP

@Suite struct HTTPHeadersTests {
    @Test func namesAreComparedWithoutCase() {
        let headers: HTTPHeaders = ["Content-Type": "application/json", "user_key": "k"]
        #expect(headers["content-type"] == "application/json")
        #expect(headers["USER_KEY"] == "k")
        #expect(headers["Content-Length"] == nil)
    }

    @Test func repeatedFieldsKeepTheirOrder() {
        var headers = HTTPHeaders()
        headers.add("Via", "a")
        headers.add("via", "b")
        #expect(headers.values("VIA") == ["a", "b"])
        headers.set("Via", "c")
        #expect(headers.values("via") == ["c"])
    }

    @Test func tokensAreFoundInCommaSeparatedLists() {
        let headers: HTTPHeaders = ["Connection": "keep-alive, Upgrade", "Transfer-Encoding": "gzip,  CHUNKED"]
        #expect(headers.hasToken("upgrade", in: "connection"))
        #expect(headers.hasToken("chunked", in: "transfer-encoding"))
        #expect(!headers.hasToken("close", in: "connection"))
    }
}

@Suite struct HTTPRequestTests {
    @Test func theQueryIsDecodedAndTheFirstValueWins() {
        let request = HTTPRequest(method: .get, target: "/api/cases?sop=izin-perluasan&q=Kepala+Dinas&sop=other&note=%2Fa")
        #expect(request.path == "/api/cases")
        #expect(request.query == ["sop": "izin-perluasan", "q": "Kepala Dinas", "note": "/a"])
        #expect(request.queryItems.count == 4)
    }

    @Test func keepAliveFollowsTheVersionAndConnectionHeader() {
        #expect(HTTPRequest(method: .get, target: "/", version: (1, 1)).keepAlive)
        #expect(!HTTPRequest(method: .get, target: "/", version: (1, 1), headers: ["Connection": "close"]).keepAlive)
        #expect(!HTTPRequest(method: .get, target: "/", version: (1, 0)).keepAlive)
        #expect(HTTPRequest(method: .get, target: "/", version: (1, 0), headers: ["Connection": "Keep-Alive"]).keepAlive)
    }
}

@Suite struct HTTPDateTests {
    @Test func datesAreIMFFixdate() {
        // RFC 9110 §5.6.7's own example: 784111777 is Sun, 06 Nov 1994 08:49:37 GMT.
        #expect(HTTPDate.format(secondsSince1970: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
    }
}
