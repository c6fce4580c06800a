import Foundation
import GatewayCore

/// The OSS integration guide's field tables (PIA 4.3.22, `src/endpoint.js`), as
/// `fixtures/pia/pia.json` transcribes them, with `fixtures/pia/corrections.json`
/// applied where the guide contradicts itself: for each method, the fields its
/// request and its reply may hold, which of them are mandatory, their types and
/// lengths. The mock OSS completes its pushes from it, and tests hold what the
/// mock serves and what the gateway sends to it.
public struct PIAContract: Sendable {
    /// A request (what the caller sends) or a reply (what it gets back).
    public enum Part: String, Sendable, Codable {
        case request, reply
    }

    /// One field of a table: `string`, `number`, `boolean`, `object` or `array`
    /// (of objects, with `fields` per element).
    public struct Field: Sendable, Codable, Equatable {
        public var type: String
        public var maxLength: Int?
        public var mandatory: Bool
        public var description: String?
        public var fields: [String: Field]?
        /// Types taken besides `type` (corrections.json: the guide's examples disagree with its table).
        public var accepts: [String]?
        /// A mandatory text that may be sent empty (corrections.json: OSS itself sends it so); otherwise mandatory
        /// means present and not blank.
        public var mayBeEmpty: Bool?
    }

    /// A method's tables and who calls it: `agency` (the agency calls OSS) or `oss` (OSS pushes to the agency).
    public struct Method: Sendable, Codable, Equatable {
        public var caller: String
        public var version: String?
        public var request: [String: Field]
        public var reply: [String: Field]
    }

    /// A place where the guide is wrong, and what is taken instead (with why, for the reader of corrections.json).
    public struct Correction: Sendable, Codable {
        /// The method, or `methods`: the same field wrong alike in several.
        public var method: String?
        public var methods: [String]?
        public var part: Part
        public var field: String
        public var maxLength: Int?
        public var type: String?
        public var accepts: [String]?
        public var mandatory: Bool?
        /// OSS itself sends the mandatory field empty (the correction's `why` gives the source): an empty one is taken.
        public var mayBeEmpty: Bool?
        /// The field is placed here instead (a row the guide put under the wrong parent); nil leaves it where it is.
        public var moveTo: String?
        /// The guide's row is dropped altogether.
        public var drop: Bool?
        public var why: String
    }

    private struct CorrectionsFile: Codable {
        let corrections: [Correction]
    }

    private struct Transcription: Codable {
        struct Stray: Codable {
            let `in`: Part
            let field: String
            let type: String
            let maxLength: Int?
            let mandatory: Bool
            let description: String?
        }
        struct RawMethod: Codable {
            let caller: String
            let version: String?
            let request: [String: Field]
            let reply: [String: Field]
            let strays: [Stray]?
        }
        let methods: [String: RawMethod]
    }

    public let methods: [String: Method]

    /// Reads a transcription and its corrections. A correction naming a field the
    /// transcription lacks is an error: the guide moved on and the correction must be looked at again.
    public init(transcription: Data, corrections: Data) throws {
        let raw = try JSONDecoder().decode(Transcription.self, from: transcription)
        let fixes = try JSONDecoder().decode(CorrectionsFile.self, from: corrections).corrections
        var methods: [String: Method] = [:]
        var strays: [String: [Transcription.Stray]] = [:]
        for (name, method) in raw.methods {
            methods[name] = Method(caller: method.caller, version: method.version, request: method.request, reply: method.reply)
            strays[name] = method.strays ?? []
        }
        for fix in fixes {
            for name in fix.methods ?? [fix.method ?? ""] {
                try Self.apply(fix, to: name, in: &methods, strays: strays[name] ?? [])
            }
        }
        self.methods = methods
    }

