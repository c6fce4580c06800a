import Foundation
import GatewayTestSupport
import Testing
@testable import NationalSystems

@Suite struct SIINasSignatureTests {
    @Test func theSignatureIsHMACSHA256OfTheBody() throws {
        let body = Array(#"{"id":"N-1"}"#.utf8)
        // The same HMAC by OpenSSL's command line, a program we did not write.
        let output = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["openssl", "dgst", "-sha256", "-hmac", "rahasia-siinas"], stdin: #"{"id":"N-1"}"#)
        let expected = try #require(output.stdout.split(separator: " ").last).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(SIINasSignature.sign(body, secret: "rahasia-siinas") == "sha256=" + expected)
    }

    @Test func aChangedBodyOrSecretDoesNotVerify() {
        let body = Array(#"{"id":"N-1"}"#.utf8)
        let signature = SIINasSignature.sign(body, secret: "s")
        #expect(SIINasSignature.verify(signature, body: body, secret: "s"))
        #expect(!SIINasSignature.verify(signature, body: Array(#"{"id":"N-2"}"#.utf8), secret: "s"))
        #expect(!SIINasSignature.verify(signature, body: body, secret: "t"))
        #expect(!SIINasSignature.verify(nil, body: body, secret: "s"))
    }

    @Test func verificationFailsClosed() {
        let body = Array(#"{"id":"N-1"}"#.utf8)
        // What a MAC left unwritten would compare against, and a signature under an empty secret: neither passes.
        #expect(!SIINasSignature.verify("sha256=" + String(repeating: "0", count: 64), body: body, secret: "s"))
        #expect(!SIINasSignature.verify(SIINasSignature.sign(body, secret: ""), body: body, secret: ""))
        #expect(!SIINasSignature.verify("", body: body, secret: "s"))
    }

    @Test func constantTimeEqualityIsEquality() {
        #expect(Digest.constantTimeEquals("abc", "abc"))
        #expect(!Digest.constantTimeEquals("abc", "abd"))
        #expect(!Digest.constantTimeEquals("abc", "abcd"))
        #expect(Digest.constantTimeEquals("", ""))
    }
}
