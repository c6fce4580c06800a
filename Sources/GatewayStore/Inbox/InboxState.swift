import Foundation

/// What became of a message kept in the inbox.
public enum InboxState: String, Sendable, Codable, CaseIterable {
    /// Applied to its cases (or to none, with why in the sync log).
    case processed
    /// Kept without effect: every permit of it was another agency's to handle.
    case ignored
    /// It could not be read; the reason is kept with it (DESIGN.md rule 8).
    case rejected
}
