import Foundation

/// Any JSON value. The national systems send more fields than the gateway
/// reads (a `dataNIB` has well over a hundred): payloads are kept whole as
/// JSONValue, so nothing is lost, and read through lenient accessors.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public subscript(key: String) -> JSONValue? {
        if case .object(let fields) = self { fields[key] } else { nil }
    }

    public var object: [String: JSONValue]? {
        if case .object(let fields) = self { fields } else { nil }
    }

    public var array: [JSONValue]? {
        if case .array(let items) = self { items } else { nil }
    }

    /// The value as text: strings as they are, numbers and booleans written out
    /// (OSS sends codes such as kd_status both as "50" and as 50).
    public var text: String? {
        switch self {
        case .string(let text): text
        case .integer(let value): String(value)
        // Int(exactly:): a whole number beyond Int's range (1e300) stays a Double; converting it would trap
        // (found by gerbang-fuzz: a receiveNIB with "nib": 1e300 stopped the process).
        case .number(let value): Int(exactly: value).map { String($0) } ?? String(value)
        case .bool(let value): value ? "true" : "false"
        default: nil
        }
    }

    /// Text that means something: not missing, not empty, and not the "-" some
    /// senders put in place of an empty value (oss-rba.md §5, failure mode 7).
    public var meaningfulText: String? {
        guard let text = text?.trimmingSpaces, !text.isEmpty, text != "-" else { return nil }
        return text
    }

    /// The value of `key`, also when a sender wrote the key with stray spaces
    /// (the PIA's own receiveNIB example has "tipe_dokumen " with a trailing space).
    public func field(_ key: String) -> JSONValue? {
        guard let fields = object else { return nil }
        return fields[key] ?? fields.first { $0.key.trimmingSpaces == key }?.value
    }

    /// This object with `other`'s fields written over it (one level deep); `other` itself if either is not an object.
    public func merging(_ other: JSONValue) -> JSONValue {
        guard let base = object, let patch = other.object else { return other }
        return .object(base.merging(patch) { _, new in new })
    }

    public func encoded(sortedKeys: Bool = true) -> Data {
        Data(JSONParser.serialize(self, sortedKeys: sortedKeys))
    }

    public static func decode(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        try JSONParser.parse(bytes)
    }

    /// Any Encodable value as JSON.
    public static func from(_ value: some Encodable) -> JSONValue {
        (try? decode(JSONEncoder().encode(value))) ?? .null
    }

    /// Decodes this value into a Decodable type.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: encoded())
    }
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue {
    /// The quirks a lenient reader tolerated in this value, in words for the sync log.
    public var toleratedQuirks: [String] {
        var spacedKeys: Set<String> = []
        var placeholders = 0
        func visit(_ value: JSONValue) {
            switch value {
            case .string(let text) where text.isDashPlaceholder:
                placeholders += 1
            case .array(let items):
                items.forEach(visit)
            case .object(let fields):
                for (key, field) in fields {
                    if key != key.trimmingSpaces { spacedKeys.insert(key) }
                    visit(field)
                }
            default:
                break
            }
        }
        visit(self)
        var quirks = spacedKeys.sorted().map { "key '\($0)' has stray spaces" }
        if placeholders > 0 { quirks.append("\(placeholders) \"-\" placeholder\(placeholders == 1 ? "" : "s") read as empty") }
        return quirks
    }
}
