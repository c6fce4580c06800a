import Foundation
import GatewayCore
import GatewayHTTP
import GatewayStore

/// `GET /berkas/{token}`: a document the gateway sent a national system as a link (OSS's
/// `file_lampiran`: files travel as URLs, oss-rba.md §1.8). The token is the capability: random,
/// unguessable, and known only to the message that carried it, so the link needs no login; a wrong
/// one is a 404 that tells nothing. docs/security.md.
extension GatewayRoutes {
    func addDocumentLinks(to router: inout Router) {
        router.get("/berkas/{token}") { [runtime] request in
            let token = request.pathParameters["token"] ?? ""
            let now = runtime.clock.now()
            let found = token.count >= 32 ? try runtime.read { try $0.documents.linked(tokenHash: DocumentLinkToken.hash(token), at: now) } : .unknown
            let document: DocumentStore.Document
            switch found {
            case .document(let linked): document = linked
            case .expired: throw HTTPError(.gone, "this link has expired (documents.linkDays); ask the agency for the document")
            case .unknown: throw HTTPError(.notFound, "no document at this link")
            }
            return Self.documentResponse(document)
        }
    }

    /// A kept document as itself, never as a page of ours, and framed by no one. Its type was checked by its bytes (PDF,
    /// JPEG or PNG) and nosniff holds the browser to it. An image may run nothing; a PDF keeps only the framing rule,
    /// since the browsers' PDF viewers go blank in a sandbox or under default-src 'none'.
    static func documentResponse(_ document: DocumentStore.Document) -> HTTPResponse {
        let policy = document.contentType == "application/pdf" ? "frame-ancestors 'none'" : "default-src 'none'; frame-ancestors 'none'; sandbox"
        return HTTPResponse(status: .ok, headers: [
            "Content-Type": document.contentType, "Content-Disposition": DocumentName.contentDisposition(document.name),
            "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": policy, "X-Frame-Options": "DENY",
        ], body: document.bytes)
    }
}