    private static func apply(_ fix: Correction, to name: String, in methods: inout [String: Method], strays: [Transcription.Stray]) throws {
        guard var method = methods[name] else { throw PIAContractError("corrections.json: no method \(name) in the guide") }
        var tree = fix.part == .request ? method.request : method.reply
        let path = fix.field.split(separator: ".").map(String.init)
        if let stray = strays.first(where: { $0.in == fix.part && $0.field == fix.field }), let target = fix.moveTo {
            let field = Field(type: stray.type, maxLength: stray.maxLength, mandatory: stray.mandatory, description: stray.description)
            guard put(field, at: target.split(separator: ".").map(String.init), in: &tree) else {
                throw PIAContractError("corrections.json: \(name) \(fix.part.rawValue) has no parent for \(target)")
            }
        } else if fix.drop == true {
            guard remove(path, in: &tree) else { throw PIAContractError("corrections.json: \(name) \(fix.part.rawValue) has no \(fix.field)") }
        } else {
            guard var field = find(path, in: tree) else {
                throw PIAContractError("corrections.json: \(name) \(fix.part.rawValue) has no \(fix.field)")
            }
            if let length = fix.maxLength { field.maxLength = length }
            if let type = fix.type { field.type = type }
            if let accepts = fix.accepts { field.accepts = accepts }
            if let mandatory = fix.mandatory { field.mandatory = mandatory }
            if let mayBeEmpty = fix.mayBeEmpty { field.mayBeEmpty = mayBeEmpty }
            _ = put(field, at: path, in: &tree)
        }
        if fix.part == .request { method.request = tree } else { method.reply = tree }
        methods[name] = method
    }

    /// The contract in `folder` (pia.json and corrections.json).
    public static func load(folder: String) throws -> PIAContract {
        let base = URL(fileURLWithPath: folder)
        return try PIAContract(transcription: Data(contentsOf: base.appendingPathComponent("pia.json")),
                               corrections: Data(contentsOf: base.appendingPathComponent("corrections.json")))
    }

    // MARK: Checking

    /// What in `body` the guide does not allow: a field it does not define, a mandatory one missing or blank,
    /// a value of another type, a text longer than its length. Empty when the body follows the guide.
    public func problems(in body: JSONValue, of method: String, _ part: Part) -> [String] {
        guard let table = methods[method].map({ part == .request ? $0.request : $0.reply }) else {
            return ["\(method): not a method of the guide"]
        }
        var problems: [String] = []
        Self.check(body, against: table, path: "", blankIsMissing: writtenByTheAgency(method, part), into: &problems)
        return problems
    }

    /// Whether the agency writes this part of the method: the request of a method it calls, the reply to one OSS calls.
    /// What the agency writes holds a mandatory text to something to read; what OSS writes is OSS's own to leave blank
    /// (its new NIBs carry no permit number yet; oss-rba.md failure mode 7: "-" where it has nothing).
    public func writtenByTheAgency(_ method: String, _ part: Part) -> Bool {
        (methods[method]?.caller == "agency") == (part == .request)
    }

    private static func check(_ value: JSONValue, against table: [String: Field], path: String, blankIsMissing: Bool,
                              into problems: inout [String]) {
        guard let object = value.object else {
            problems.append("\(path.isEmpty ? "the body" : path): an object in the guide, found \(kind(of: value))")
            return
        }
        for key in object.keys.sorted() where table[key] == nil {
            problems.append("\(join(path, key)): the guide does not define it")
        }
        for (key, field) in table.sorted(by: { $0.key < $1.key }) {
            let here = join(path, key)
            guard let given = object[key] else {
                if field.mandatory { problems.append("\(here): mandatory in the guide, missing") }
                continue
            }
            check(given, as: field, path: here, blankIsMissing: blankIsMissing, into: &problems)
        }
    }

