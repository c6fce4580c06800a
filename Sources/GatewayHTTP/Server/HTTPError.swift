import Foundation

/// An error a handler throws to answer with a status. The server turns it
/// into `{"error": {"status": 404, "message": "…"}}`; any other error becomes
/// a 500 whose details stay in the log.
public protocol HTTPResponseError: Error {
    var status: HTTPStatus { get }
    /// Said to the client: what is wrong and what to do about it.
    var message: String { get }
    /// Extra response fields (Allow, WWW-Authenticate, Retry-After).
    var headers: HTTPHeaders { get }
}

extension HTTPResponseError {
    public var headers: HTTPHeaders { [:] }

    public var response: HTTPResponse {
        var response = HTTPResponse.json(ErrorBody(error: .init(status: status.code, message: message)), status: status)
        for field in headers { response.headers.set(field.name, field.value) }
        return response
    }
}

/// The JSON shape of every error the server sends.
public struct ErrorBody: Codable, Sendable, Equatable {
    public struct Detail: Codable, Sendable, Equatable {
        public let status: Int
        public let message: String
    }

    public let error: Detail
}

/// A plain HTTP error with a status and a message.
public struct HTTPError: HTTPResponseError, Sendable, Equatable, CustomStringConvertible {
    public let status: HTTPStatus
    public let message: String
    public let headers: HTTPHeaders

    public init(_ status: HTTPStatus, _ message: String, headers: HTTPHeaders = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    public var description: String { "\(status): \(message)" }
}
