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
        var object = Object()
        object.raw("actor", actor(entry.actor))
        object.date("at", entry.at)
        object.raw("attributes", {
            var attributes = Object()
            for (key, value) in entry.attributes { attributes.string(key, value) }
            return attributes.bytes
        }())
        object.raw("documents", strings(entry.documents))
        object.raw("event", event(entry.event))
        object.string("note", entry.note)
        object.integer("sequence", entry.sequence)
        object.integer("step", entry.step)
        return String(decoding: object.bytes, as: UTF8.self)
    }

    /// One entry as its object, several as an array of them.
    static func text(_ entries: [HistoryEntry]) -> String {
        guard entries.count != 1 else { return text(entries[0]) }
        return "[" + entries.map(text).joined(separator: ",") + "]"
    }

    static func text(_ position: Case.Position) -> String {
        var inner = Object()
        let name: String
        switch position {
        case .atStep(let active):
            name = "atStep"
            var step = Object()
            step.integer("activation", active.activation)
            step.date("deadline", active.deadline)
            step.bool("deadlinePassed", active.deadlinePassed)
            step.date("frozenSince", active.frozenSince)
            step.string("returnReason", active.returnReason)
            step.date("since", active.since)
            step.integer("step", active.step)
            inner.raw("_0", step.bytes)
        case .ended(let outcome, let reason, let at):
            name = "ended"
            inner.date("at", at)
            inner.string("outcome", outcome.rawValue)
            inner.string("reason", reason)
        }
        var object = Object()
        object.raw(name, inner.bytes)
        return String(decoding: object.bytes, as: UTF8.self)
    }

    static func text(_ permit: PermitCommitments) -> String {
        var object = Object()
        object.string("idIzin", permit.idIzin)
        object.string("nib", permit.nib)
        object.raw("commitments", list(permit.commitments.map { commitment in
            var item = Object()
            item.string("kind", commitment.kind.rawValue)
            item.string("state", commitment.state.rawValue)
            item.string("evidence", commitment.evidence)
            item.date("dueAt", commitment.dueAt)
            item.date("warnedAt", commitment.warnedAt)
            item.date("updatedAt", commitment.updatedAt)
            item.date("clockStartedAt", commitment.clockStartedAt)
            item.integer("workingDays", commitment.workingDays)
            item.date("breachedAt", commitment.breachedAt)
            return item.bytes
        }))
        var inner = Object()
        let name: String
        switch permit.effectiveness {
        case .pending: name = "pending"
        case .effective: name = "effective"
        case .notEffective(let reason):
            name = "notEffective"
            inner.string("reason", reason)
        }
        var effectiveness = Object()
        effectiveness.raw(name, inner.bytes)
        object.raw("effectiveness", effectiveness.bytes)
        return String(decoding: object.bytes, as: UTF8.self)
    }

    /// Lists of strings (an inbox row's headers, the cases a message touched).
    static func text(_ lists: [[String]]) -> String {
        String(decoding: list(lists.map(strings)), as: UTF8.self)
    }

    static func text(_ values: [String]) -> String {
        String(decoding: strings(values), as: UTF8.self)
    }

    private static func strings(_ values: [String]) -> [UInt8] {
        list(values.map { value in
            var bytes: [UInt8] = []
            JSONText.appendString(value, to: &bytes)
            return bytes
        })
    }

    private static func list(_ items: [[UInt8]]) -> [UInt8] {
        var output: [UInt8] = [UInt8(ascii: "[")]
        for (index, item) in items.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: item)
        }
        output.append(UInt8(ascii: "]"))
        return output
    }

    private static func actor(_ actor: Actor) -> [UInt8] {
        var inner = Object()
        let name: String
        switch actor {
        case .officer(let id, let role):
            name = "officer"
            inner.string("id", id)
            inner.string("role", role)
        case .applicant(let via):
            name = "applicant"
            inner.string("via", via)
        case .system(let system):
            name = "system"
            inner.string("_0", system)
        case .gateway:
            name = "gateway"
        }
        var object = Object()
        object.raw(name, inner.bytes)
        return object.bytes
    }

    private static func event(_ event: HistoryEntry.Event) -> [UInt8] {
        var inner = Object()
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
        case .deadlinePassed(let activation, let deadline):
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
            inner.raw("changes", list(changes.map { change in
                var item = Object()
                item.string("field", change.field)
                item.string("new", change.new)
                item.string("old", change.old)
                return item.bytes
            }))
        case .migrated(let activation, let fromVersion, let toVersion, let fromStep):
            inner.integer("activation", activation)
            inner.integer("fromStep", fromStep)
            inner.integer("fromVersion", fromVersion)
            inner.integer("toVersion", toVersion)
        }
        var object = Object()
        object.raw(event.kind, inner.bytes)
        return object.bytes
    }

    /// A JSON object whose fields are written in sorted order; nil values are left out, as encodeIfPresent does.
    private struct Object {
        private var fields: [(key: String, value: [UInt8])] = []

        mutating func raw(_ key: String, _ value: [UInt8]) { fields.append((key, value)) }

        mutating func string(_ key: String, _ value: String?) {
            guard let value else { return }
            var bytes: [UInt8] = []
            JSONText.appendString(value, to: &bytes)
            fields.append((key, bytes))
        }

        mutating func integer(_ key: String, _ value: Int?) {
            guard let value else { return }
            fields.append((key, Array(String(value).utf8)))
        }

        mutating func bool(_ key: String, _ value: Bool?) {
            guard let value else { return }
            fields.append((key, Array((value ? "true" : "false").utf8)))
        }

        /// An instant as milliseconds since 1970, the stores' date strategy.
        mutating func date(_ key: String, _ value: Date?) {
            guard let value else { return }
            var bytes: [UInt8] = []
            JSONText.appendNumber(value.timeIntervalSince1970 * 1000, to: &bytes)
            fields.append((key, bytes))
        }

        var bytes: [UInt8] {
            var output: [UInt8] = [UInt8(ascii: "{")]
            for (index, field) in fields.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONText.appendString(field.key, to: &output)
                output.append(UInt8(ascii: ":"))
                output.append(contentsOf: field.value)
            }
            output.append(UInt8(ascii: "}"))
            return output
        }
    }
}
