import Foundation
import GatewayCore

/// An engine for each SOP in force and for every stored version of one: what every processing piece asks
/// "what does this case's SOP say". A case follows the version it opened on (``Case/sopVersion``) until it
/// ends or `gerbang sop migrate` moves it; the engines in force open new cases stamped with their version.
struct Procedures: Sendable {
    let library: SOPDefinitions
    let engines: [String: WorkflowEngine]
    private let calendar: WorkCalendar
    /// SOP id → how long an applicant may hold their step (serviceLevels.applicantTimeoutWorkingDays).
    private let applicantTimeouts: [String: StepDuration]

    var definitions: [String: ProcessDefinition] { library.inForce }

    init(_ library: SOPDefinitions, calendar: WorkCalendar, applicantTimeoutWorkingDays: [String: Int] = [:]) {
        self.library = library
        self.calendar = calendar
        let timeouts = applicantTimeoutWorkingDays.mapValues { StepDuration(value: $0, unit: .workingDays, text: "\($0) hari kerja") }
        applicantTimeouts = timeouts
        engines = library.inForce.mapValues { WorkflowEngine(definition: $0, version: library.versionInForce[$0.id], calendar: calendar,
                                                             applicantTimeout: timeouts[$0.id]) }
    }

    /// The engine of the version the case follows; a case without a version follows the one in force.
    func engine(of current: Case) -> WorkflowEngine? {
        guard let version = current.sopVersion else { return engines[current.processID] }
        return engine(current.processID, version: version)
    }

    /// The engine of one stored version of an SOP, if the gateway has it.
    func engine(_ sop: String, version: Int) -> WorkflowEngine? {
        if library.versionInForce[sop] == version { return engines[sop] }
        return library.definition(sop, version: version).map {
            WorkflowEngine(definition: $0, version: version, calendar: calendar, applicantTimeout: applicantTimeouts[sop])
        }
    }
}

extension WorkflowEngine {
    /// The engine's transition, with a refusal said as a ``ProcessingError`` the API answers with.
    func transition(_ event: WorkflowEvent, on current: Case, at time: Date) throws -> Transition {
        do {
            return try handle(event, on: current, at: time)
        } catch {
            throw ProcessingError.refused(error)
        }
    }

    /// ``migrate(_:toStep:note:at:)``, with a refusal said as a ``ProcessingError``.
    func migrated(_ current: Case, toStep step: Int, note: String?, at time: Date) throws -> Transition {
        do {
            return try migrate(current, toStep: step, note: note, at: time)
        } catch {
            throw ProcessingError.refused(error)
        }
    }
}
