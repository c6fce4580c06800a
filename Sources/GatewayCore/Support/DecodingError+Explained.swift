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

    private static func jsonPath(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
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
