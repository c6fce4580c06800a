import Foundation
import GatewayCore

/// The JSON of the values every inbound message stores (history entries, a
/// case's position, a permit's commitments, an inbox row's lists), written by hand.
///
/// Measured reason: every transition stores two to four history entries and
/// a position, and through Codable an entry took 23 µs even with an encoder
/// of our own (JSONEncoder took longer): the largest cost of the writer in
/// `gerbang bench ingest`. These
/// write the same text as the synthesized Codable conformances with
/// JSONEncoder (sorted keys, milliseconds), which JSONDecoder reads back;
/// StoreJSONTests compares them for every kind of entry, actor and position.
enum StoreJSON {
    static func text(_ entry: HistoryEntry) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(Self.entryCapacity)
        write(entry, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// One entry as its object, several as an array of them.
    static func text(_ entries: [HistoryEntry]) -> String {
        guard entries.count != 1 else { return text(entries[0]) }
        var output: [UInt8] = [UInt8(ascii: "[")]
        output.reserveCapacity(entries.count * Self.entryCapacity)
        for (index, entry) in entries.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            write(entry, to: &output)
        }
        output.append(UInt8(ascii: "]"))
        return String(decoding: output, as: UTF8.self)
    }

    /// Room for one entry as most are written (150 to 300 bytes), so its buffer is not grown and copied on the way.
    private static let entryCapacity = 384

    private static func write(_ entry: HistoryEntry, to output: inout [UInt8]) {
        Object.write(to: &output) { object in
            object.object("actor") { write(entry.actor, to: &$0) }
            object.date("at", entry.at)
            object.object("attributes") { attributes in
                for key in entry.attributes.keys.sorted() { attributes.string(key, entry.attributes[key]) }
            }
            object.strings("documents", entry.documents)
            object.object("event") { write(entry.event, to: &$0) }
            object.string("note", entry.note)
            object.integer("sequence", entry.sequence)
            object.integer("step", entry.step)
        }
    }

