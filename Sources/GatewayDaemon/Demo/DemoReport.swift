import Foundation
import GatewayCore

/// What the demo did: each case's path and step times, and the checks it ran on itself.
public struct DemoReport {
    /// One completed step (or returned application) of a case.
    public struct StepRun {
        public let step: Int
        public let role: String
        public let action: String?
        public let startedAt: Date
        public let finishedAt: Date
        public let workingSeconds: Int
        public let standard: StepDuration?
        public let deadline: Date?
        /// Working seconds past the deadline; nil when there is no standard or it was met.
        public let lateBy: Int?
    }

    public struct CaseRun {
        public let id: String
        public let processID: String
        public var steps: [StepRun] = []
        public var escalations: [Int] = []
        /// Events the engine had to refuse at this case's first officer step.
        public var refusals: [Check] = []
        public var final: Case?
    }

    public struct SOPRun {
        public let definition: ProcessDefinition
        public var cases: [CaseRun] = []
        public var branchesTaken: Int = 0
        public var branchesTotal: Int = 0
    }

    public struct Check {
        public let name: String
        public let passed: Bool
        public let detail: String
    }

    public var sops: [SOPRun] = []
    public var checks: [Check] = []
    public let databasePath: String

    public var passed: Bool { checks.allSatisfy(\.passed) }

    var allCases: [CaseRun] { sops.flatMap(\.cases) }

    // MARK: Rendering

    /// A case's path: "1 → 2 → 5[no] → 3 …", with the answer at each decision.
    static func path(of run: CaseRun) -> String {
        run.steps.map { step in step.action.map { "\(step.step)[\($0)]" } ?? "\(step.step)" }.joined(separator: " → ")
    }

    /// The summary table and the result of the self-checks.
    public func summary() -> [String] {
        var lines = ["", "Summary"]
        let header = ["SOP", "cases", "approved", "rejected", "steps", "on time", "late", "no standard", "branches"]
        var rows: [[String]] = []
        for sop in sops {
            let steps = sop.cases.flatMap(\.steps)
            let timed = steps.filter { $0.standard != nil }
            rows.append([
                sop.definition.id, "\(sop.cases.count)",
                "\(sop.cases.filter { $0.final?.outcome == .approved }.count)",
                "\(sop.cases.filter { $0.final?.outcome == .rejected }.count)",
                "\(steps.count)", "\(timed.filter { $0.lateBy == nil }.count)", "\(timed.filter { $0.lateBy != nil }.count)",
                "\(steps.count - timed.count)", "\(sop.branchesTaken)/\(sop.branchesTotal)",
            ])
        }
        lines += TextTable.render(header: header, rows: rows, rightAligned: Set(1..<header.count)).map { "  " + $0 }
        lines.append("")
        for check in checks {
            lines.append("  \(check.passed ? "ok  " : "FAIL") \(check.name)\(check.detail.isEmpty ? "" : ": \(check.detail)")")
        }
        lines.append("")
        lines.append("database: \(databasePath)")
        lines.append("  browse it: gerbang cases --db \(databasePath)")
        lines.append(passed ? "demo passed its self-check" : "demo FAILED its self-check")
        return lines
    }
}

/// Left-aligned columns padded to the widest cell; numbers may be right-aligned.
public enum TextTable {
    public static func render(header: [String], rows: [[String]], rightAligned: Set<Int> = []) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: max(0, widths[column] - cell.count))
                return rightAligned.contains(column) ? padding + cell : cell + padding
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
    }
}
