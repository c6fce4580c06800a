import Foundation
import Testing
@testable import GatewayCore

/// Documents are recognised by their first bytes, whatever their names say.
@Suite struct DocumentSignatureTests {
    @Test func theThreeKindsAreKnownByTheirSignatures() {
        #expect(DocumentSignature.mediaType(of: Array("%PDF-1.7\n%âãÏÓ\n".utf8)) == "application/pdf")
        #expect(DocumentSignature.mediaType(of: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]) == "image/png")
        #expect(DocumentSignature.mediaType(of: [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46]) == "image/jpeg")
    }

    @Test func textAndTruncatedSignaturesAreNothing() {
        #expect(DocumentSignature.mediaType(of: Array("hello\n".utf8)) == nil)  // the 6-byte text file named x.pdf
        #expect(DocumentSignature.mediaType(of: Array("%PD".utf8)) == nil)
        #expect(DocumentSignature.mediaType(of: [0x89, 0x50, 0x4E, 0x47]) == nil)
        #expect(DocumentSignature.mediaType(of: [UInt8]()) == nil)
    }
}
