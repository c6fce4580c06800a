import GatewayHTTP

/// A request a mock refuses, answered in the system's own reply shape.
public enum MockError: Error, Sendable, Equatable, CustomStringConvertible {
    case unauthorized(String)
    /// Known caller, not allowed to do this (OSS: an agency sending a code outside its authority).
    case forbidden(String)
    case invalid(String)
    case notFound(String)
    case conflict(String)
    case tooLarge(String)
    /// Well-formed but not acceptable: an idempotency key reused for another request.
    case unprocessable(String)
    /// A failure injected by the fault settings, with the status they chose.
    case injected(status: Int)

    public var status: HTTPStatus {
        switch self {
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .invalid: .badRequest
        case .notFound: .notFound
        case .conflict: .conflict
        case .tooLarge: .contentTooLarge
        case .unprocessable: .unprocessableContent
        case .injected(let status): HTTPStatus(status)
        }
    }

    public var message: String {
        switch self {
        case .unauthorized(let text), .forbidden(let text), .invalid(let text), .notFound(let text), .conflict(let text), .tooLarge(let text),
             .unprocessable(let text): text
        case .injected(let status): "injected fault (\(status))"
        }
    }

    public var description: String { "\(status.code): \(message)" }
}
