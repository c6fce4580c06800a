/// Why an outbound call failed, separated the way a retry policy needs:
/// could not connect and timed out are worth retrying, a TLS failure is a
/// configuration problem, an HTTP status is the other side's answer.
public enum HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    case couldNotConnect(url: String, detail: String)
    case timedOut(url: String, after: Duration)
    case tlsFailed(url: String, detail: String)
    case responseTooLarge(url: String, limit: Int)
    case httpStatus(url: String, status: HTTPStatus, body: String)
    case invalidRequest(url: String, detail: String)
    case transport(url: String, detail: String)

    public var description: String {
        switch self {
        case .couldNotConnect(let url, let detail): "could not connect to \(url): \(detail)"
        case .timedOut(let url, let after): "\(url) did not answer within \(after)"
        case .tlsFailed(let url, let detail): "TLS with \(url) failed: \(detail): check its certificate, or add its CA with an extra CA file"
        case .responseTooLarge(let url, let limit): "the response from \(url) is larger than \(limit) bytes"
        case .httpStatus(let url, let status, let body): "\(url) answered \(status)" + (body.isEmpty ? "" : ": \(body)")
        case .invalidRequest(let url, let detail): "cannot send to '\(url)': \(detail)"
        case .transport(let url, let detail): "the exchange with \(url) failed: \(detail)"
        }
    }

    /// A short label without the variable parts, for counters and metrics.
    public var kind: String {
        switch self {
        case .couldNotConnect: "could_not_connect"
        case .timedOut: "timed_out"
        case .tlsFailed: "tls_failed"
        case .responseTooLarge: "response_too_large"
        case .httpStatus(_, let status, _): "http_\(status.code)"
        case .invalidRequest: "invalid_request"
        case .transport: "transport"
        }
    }
}
