import Foundation
import GatewayCore
import GatewayStore
import NationalSystems

/// Takes in an officer's document within the size and type limits (settings: documents), checked by its
/// bytes, and keeps it under the case's step activation.
struct DocumentIntake: Sendable {
    let limits: GatewaySettings.Documents

    /// Keeps the document; returns it as stored (its id, its bytes), so nobody reads it back.
    func keep(_ document: OfficerDecision.Document, caseID: String, step: Int, activation: Int, in unit: WorkUnit) throws -> DocumentStore.Document {
        if let problem = DocumentName.problem(document.name) {
            throw ProcessingError.documentName(name: document.name, reason: problem)
        }
        guard limits.contentTypes.contains(document.contentType.lowercased()) else {
            throw ProcessingError.documentType(
                name: document.name, reason: "type \(document.contentType) is not accepted; send one of \(limits.contentTypes.joined(separator: ", "))")
        }
        guard let bytes = Data(base64Encoded: document.base64) else {
            throw ProcessingError.incomplete(step: step, missing: ["document.base64 as base64"])
        }
        guard bytes.count <= limits.maxBytes else {
            throw ProcessingError.documentTooLarge(
                name: document.name, reason: "\(bytes.count) bytes is over the limit of \(limits.maxBytes) (settings: documents.maxBytes)")
        }
        // By its bytes, not its name or the type it was sent as: what OSS and SIINas get must open as what it claims.
        let found = DocumentSignature.mediaType(of: bytes)
        guard found == document.contentType.lowercased() else {
            throw ProcessingError.documentContent(name: document.name, declared: document.contentType, found: found)
        }
        let kept = DocumentStore.Document(
            id: "\(caseID)/\(step)/\(activation)/\(document.name)", caseID: caseID, step: step, name: document.name,
            contentType: document.contentType, sha256: Digest.sha256Hex(Array(bytes)), bytes: Array(bytes), createdAt: unit.now)
        try unit.database.documents.save(kept)
        return kept
    }
}
