import Foundation

/// Moving the open cases of one version of an SOP to another (`gerbang sop migrate ID --from V1 --to V2 --map FILE`):
/// for each step of the old version a case may wait at, the step of the new version it goes on at.
///
/// Nothing moves unless every step a case waits at is mapped, to a step the new version has: a case left
/// behind, or put at a step that does not exist, is what versions are there to prevent.
public struct SOPMigration: Sendable, Hashable {
    public let sopID: String
    public let from: Int
    public let to: Int
    /// Old step number → new step number.
    public let steps: [Int: Int]

    public init(sopID: String, from: Int, to: Int, steps: [Int: Int]) {
        self.sopID = sopID
        self.from = from
        self.to = to
        self.steps = steps
    }

    /// Reads a map file: a JSON object from old step numbers to new ones, `{"4": 4, "5": 6}`.
    /// - Throws: ``MapError`` naming the file and the entry that is not a step number.
    public static func steps(fromMapFile bytes: [UInt8], named file: String) throws(MapError) -> [Int: Int] {
        guard let value = try? JSONParser.parse(bytes) else {
            throw MapError(file: file, problem: "is not JSON: it should be an object of old step numbers to new ones, like {\"4\": 4, \"5\": 6}")
        }
        guard let object = value.object else {
            throw MapError(file: file, problem: "is not a JSON object of old step numbers to new ones, like {\"4\": 4, \"5\": 6}")
        }
        var steps: [Int: Int] = [:]
        for (key, value) in object {
            guard let old = Int(key), old > 0 else { throw MapError(file: file, problem: "key '\(key)' is not a step number") }
            guard case .integer(let new) = value, new > 0 else {
                throw MapError(file: file, problem: "step \(old) maps to \(String(decoding: JSONParser.serialize(value), as: UTF8.self)), "
                               + "which is not a step number")
            }
            steps[old] = new
        }
        guard !steps.isEmpty else { throw MapError(file: file, problem: "maps no step") }
        return steps
    }

    /// What stops the move, each said so that the map can be mended; empty when it may go ahead.
    /// - Parameter waiting: the steps of the old version open cases wait at, with how many cases each.
    public func problems(old: ProcessDefinition, new: ProcessDefinition, waiting: [Int: Int]) -> [String] {
        var problems: [String] = []
        if from == to { problems.append("version \(from) is both the old and the new one") }
        for (step, count) in waiting.sorted(by: { $0.key < $1.key }) where steps[step] == nil {
            problems.append("step \(step) of version \(from) has \(count) open case\(count == 1 ? "" : "s") and the map does not say where "
                            + "\(count == 1 ? "it goes" : "they go"): add \"\(step)\": N")
        }
        for (oldStep, newStep) in steps.sorted(by: { $0.key < $1.key }) {
            if old.step(oldStep) == nil {
                problems.append("step \(oldStep) is mapped, but version \(from) has no step \(oldStep)")
            }
            if new.step(newStep) == nil {
                problems.append("step \(oldStep) maps to step \(newStep), which version \(to) does not have (it has 1-\(new.steps.count))")
            }
        }
        return problems
    }

    /// A map file that could not be read.
    public struct MapError: Error, Sendable, Equatable, CustomStringConvertible {
        public let file: String
        public let problem: String

        public var description: String { "\(file): \(problem)" }
    }
}