    static func text(_ position: Case.Position) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        Object.write(to: &output) { object in
            switch position {
            case .atStep(let active):
                object.object("atStep") { inner in
                    inner.object("_0") { step in
                        step.integer("activation", active.activation)
                        step.date("deadline", active.deadline)
                        step.bool("deadlinePassed", active.deadlinePassed)
                        step.date("frozenSince", active.frozenSince)
                        step.string("returnReason", active.returnReason)
                        step.date("since", active.since)
                        step.integer("step", active.step)
                    }
                }
            case .ended(let outcome, let reason, let at):
                object.object("ended") { inner in
                    inner.date("at", at)
                    inner.string("outcome", outcome.rawValue)
                    inner.string("reason", reason)
                }
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    static func text(_ permit: PermitCommitments) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(512)
        Object.write(to: &output) { object in
            object.array("commitments", permit.commitments) { commitment, output in
                Object.write(to: &output) { item in
                    item.date("breachedAt", commitment.breachedAt)
                    item.date("clockStartedAt", commitment.clockStartedAt)
                    item.date("dueAt", commitment.dueAt)
                    item.string("evidence", commitment.evidence)
                    item.string("kind", commitment.kind.rawValue)
                    item.date("pausedAt", commitment.pausedAt)
                    item.string("pausedFor", commitment.pausedFor?.rawValue)
                    item.integer("pausedWorkingSeconds", commitment.pausedWorkingSeconds)
                    item.string("state", commitment.state.rawValue)
                    item.date("updatedAt", commitment.updatedAt)
                    item.date("warnedAt", commitment.warnedAt)
                    item.integer("workingDays", commitment.workingDays)
                }
            }
            object.object("effectiveness") { effectiveness in
                switch permit.effectiveness {
                case .pending: effectiveness.object("pending") { _ in }
                case .effective: effectiveness.object("effective") { _ in }
                case .notEffective(let reason): effectiveness.object("notEffective") { $0.string("reason", reason) }
                case .ended(let reason): effectiveness.object("ended") { $0.string("reason", reason) }
                }
            }
            object.string("idIzin", permit.idIzin)
            object.string("nib", permit.nib)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Lists of strings (an inbox row's headers, the cases a message touched).
    static func text(_ lists: [[String]]) -> String {
        var output: [UInt8] = []
        list(lists, to: &output) { values, output in strings(values, to: &output) }
        return String(decoding: output, as: UTF8.self)
    }

    static func text(_ values: [String]) -> String {
        var output: [UInt8] = []
        strings(values, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private static func strings(_ values: [String], to output: inout [UInt8]) {
        list(values, to: &output) { value, output in JSONText.appendString(value, to: &output) }
    }

    private static func list<T>(_ items: [T], to output: inout [UInt8], _ write: (T, inout [UInt8]) -> Void) {
        output.append(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            write(item, &output)
        }
        output.append(UInt8(ascii: "]"))
    }

    /// An actor as the synthesized Codable writes an enum: its case as the one key, its values inside.
    private static func write(_ actor: Actor, to object: inout Object) {
        switch actor {
        case .applicant(let via): object.object("applicant") { $0.string("via", via) }
        case .gateway: object.object("gateway") { _ in }
        case .officer(let id, let role):
            object.object("officer") { inner in
                inner.string("id", id)
                inner.string("role", role)
            }
        case .system(let system): object.object("system") { $0.string("_0", system) }
        }
    }

    private static func write(_ event: HistoryEntry.Event, to object: inout Object) {
        object.object(event.kind) { inner in
            switch event {
            case .opened(let reference):
                inner.string("reference", reference)
            case .started(let activation, let deadline):
                inner.integer("activation", activation)
                inner.date("deadline", deadline)
            case .completed(let activation, let answer, let message, let onTime):
                inner.integer("activation", activation)
                inner.string("answer", answer?.rawValue)
                inner.string("message", message)
                inner.bool("onTime", onTime)
            case .returnedIncomplete(let activation, let toStep):
                inner.integer("activation", activation)
                inner.integer("toStep", toStep)
            case .deadlinePassed(let activation, let deadline), .applicantReminded(let activation, let deadline):
                inner.integer("activation", activation)
                inner.date("deadline", deadline)
            case .deadlineMoved(let activation, let from, let to):
                inner.integer("activation", activation)
                inner.date("from", from)
                inner.date("to", to)
            case .attached(let activation):
                inner.integer("activation", activation)
            case .ended(let outcome, let reason):
                inner.string("outcome", outcome.rawValue)
                inner.string("reason", reason)
            case .frozen(let activation):
                inner.integer("activation", activation)
            case .resumed(let activation, let deadline):
                inner.integer("activation", activation)
                inner.date("deadline", deadline)
            case .nibChanged(let changes):
                inner.array("changes", changes) { change, output in
                    Object.write(to: &output) { item in
                        item.string("field", change.field)
                        item.string("new", change.new)
                        item.string("old", change.old)
                    }
                }
            case .migrated(let activation, let fromVersion, let toVersion, let fromStep):
                inner.integer("activation", activation)
                inner.integer("fromStep", fromStep)
                inner.integer("fromVersion", fromVersion)
                inner.integer("toVersion", toVersion)
            }
        }
    }

    /// A JSON object written straight into its output, field after field: nil values are left out, as
    /// encodeIfPresent does, and the fields must come in the sorted order JSONEncoder's sortedKeys writes
    /// (checked in debug builds), so nothing is gathered, copied or sorted first.
    private struct Object {
        private(set) var output: [UInt8]
        private var fields = 0
        #if DEBUG
        private var lastKey: String?
        #endif

        /// Writes `{`, the fields `fill` gives, and `}` to the end of `output`.
        static func write(to output: inout [UInt8], _ fill: (inout Object) -> Void) {
            var object = Object(output: [])
            swap(&object.output, &output)  // the object writes into the caller's buffer, with no copy
            object.output.append(UInt8(ascii: "{"))
            fill(&object)
            object.output.append(UInt8(ascii: "}"))
            swap(&object.output, &output)
        }

        private mutating func key(_ key: String) {
            #if DEBUG
            assert(lastKey.map { $0 < key } ?? true, "StoreJSON: field \(key) after \(lastKey ?? ""): JSONEncoder sorts keys")
            lastKey = key
            #endif
            if fields > 0 { output.append(UInt8(ascii: ",")) }
            fields += 1
            JSONText.appendString(key, to: &output)
            output.append(UInt8(ascii: ":"))
        }

        mutating func object(_ key: String, _ fill: (inout Object) -> Void) {
            self.key(key)
            Object.write(to: &output, fill)
        }

        mutating func array<T>(_ key: String, _ items: [T], _ write: (T, inout [UInt8]) -> Void) {
            self.key(key)
            StoreJSON.list(items, to: &output, write)
        }

        mutating func strings(_ key: String, _ values: [String]) {
            self.key(key)
            StoreJSON.strings(values, to: &output)
        }

        mutating func string(_ key: String, _ value: String?) {
            guard let value else { return }
            self.key(key)
            JSONText.appendString(value, to: &output)
        }

        mutating func integer(_ key: String, _ value: Int?) {
            guard let value else { return }
            self.key(key)
            JSONText.appendInteger(Int64(value), to: &output)
        }

        mutating func bool(_ key: String, _ value: Bool?) {
            guard let value else { return }
            self.key(key)
            output.append(contentsOf: (value ? "true" : "false").utf8)
        }

        /// An instant as milliseconds since 1970, the stores' date strategy.
        mutating func date(_ key: String, _ value: Date?) {
            guard let value else { return }
            self.key(key)
            JSONText.appendNumber(value.timeIntervalSince1970 * 1000, to: &output)
        }
    }
}
