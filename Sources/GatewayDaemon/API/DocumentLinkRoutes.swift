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
            // The document is shown as itself, never as a page of ours: nothing in it may run, load or be framed.
            return HTTPResponse(status: .ok, headers: [
                "Content-Type": document.contentType, "Content-Disposition": DocumentName.contentDisposition(document.name),
                "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff",
                "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; sandbox", "X-Frame-Options": "DENY",
            ], body: document.bytes)
        }
    }
}
