import Foundation
import GatewayCore
import GatewayStore

/// What waits for a role: the active steps it performs, oldest deadline first
/// (steps without a time standard last), with the working time left. Served at
/// `GET /api/tasks` and printed by `gerbang tasks`.
public enum WorkList {
    public static func tasks(
        role: String, in database: GatewayDatabase, definitions: SOPDefinitions, calendar: WorkCalendar, now: Date
    ) throws -> [TaskView] {
        // Only the cases at a step the role performs in some version of an SOP are read: the work list stays as fast
        // with 20,000 cases as with 20. Which of them are the role's is then said by each case's own version.
        var steps: [String: Set<Int>] = [:]
        for definition in definitions.all {
            for step in definition.steps where step.role == role { steps[definition.id, default: []].insert(step.number) }
        }
        var waiting: [CaseSummary] = []
        for (sop, numbers) in steps {
            for number in numbers {
                waiting += try database.cases.active(processID: sop, step: number)
            }
        }
        // A case whose new NIB OSS has not yet been asked about waits on OSS, not on the role (NIBChecker).
        return try waiting
            .filter { try database.nibChecks.awaited(byCase: $0.id, reference: $0.reference) == nil }
            .map { ($0, CaseTask($0, definition: definitions.definition($0.processID, version: $0.sopVersion), calendar: calendar)) }
            .filter { $0.1.role == role }
            .sorted { ($0.0.deadline ?? .distantFuture, $0.0.id) < ($1.0.deadline ?? .distantFuture, $1.0.id) }
            .map { summary, task in TaskView(task: task, workingSecondsLeft: summary.deadline.map { calendar.workingSeconds(from: now, to: $0) }) }
    }
}

/// A line of `GET /api/tasks`: the case's work-list line and the working time left.
public struct TaskView: Encodable, Sendable {
    public let task: CaseTask
    /// Working seconds until the step's time standard passes (office hours, holidays skipped); negative once over.
    public let workingSecondsLeft: Int?

    public func encode(to encoder: any Encoder) throws {
        try task.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encodeIfPresent(workingSecondsLeft, forKey: .workingSecondsLeft)
        try container.encodeIfPresent(workingSecondsLeft.map(TimeLeft.text), forKey: .timeLeft)
    }

    private enum Keys: String, CodingKey {
        case workingSecondsLeft, timeLeft
    }
}

/// Working time as officers read it: "3 jam 20 menit", "lewat 1 jam 5 menit".
public enum TimeLeft {
    /// How long ago, in the largest unit that fits: "42s", "17m", "5h", "3d".
    public static func age(_ seconds: TimeInterval) -> String {
        let whole = max(0, Int(seconds))
        switch whole {
        case ..<60: return "\(whole)s"
        case ..<3600: return "\(whole / 60)m"
        case ..<86_400: return "\(whole / 3600)h"
        default: return "\(whole / 86_400)d"
        }
    }

    public static func text(_ seconds: Int) -> String {
        let minutes = abs(seconds) / 60
        let words = minutes >= 60 ? "\(minutes / 60) jam \(minutes % 60) menit" : "\(minutes) menit"
        return seconds < 0 ? "lewat " + words : words
    }
}

