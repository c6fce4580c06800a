import Foundation
import GatewayCore

extension HTTPRequest {
    /// Decodes the body as JSON; a body that does not fit gets a 400 naming the field.
    public func decodeJSON<T: Decodable>(_ type: T.Type, using decoder: JSONDecoder = JSONDecoder()) throws(HTTPError) -> T {
        if let contentType = headers["Content-Type"], !contentType.lowercased().contains("json") {
            throw HTTPError(.unsupportedMediaType, "the body must be JSON (Content-Type: application/json), not '\(contentType)'")
        }
        do {
            // Foundation's decoder takes the last of a repeated key; the gateway's parser refuses it, naming the key.
            _ = try JSONParser.parse(body)
            return try decoder.decode(T.self, from: bodyData)
        } catch let error as JSONParseError {
            throw HTTPError(.badRequest, "the body is not valid JSON: \(error)")
        } catch let error as DecodingError {
            let (field, problem) = error.explained
            throw HTTPError(.badRequest, field.map { "field '\($0)' \(problem)" } ?? "the body \(problem)")
        } catch {
            throw HTTPError(.badRequest, "the body is not valid JSON: \(error)")
        }
    }
}

extension HTTPResponse {
    /// A JSON response; keys sorted so that equal values give equal bytes.
    public static func json<T: Encodable>(_ value: T, status: HTTPStatus = .ok, using encoder: JSONEncoder? = nil) -> HTTPResponse {
        let encoder = encoder ?? {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return encoder
        }()
        do {
            return HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: Array(try encoder.encode(value)))
        } catch {
            return HTTPResponse(status: .internalServerError, headers: ["Content-Type": "application/json"],
                                body: Array(#"{"error":{"message":"the response could not be encoded","status":500}}"#.utf8))
        }
    }

    public func decodeJSON<T: Decodable>(_ type: T.Type, using decoder: JSONDecoder = JSONDecoder()) throws -> T {
        try decoder.decode(T.self, from: Data(body))
    }
}
