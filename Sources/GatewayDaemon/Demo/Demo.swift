import Foundation
import GatewayCore
import GatewayStore

/// `gerbang demo` at this stage: runs cases through every SOP in process,
/// against a real SQLite file, with simulated officers, applicants and
/// national systems, on a simulated clock that starts on Thursday 17 December
/// 2026 so that the longer cases run into cuti bersama (24 December), Natal
/// (25 December) and weekends, and all stay within 2026, the last year whose
/// holidays the shipped calendar lists.
///
/// Each SOP gets cases until every branch (each decision's "yes" and "no",
/// each return to the applicant) has been taken once. A sweeper passes over
/// the stored deadline rows before each step completes, as the daemon's will.
/// The demo then reopens the database and checks itself.
public struct Demo {
    public struct Options {
        public var databasePath: String
        /// When the simulated clock starts; nil for Thursday 17 December 2026, 08:00 in the calendar's zone.
        public var start: Date?
        public var seed: UInt64
        /// At most this many cases per SOP, in case a definition's branches cannot all be reached in sequence.
        public var maximumCasesPerSOP: Int

        public init(databasePath: String, start: Date? = nil, seed: UInt64 = 2, maximumCasesPerSOP: Int = 4) {
            self.databasePath = databasePath
            self.start = start
            self.seed = seed
            self.maximumCasesPerSOP = maximumCasesPerSOP
        }
    }

    public let definitions: [ProcessDefinition]
    public let calendar: WorkCalendar

    public init(definitions: [ProcessDefinition], calendar: WorkCalendar) {
        self.definitions = definitions
        self.calendar = calendar
    }

    /// Runs the demo, printing each case as it finishes.
    public func run(_ options: Options, print: (String) -> Void) throws -> DemoReport {
        let store = try CaseStore.open(path: options.databasePath)
        var report = DemoReport(databasePath: options.databasePath)
        let start = options.start ?? calendar.instant(LocalDate(year: 2026, month: 12, day: 17)!, seconds: 8 * 3600)
        print("Gerbang demo: \(definitions.count) SOPs, clock starting \(TimeText.wallClock(start, in: calendar.timeZone)) \(calendar.local(start).date.year) (\(calendar.timeZone.identifier))")

        for (index, definition) in definitions.enumerated() {
            let engine = WorkflowEngine(definition: definition, calendar: calendar)
            let branches = SimulatedOffice.branches(of: definition)
            var office = SimulatedOffice(seed: options.seed &+ UInt64(index))
            var sop = DemoReport.SOPRun(definition: definition)
            print("")
            print("== \(definition.title) (\(definition.id): \(definition.steps.count) steps, seed \(definition.source))")
            repeat {
                let id = "\(definition.id)-\(sop.cases.count + 1)"
                let run = try runCase(id: id, engine: engine, store: store, office: &office, start: start,
                                      checkRefusals: sop.cases.isEmpty)
                sop.cases.append(run)
                printCase(run, definition: definition, print: print)
            } while !office.taken.isSuperset(of: branches) && sop.cases.count < options.maximumCasesPerSOP
            sop.branchesTaken = office.taken.intersection(branches).count
            sop.branchesTotal = branches.count
            report.sops.append(sop)
        }
        report.checks = try selfCheck(report)
        report.summary().forEach(print)
        return report
    }

    // MARK: One case

