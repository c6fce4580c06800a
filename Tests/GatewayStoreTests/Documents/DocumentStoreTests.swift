import Foundation
import Testing
@testable import GatewayStore

@Suite struct DocumentStoreTests {
    let now = Date(timeIntervalSince1970: 1_797_814_800)

    @Test func aLinkOpensItsDocumentUntilItExpiresAndAnUnknownTokenNothing() throws {
        let documents = try GatewayDatabaseFixture().database.documents
        let letter = DocumentStore.Document(id: "VT-1/8/1/surat.pdf", caseID: "VT-1", step: 8, name: "surat.pdf", contentType: "application/pdf",
                                            sha256: "-", bytes: Array("%PDF-1.4".utf8), createdAt: now)
        try documents.save(letter)
        try documents.link(letter.id, tokenHash: "h-1", at: now, expiresAt: now + 86_400)
        #expect(try documents.linked(tokenHash: "h-1", at: now + 86_399) == .document(letter))
        #expect(try documents.linked(tokenHash: "h-1", at: now + 86_400) == .expired)
        #expect(try documents.linked(tokenHash: "h-2", at: now) == .unknown)
        // Still the gateway's own link once expired: OSS showing it back is not an applicant's upload.
        #expect(try documents.isLink(tokenHash: "h-1") && !documents.isLink(tokenHash: "h-2"))
    }

    @Test func aLinkKeptWholeIsFoundToBeHashedAndThenOpensByItsHash() throws {
        let documents = try GatewayDatabaseFixture().database.documents
        let hash = String(repeating: "a", count: 64), whole = String(repeating: "7", count: 48)
        for (document, token) in [("d-1", hash), ("d-2", whole)] {
            try documents.save(.init(id: document, caseID: nil, step: nil, name: "x.pdf", contentType: "application/pdf", sha256: "-",
                                     bytes: [1], createdAt: now))
            try documents.link(document, tokenHash: token, at: now, expiresAt: now + 60)
        }
        #expect(try documents.unhashedLinkTokens() == [whole])
        try documents.replaceLinkToken(whole, withHash: String(repeating: "b", count: 64))
        #expect(try documents.unhashedLinkTokens().isEmpty)
        #expect(try documents.isLink(tokenHash: String(repeating: "b", count: 64)) && !documents.isLink(tokenHash: whole))
    }
}