    private static func check(_ value: JSONValue, as field: Field, path: String, blankIsMissing: Bool, into problems: inout [String]) {
        let found = kind(of: value)
        let allowed = [field.type] + (field.accepts ?? [])
        guard allowed.contains(found) || (found == "integer" && allowed.contains("number")) else {
            problems.append("\(path): \(field.type) in the guide, found \(found)")
            return
        }
        switch value {
        case .string(let text):
            // Mandatory means something to read: "" or spaces say nothing (an empty id_produk names no product).
            if blankIsMissing, field.mandatory, field.mayBeEmpty != true, text.allSatisfy(\.isWhitespace) {
                problems.append("\(path): mandatory in the guide, empty")
            }
            if let limit = field.maxLength, text.count > limit {
                problems.append("\(path): \(text.count) characters, the guide allows \(limit)")
            }
        case .object where field.fields != nil:
            check(value, against: field.fields ?? [:], path: path, blankIsMissing: blankIsMissing, into: &problems)
        case .array(let items) where field.fields != nil:
            for (index, item) in items.enumerated() {
                check(item, against: field.fields ?? [:], path: "\(path)[\(index)]", blankIsMissing: blankIsMissing, into: &problems)
            }
        default:
            break
        }
    }

    // MARK: Completing

    /// `body` with every mandatory field it lacks added empty ("", 0, false, [] or an object completed
    /// the same way): a sender that has nothing to say in a field still sends it, as the guide requires.
    public func completed(_ body: JSONValue, of method: String, _ part: Part) -> JSONValue {
        guard let table = methods[method].map({ part == .request ? $0.request : $0.reply }) else { return body }
        return Self.complete(body, table, dropping: false)
    }

    /// `body` completed, and without the fields the method's table does not define: data kept for one
    /// method (a dataNIB as receiveNIB delivered it) answered through another (inqueryNIB).
    public func conformed(_ body: JSONValue, of method: String, _ part: Part) -> JSONValue {
        guard let table = methods[method].map({ part == .request ? $0.request : $0.reply }) else { return body }
        return Self.complete(body, table, dropping: true)
    }

    private static func complete(_ value: JSONValue, _ table: [String: Field], dropping: Bool) -> JSONValue {
        guard var object = value.object else { return value }
        if dropping { object = object.filter { table[$0.key] != nil } }
        for (key, field) in table {
            if let given = object[key] {
                switch given {
                case .object where field.fields != nil: object[key] = complete(given, field.fields ?? [:], dropping: dropping)
                case .array(let items) where field.fields != nil:
                    object[key] = .array(items.map { complete($0, field.fields ?? [:], dropping: dropping) })
                default: break
                }
            } else if field.mandatory {
                object[key] = empty(field)
            }
        }
        return .object(object)
    }

    private static func empty(_ field: Field) -> JSONValue {
        switch field.type {
        case "number": .integer(0)
        case "boolean": .bool(false)
        case "object": complete(.object([:]), field.fields ?? [:], dropping: false)
        case "array": .array([])
        default: .string("")
        }
    }

    // MARK: Trees

    private static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    private static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }

    private static func find(_ path: [String], in tree: [String: Field]) -> Field? {
        guard let first = path.first, let field = tree[first] else { return nil }
        return path.count == 1 ? field : find(Array(path.dropFirst()), in: field.fields ?? [:])
    }

    private static func put(_ field: Field, at path: [String], in tree: inout [String: Field]) -> Bool {
        guard let first = path.first else { return false }
        if path.count == 1 {
            tree[first] = field
            return true
        }
        guard var parent = tree[first] else { return false }
        var children = parent.fields ?? [:]
        guard put(field, at: Array(path.dropFirst()), in: &children) else { return false }
        parent.fields = children
        tree[first] = parent
        return true
    }

    private static func remove(_ path: [String], in tree: inout [String: Field]) -> Bool {
        guard let first = path.first else { return false }
        if path.count == 1 { return tree.removeValue(forKey: first) != nil }
        guard var parent = tree[first], var children = parent.fields, remove(Array(path.dropFirst()), in: &children) else { return false }
        parent.fields = children
        tree[first] = parent
        return true
    }
}

/// A transcription or correction that cannot be read, named.
public struct PIAContractError: Error, CustomStringConvertible, Equatable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
