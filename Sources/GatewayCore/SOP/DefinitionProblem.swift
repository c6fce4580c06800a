import Foundation

/// One thing wrong with an SOP definition file, with its place: the file,
/// the step number (when the problem belongs to a step) and the field.
public struct DefinitionProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    public let file: String
    public let step: Int?
    public let field: String?
    /// A sentence that says what is wrong, starting with the field.
    public let message: String

    public init(file: String, step: Int?, field: String?, message: String) {
        self.file = file
        self.step = step
        self.field = field
        self.message = message
    }

    /// "config/sop/izin-perluasan.json: step 9: decision 'no' points to step 30, which does not exist"
    public var description: String {
        [file, step.map { "step \($0)" }, message].compactMap { $0 }.joined(separator: ": ")
    }
}

/// A definition that failed to decode or validate; `problems` lists them all.
public struct DefinitionError: Error, Sendable, Equatable, CustomStringConvertible {
    public let problems: [DefinitionProblem]

    public init(problems: [DefinitionProblem]) {
        self.problems = problems
    }

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}

extension DefinitionProblem {
    init(file: String, decodingError: DecodingError, reading bytes: Data) {
        let (field, problem) = decodingError.explained(reading: bytes)
        self.init(file: file, step: nil, field: field, message: field.map { "field '\($0)' \(problem)" } ?? "the file \(problem)")
    }
}
