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
        try documents.link(letter.id, token: "t-1", at: now, expiresAt: now + 86_400)
        #expect(try documents.linked("t-1", at: now + 86_399) == .document(letter))
        #expect(try documents.linked("t-1", at: now + 86_400) == .expired)
        #expect(try documents.linked("t-2", at: now) == .unknown)
        // Still the gateway's own link once expired: OSS showing it back is not an applicant's upload.
        #expect(try documents.isLink("t-1") && !documents.isLink("t-2"))
    }
}
