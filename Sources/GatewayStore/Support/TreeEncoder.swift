import Foundation
import GatewayCore

/// Writes an Encodable value as JSON text the way the stores' JSONEncoder
/// would (keys sorted, instants as milliseconds since 1970, slashes
/// unescaped), so JSONDecoder reads it back unchanged.
///
/// Measured reason: in `gerbang bench ingest` two thirds of the writer
/// thread's time went to JSONEncoder (history entries, case positions,
/// commitments), and the writer is what every inbound message waits for.
/// This encoder builds a small tree and prints it; the tests check its text
/// against JSONEncoder's for every type the stores keep.
struct TreeEncoder {
    static func text(_ value: some Encodable) throws -> String {
        let root = try Self.node(for: value, path: [])
        var output: [UInt8] = []
        output.reserveCapacity(512)
        root.write(into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// The node for one value: primitives directly, everything else through its `encode(to:)`.
    static func node(for value: some Encodable, path: [any CodingKey]) throws -> Node {
        switch value {
        case let text as String: return .string(text)
        case let number as Int: return .integer(Int64(number))
        case let flag as Bool: return .bool(flag)
        case let number as Double: return .double(number)
        case let date as Date: return .double(date.timeIntervalSince1970 * 1000)  // .millisecondsSince1970
        default:
            let encoder = Encoding(codingPath: path)
            try value.encode(to: encoder)
            return encoder.result ?? .object(ObjectStorage())
        }
    }

    final class ObjectStorage {
        var fields: [String: Node] = [:]
    }

    final class ArrayStorage {
        var items: [Node] = []
    }

    indirect enum Node {
        case null
        case bool(Bool)
        case integer(Int64)
        case unsigned(UInt64)
        case double(Double)
        case string(String)
        case array(ArrayStorage)
        case object(ObjectStorage)
        /// A value a super-encoder writes after its slot was made.
        case later(Encoding)

        func write(into output: inout [UInt8]) {
            switch self {
            case .null: output.append(contentsOf: "null".utf8)
            case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
            case .integer(let number): output.append(contentsOf: String(number).utf8)
            case .unsigned(let number): output.append(contentsOf: String(number).utf8)
            case .double(let number): JSONText.appendNumber(number, to: &output)
            case .string(let text): JSONText.appendString(text, to: &output)
            case .array(let storage):
                output.append(UInt8(ascii: "["))
                for (index, item) in storage.items.enumerated() {
                    if index > 0 { output.append(UInt8(ascii: ",")) }
                    item.write(into: &output)
                }
                output.append(UInt8(ascii: "]"))
            case .object(let storage):
                output.append(UInt8(ascii: "{"))
                for (index, key) in storage.fields.keys.sorted().enumerated() {
                    if index > 0 { output.append(UInt8(ascii: ",")) }
                    JSONText.appendString(key, to: &output)
                    output.append(UInt8(ascii: ":"))
                    storage.fields[key]!.write(into: &output)
                }
                output.append(UInt8(ascii: "}"))
            case .later(let encoder):
                (encoder.result ?? .object(ObjectStorage())).write(into: &output)
            }
        }
    }

    // MARK: The Encoder

    final class Encoding: Encoder {
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        var result: Node?

        init(codingPath: [any CodingKey]) {
            self.codingPath = codingPath
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if case .object(let storage)? = result { return KeyedEncodingContainer(Keyed<Key>(storage: storage, codingPath: codingPath)) }
            let storage = ObjectStorage()
            result = .object(storage)
            return KeyedEncodingContainer(Keyed<Key>(storage: storage, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if case .array(let storage)? = result { return Unkeyed(storage: storage, codingPath: codingPath) }
            let storage = ArrayStorage()
            result = .array(storage)
            return Unkeyed(storage: storage, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            Single(encoder: self)
        }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let storage: ObjectStorage
        let codingPath: [any CodingKey]

        mutating func encodeNil(forKey key: Key) { storage.fields[key.stringValue] = .null }
        mutating func encode(_ value: Bool, forKey key: Key) { storage.fields[key.stringValue] = .bool(value) }
        mutating func encode(_ value: String, forKey key: Key) { storage.fields[key.stringValue] = .string(value) }
        mutating func encode(_ value: Double, forKey key: Key) { storage.fields[key.stringValue] = .double(value) }
        mutating func encode(_ value: Float, forKey key: Key) { storage.fields[key.stringValue] = .double(Double(value)) }
        mutating func encode(_ value: Int, forKey key: Key) { storage.fields[key.stringValue] = .integer(Int64(value)) }
        mutating func encode(_ value: Int8, forKey key: Key) { storage.fields[key.stringValue] = .integer(Int64(value)) }
        mutating func encode(_ value: Int16, forKey key: Key) { storage.fields[key.stringValue] = .integer(Int64(value)) }
        mutating func encode(_ value: Int32, forKey key: Key) { storage.fields[key.stringValue] = .integer(Int64(value)) }
        mutating func encode(_ value: Int64, forKey key: Key) { storage.fields[key.stringValue] = .integer(value) }
        mutating func encode(_ value: UInt, forKey key: Key) { storage.fields[key.stringValue] = .unsigned(UInt64(value)) }
        mutating func encode(_ value: UInt8, forKey key: Key) { storage.fields[key.stringValue] = .unsigned(UInt64(value)) }
        mutating func encode(_ value: UInt16, forKey key: Key) { storage.fields[key.stringValue] = .unsigned(UInt64(value)) }
        mutating func encode(_ value: UInt32, forKey key: Key) { storage.fields[key.stringValue] = .unsigned(UInt64(value)) }
        mutating func encode(_ value: UInt64, forKey key: Key) { storage.fields[key.stringValue] = .unsigned(value) }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            storage.fields[key.stringValue] = try TreeEncoder.node(for: value, path: codingPath + [key])
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let nested = ObjectStorage()
            storage.fields[key.stringValue] = .object(nested)
            return KeyedEncodingContainer(Keyed<NestedKey>(storage: nested, codingPath: codingPath + [key]))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let nested = ArrayStorage()
            storage.fields[key.stringValue] = .array(nested)
            return Unkeyed(storage: nested, codingPath: codingPath + [key])
        }

        mutating func superEncoder() -> any Encoder {
            let encoder = Encoding(codingPath: codingPath)
            storage.fields["super"] = .later(encoder)
            return encoder
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            let encoder = Encoding(codingPath: codingPath + [key])
            storage.fields[key.stringValue] = .later(encoder)
            return encoder
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let storage: ArrayStorage
        let codingPath: [any CodingKey]
        var count: Int { storage.items.count }

        mutating func encodeNil() { storage.items.append(.null) }
        mutating func encode(_ value: Bool) { storage.items.append(.bool(value)) }
        mutating func encode(_ value: String) { storage.items.append(.string(value)) }
        mutating func encode(_ value: Double) { storage.items.append(.double(value)) }
        mutating func encode(_ value: Int) { storage.items.append(.integer(Int64(value))) }
        mutating func encode(_ value: Int64) { storage.items.append(.integer(value)) }

        mutating func encode<T: Encodable>(_ value: T) throws {
            storage.items.append(try TreeEncoder.node(for: value, path: codingPath))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let nested = ObjectStorage()
            storage.items.append(.object(nested))
            return KeyedEncodingContainer(Keyed<NestedKey>(storage: nested, codingPath: codingPath))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let nested = ArrayStorage()
            storage.items.append(.array(nested))
            return Unkeyed(storage: nested, codingPath: codingPath)
        }

        mutating func superEncoder() -> any Encoder {
            let encoder = Encoding(codingPath: codingPath)
            storage.items.append(.later(encoder))
            return encoder
        }
    }

    struct Single: SingleValueEncodingContainer {
        let encoder: Encoding
        var codingPath: [any CodingKey] { encoder.codingPath }

        mutating func encodeNil() { encoder.result = .null }
        mutating func encode(_ value: Bool) { encoder.result = .bool(value) }
        mutating func encode(_ value: String) { encoder.result = .string(value) }
        mutating func encode(_ value: Double) { encoder.result = .double(value) }
        mutating func encode(_ value: Float) { encoder.result = .double(Double(value)) }
        mutating func encode(_ value: Int) { encoder.result = .integer(Int64(value)) }
        mutating func encode(_ value: Int8) { encoder.result = .integer(Int64(value)) }
        mutating func encode(_ value: Int16) { encoder.result = .integer(Int64(value)) }
        mutating func encode(_ value: Int32) { encoder.result = .integer(Int64(value)) }
        mutating func encode(_ value: Int64) { encoder.result = .integer(value) }
        mutating func encode(_ value: UInt) { encoder.result = .unsigned(UInt64(value)) }
        mutating func encode(_ value: UInt8) { encoder.result = .unsigned(UInt64(value)) }
        mutating func encode(_ value: UInt16) { encoder.result = .unsigned(UInt64(value)) }
        mutating func encode(_ value: UInt32) { encoder.result = .unsigned(UInt64(value)) }
        mutating func encode(_ value: UInt64) { encoder.result = .unsigned(value) }

        mutating func encode<T: Encodable>(_ value: T) throws {
            encoder.result = try TreeEncoder.node(for: value, path: codingPath)
        }
    }
}
