import Foundation
import GatewayCore

/// An officer's request to complete (or return as incomplete) a case's active step, as the API receives it.
/// Not the SOP's question (``Step/decision``): the officer's answer to it, with what the step needs.
public struct OfficerDecision: Sendable, Codable, Equatable {
    /// A document given with a decision or attached to a step, base64-encoded.
    public struct Document: Sendable, Codable, Equatable {
        public let name: String
        public let contentType: String
        public let base64: String

        public init(name: String, contentType: String, base64: String) {
            self.name = name
            self.contentType = contentType
            self.base64 = base64
        }
    }

    public let step: Int
    public let answer: Answer?
    public let note: String?
    public let attributes: [String: String]?
    public let document: Document?
    /// Send the application back to the applicant as incomplete instead of completing the step.
    public let returnIncomplete: Bool?
    /// Confirm the applicant's active step in their place, with evidence (the document, or the note of what OSS shows).
    public let confirmForApplicant: Bool?

    public init(step: Int, answer: Answer? = nil, note: String? = nil, attributes: [String: String]? = nil,
                document: Document? = nil, returnIncomplete: Bool? = nil, confirmForApplicant: Bool? = nil) {
        self.step = step
        self.answer = answer
        self.note = note
        self.attributes = attributes
        self.document = document
        self.returnIncomplete = returnIncomplete
        self.confirmForApplicant = confirmForApplicant
    }
}