    private func runCase(
        id: String, engine: WorkflowEngine, store: CaseStore, office: inout SimulatedOffice, start: Date, checkRefusals: Bool
    ) throws -> DemoReport.CaseRun {
        let definition = engine.definition
        var run = DemoReport.CaseRun(id: id, processID: definition.id)
        var now = start
        var transition = engine.open(caseID: id, reference: "DEMO/\(id)", at: now)
        try store.save(transition)
        var current = transition.case

        while let active = current.activeStep, let step = definition.step(active.step), let role = definition.role(step.role) {
            let finish = calendar.adding(workingSeconds: office.workingSeconds(for: step), to: now)
            // The sweeper: deadline rows that fall due before the step is done.
            for due in try store.pendingDeadlines(dueBy: finish) where due.caseID == id {
                transition = try engine.handle(.deadlinePassed(step: due.step, activation: due.activation), on: current, at: due.dueAt)
                try store.save(transition)
                current = transition.case
                run.escalations.append(due.step)
            }
            now = finish
            if checkRefusals, run.refusals.isEmpty, role.kind == .officer {
                run.refusals = refusals(engine: engine, on: current, step: step, at: now)
            }
            let action = office.action(for: step)
            let event: WorkflowEvent
            let label: String?
            switch (action, role.kind) {
            case (.returnIncomplete, _):
                event = .returnIncomplete(step: step.number, by: officer(role), note: "Berkas belum lengkap: mohon dilengkapi")
                label = "incomplete"
            case (.complete(let answer), .officer):
                event = .complete(step: step.number, by: officer(role), answer: answer, note: answer.map { "Jawaban: \($0.rawValue)" })
                label = answer?.rawValue
            case (.complete(let answer), _):
                event = .message(name: step.awaits ?? "", answer: answer)
                label = answer?.rawValue
            }
            transition = try engine.handle(event, on: current, at: now)
            try store.save(transition)
            current = transition.case
            run.steps.append(DemoReport.StepRun(
                step: step.number, role: role.id, action: label, startedAt: active.since, finishedAt: now,
                workingSeconds: calendar.workingSeconds(from: active.since, to: now), standard: step.duration,
                deadline: active.deadline,
                lateBy: active.deadline.flatMap { now > $0 ? calendar.workingSeconds(from: $0, to: now) : nil }))
        }
        run.final = current
        return run
    }

    private func officer(_ role: Role) -> Officer {
        Officer(id: "petugas-\(role.id)", roles: [role.id])
    }

    /// Once per SOP, at its first officer step: an officer of another role and
    /// an event for a step out of turn must both be refused.
    private func refusals(engine: WorkflowEngine, on current: Case, step: Step, at time: Date) -> [DemoReport.Check] {
        let definition = engine.definition
        var checks: [DemoReport.Check] = []
        if let other = definition.roles.first(where: { $0.kind == .officer && $0.id != step.role }) {
            let event = WorkflowEvent.complete(step: step.number, by: officer(other), answer: step.decision == nil ? nil : .yes)
            checks.append(expectRefusal("\(definition.id): \(other.id) cannot complete step \(step.number) of \(step.role)",
                                        engine: engine, event: event, on: current, at: time))
        }
        if let later = definition.steps.first(where: { $0.number > step.number && definition.role($0.role)?.kind == .officer }),
           let laterRole = definition.role(later.role) {
            let event = WorkflowEvent.complete(step: later.number, by: officer(laterRole), answer: later.decision == nil ? nil : .yes)
            checks.append(expectRefusal("\(definition.id): step \(later.number) cannot be completed out of turn",
                                        engine: engine, event: event, on: current, at: time))
        }
        return checks
    }

    private func expectRefusal(_ name: String, engine: WorkflowEngine, event: WorkflowEvent, on current: Case, at time: Date) -> DemoReport.Check {
        do {
            _ = try engine.handle(event, on: current, at: time)
            return DemoReport.Check(name: name, passed: false, detail: "the engine accepted it")
        } catch {
            return DemoReport.Check(name: name, passed: true, detail: "\(error)")
        }
    }

    // MARK: Output

