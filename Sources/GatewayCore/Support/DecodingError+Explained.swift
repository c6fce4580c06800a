import Foundation

extension DecodingError {
    /// Where in a JSON file decoding failed, written the way a person editing
    /// the file looks for it (`steps[4].duration`; nil for the file as a whole),
    /// and what is wrong there.
    public var explained: (field: String?, problem: String) {
        let (path, detail): ([any CodingKey], String) = switch self {
        case .dataCorrupted(let context):
            (context.codingPath, context.debugDescription)
        case .keyNotFound(let key, let context):
            (context.codingPath + [key], "is missing")
        case .typeMismatch(let type, let context):
            (context.codingPath, "should be \(Self.jsonName(of: type))")
        case .valueNotFound(let type, let context):
            (context.codingPath, "should be \(Self.jsonName(of: type)), not null")
        @unknown default:
            ([], "\(self)")
        }
        guard !path.isEmpty else {
            // JSONSerialization's own message carries the offending position.
            let underlying = (self as NSError).userInfo[NSUnderlyingErrorKey].map { " (\($0))" } ?? ""
            return (nil, "is not valid JSON: \(detail)\(underlying)")
        }
        return (Self.jsonPath(path), detail)
    }

    /// As ``explained``, for a file's bytes: JSON that does not parse is located by line and column
    /// (JSONDecoder on Linux says only "The given data was not valid JSON").
    public func explained(reading bytes: some Collection<UInt8>) -> (field: String?, problem: String) {
        let plain = explained
        guard plain.field == nil, case .dataCorrupted = self else { return plain }
        do {
            _ = try JSONParser.parse(bytes)
        } catch {
            return (nil, "is not valid JSON: \(error.located(in: bytes))")
        }
        return plain
    }

    private static func jsonPath(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            // An array's position; a dictionary key that merely reads as a number ("030000000012", a kd_izin) keeps its text.
            if let index = key.intValue, key.stringValue == "Index \(index)" || key.stringValue == String(index) {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }

    private static func jsonName(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: type is any Collection.Type ? "an array" : "an object"
        }
    }
}