    private func printCase(_ run: DemoReport.CaseRun, definition: ProcessDefinition, print: (String) -> Void) {
        let outcome = run.final?.outcome.map(\.rawValue) ?? "not ended"
        print("case \(run.id): \(outcome)")
        print("  path: \(DemoReport.path(of: run)) → end")
        let rows = run.steps.map { step -> [String] in
            let result = step.standard == nil ? "no standard" : step.lateBy.map { "late by \(TimeText.span(seconds: $0))" } ?? "met"
            return ["\(step.step)", step.role, step.action ?? "", TimeText.wallClock(step.finishedAt, in: calendar.timeZone),
                    TimeText.span(seconds: step.workingSeconds), step.standard?.text ?? "-",
                    step.deadline.map { TimeText.wallClock($0, in: calendar.timeZone) } ?? "-", result]
        }
        let header = ["step", "role", "answer", "done", "took", "standard", "due", "time standard"]
        TextTable.render(header: header, rows: rows, rightAligned: [0, 4]).forEach { print("    " + $0) }
        if case .ended(_, let reason?, _) = run.final?.position {
            print("  reason: \(reason)")
        }
        if !run.escalations.isEmpty {
            print("  escalated: step \(run.escalations.map(String.init).joined(separator: ", step ")) passed its deadline before it was done")
        }
    }

    // MARK: Self-check

    private func selfCheck(_ report: DemoReport) throws -> [DemoReport.Check] {
        // A second connection sees only what was committed to the file.
        let reopened = try CaseStore.open(path: report.databasePath)
        let cases = report.allCases
        var checks: [DemoReport.Check] = []

        let mismatched = try cases.filter { try reopened.load($0.id) != $0.final }.map(\.id)
        checks.append(.init(name: "every case reads back from the database as it was left", passed: mismatched.isEmpty,
                            detail: mismatched.isEmpty ? "\(cases.count) cases" : "differs: \(mismatched.joined(separator: ", "))"))

        let open = cases.filter { $0.final?.outcome == nil }.map(\.id)
        checks.append(.init(name: "every case ended", passed: open.isEmpty, detail: open.joined(separator: ", ")))

        let outcomes = Set(cases.compactMap { $0.final?.outcome })
        checks.append(.init(name: "cases ended both approved and rejected", passed: outcomes == [.approved, .rejected],
                            detail: outcomes.map(\.rawValue).sorted().joined(separator: ", ")))

        let uncovered = report.sops.filter { $0.branchesTaken < $0.branchesTotal }.map(\.definition.id)
        let total = report.sops.map(\.branchesTotal).reduce(0, +)
        checks.append(.init(name: "every yes, no and return to the applicant was taken at least once", passed: uncovered.isEmpty,
                            detail: uncovered.isEmpty ? "\(total) branches" : "missing in \(uncovered.joined(separator: ", "))"))

        let history = cases.filter { run in run.final.map { $0.history.map(\.sequence) != Array(1...$0.history.count) } ?? true }
        checks.append(.init(name: "every history is numbered 1, 2, 3, … without gaps", passed: history.isEmpty,
                            detail: history.map(\.id).joined(separator: ", ")))

        let dangling = try reopened.pendingDeadlines(dueBy: .distantFuture)
        checks.append(.init(name: "no deadline is left pending for an ended case", passed: dangling.isEmpty,
                            detail: dangling.isEmpty ? "" : "\(dangling.count) pending"))

        let deadlineYears = Set(cases.flatMap(\.steps).compactMap(\.deadline).map { calendar.local($0).date.year })
        let uncoveredYears = deadlineYears.subtracting(calendar.coveredYears).sorted()
        checks.append(.init(name: "every deadline falls in a year whose holidays the calendar lists", passed: uncoveredYears.isEmpty,
                            detail: uncoveredYears.isEmpty ? deadlineYears.sorted().map(String.init).joined(separator: ", ")
                                : "add config/calendar/holidays-\(uncoveredYears[0]).json"))

        let late = cases.flatMap(\.steps).filter { $0.lateBy != nil }.count
        let escalated = cases.map(\.escalations.count).reduce(0, +)
        checks.append(.init(name: "every late step was escalated by the sweeper before it was done", passed: late == escalated,
                            detail: "\(late) late, \(escalated) escalated"))
        return checks + cases.flatMap(\.refusals)
    }
}
