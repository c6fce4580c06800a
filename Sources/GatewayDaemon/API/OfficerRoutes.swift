import Foundation
import GatewayCore
import GatewayHTTP
import GatewayStore
import NationalSystems

/// The officers' API: work lists, cases, decisions and documents. Every route
/// needs a token; one that acts on a step needs a token for the step's role,
/// and a refusal for the role is kept in the sync log (403).
extension GatewayRoutes {
    func addOfficerAPI(to router: inout Router) {
        let authenticator = OfficerAuthenticator(runtime: runtime)
        router.get("/api/tasks") { [runtime] request in
            _ = try authenticator.officer(request)
            try request.acceptQuery(["role", "limit", "after"])
            let definitions = runtime.processor.definitions
            guard request.query["role"]?.isEmpty == false,
                  let role = try request.known("role", among: Set(definitions.values.flatMap { $0.roles.map(\.id) })) else {
                throw HTTPError(.badRequest, "role is required: /api/tasks?role=kabid (the roles are in config/sop/*.json)")
            }
            let (limit, after) = try request.paging()
            let tasks = try runtime.read { database in
                try WorkList.tasks(role: role, in: database, definitions: runtime.processor.library, calendar: runtime.configuration.calendar,
                                   now: runtime.clock.now())
            }
            guard let page = Page.of(tasks, limit: limit, after: after, cursor: \.task.id) else {
                throw HTTPError(.notFound, "after '\(after ?? "")' is no case waiting for \(role): give the next of the page before")
            }
            return .json(TaskListing(tasks: page.items, total: page.total, next: page.next))
        }
        router.get("/api/cases") { [runtime] request in
            _ = try authenticator.officer(request)
            try request.acceptQuery(["sop", "role", "status", "step", "breached", "limit", "after"])
            let definitions = runtime.processor.definitions
            let filter = try CaseFilter(request, definitions: definitions)
            let (limit, after) = try request.paging()
            let calendar = runtime.configuration.calendar
            let library = runtime.processor.library
            func task(_ summary: CaseSummary) -> CaseTask {
                CaseTask(summary, definition: library.definition(summary.processID, version: summary.sopVersion), calendar: calendar)
            }
            let page: Page<CaseTask>? = try runtime.read { database in
                if let after, try database.cases.load(after) == nil { return nil }
                guard let role = filter.role else {
                    let page = try database.cases.page(processID: filter.sop, status: filter.status, step: filter.step, breached: filter.breached,
                                                       limit: limit, after: after)
                    return Page(items: page.items.map(task), total: page.total, next: page.next)
                }
                // The role is the active step's, known only from the SOP: filtered here, then paged.
                let all = try database.cases.list(processID: filter.sop, status: filter.status, step: filter.step, breached: filter.breached,
                                                  limit: Int(Int32.max)).map(task).filter { $0.role == role }
                return Page.of(all, limit: limit, after: after, cursor: \.id)
            }
            guard let page else { throw HTTPError(.notFound, "after '\(after ?? "")' is no case in this listing: give the next of the page before") }
            return .json(CaseListing(cases: page.items, total: page.total, next: page.next))
        }
        router.get("/api/cases/{id}") { request in
            _ = try authenticator.officer(request)
            try request.acceptQuery([])
            return .json(try detail(request.pathParameters["id"] ?? ""))
        }
        router.post("/api/cases/{id}/decisions") { [runtime] request in
            let officer = try authenticator.officer(request)
            let id = request.pathParameters["id"] ?? ""
            let decision = try request.decodeJSON(OfficerDecision.self)
            try act(on: id, action: "decision", by: officer) { unit in _ = try runtime.processor.decide(decision, on: id, by: officer, in: unit) }
            return .json(try detail(id))
        }
        router.post("/api/cases/{id}/withdrawal") { [runtime] request in
            let officer = try authenticator.officer(request)
            let id = request.pathParameters["id"] ?? ""
            let withdrawal = try request.decodeJSON(Withdrawal.self)
            try act(on: id, action: "withdrawal", by: officer) { unit in
                _ = try runtime.processor.withdraw(id, reason: withdrawal.reason, by: officer, in: unit)
            }
            return .json(try detail(id))
        }
        router.post("/api/cases/{id}/documents") { [runtime] request in
            let officer = try authenticator.officer(request)
            let id = request.pathParameters["id"] ?? ""
            let upload = try request.decodeJSON(DocumentUpload.self)
            try act(on: id, action: "document", by: officer) { unit in
                _ = try runtime.processor.attach(upload.document, step: upload.step, note: upload.note, on: id, by: officer, in: unit)
            }
            return .json(try detail(id), status: .created)
        }
        router.get("/api/permits") { [runtime] request in
            _ = try authenticator.officer(request)
            try request.acceptQuery(["notEffective", "limit", "after"])
            let notEffective = try CaseFilter.bool(request.query["notEffective"], name: "notEffective") ?? false
            let (limit, after) = try request.paging()
            let page = try runtime.read { database -> Page<PermitStore.Record>? in
                if let after, try database.permits.permit(after) == nil { return nil }
                return try database.permits.page(notEffectiveOnly: notEffective, limit: limit, after: after)
            }
            guard let page else { throw HTTPError(.notFound, "after '\(after ?? "")' is no permit: give the next of the page before") }
            return .json(PermitListing(permits: page.items.map(CaseDetail.PermitView.init), total: page.total, next: page.next))
        }
    }

    /// Runs an officer's action in the writer; a refusal for the role is logged before the 403 goes back.
    func act(on caseID: String, action: String, by officer: Secrets.RoleToken, _ body: @escaping (WorkUnit) throws -> Void) throws {
        do {
            try runtime.write(body)
        } catch let error as ProcessingError {
            switch error {
            case .wrongRole, .notAllowed:
                try runtime.write { unit in
                    try runtime.processor.refusedAttempt(error, on: caseID, action: action, by: officer.officer, in: unit)
                }
            default:
                break
            }
            throw HTTPError(HTTPStatus(error.status), error.description)
        }
    }

    private func detail(_ id: String) throws -> CaseDetail {
        guard let detail = try runtime.read({ try CaseDetail.load(id, from: $0, definitions: runtime.processor.library,
                                                                   calendar: runtime.configuration.calendar) }) else {
            throw HTTPError(.notFound, ProcessingError.caseNotFound(id).description)
        }
        return detail
    }
}

/// `POST /api/cases/{id}/withdrawal`: why the case is closed before its SOP ends.
struct Withdrawal: Codable {
    let reason: String
}

/// `POST /api/cases/{id}/documents`.
struct DocumentUpload: Codable {
    let step: Int
    let note: String?
    let document: OfficerDecision.Document
}

/// A page of a listing: its rows, how many match in all, and the `after` of the next page (null on the last).
struct CaseListing: Encodable {
    let cases: [CaseTask]
    let total: Int
    let next: String?
}

struct TaskListing: Encodable {
    let tasks: [TaskView]
    let total: Int
    let next: String?
}

struct PermitListing: Encodable {
    let permits: [CaseDetail.PermitView]
    let total: Int
    let next: String?
}

/// The query of `GET /api/cases`, checked so a mistyped filter is an error rather than an empty list.
struct CaseFilter {
    let sop: String?
    let status: CaseSummary.Status?
    let step: Int?
    let breached: Bool?
    let role: String?

    init(_ request: HTTPRequest, definitions: [String: ProcessDefinition]) throws {
        let query = request.query
        for name in ["sop", "role"] where query[name]?.isEmpty == true {
            throw HTTPError(.badRequest, "\(name) is empty: leave it out, or name one (the SOPs and roles are in config/sop/*.json)")
        }
        sop = try request.known("sop", among: definitions.keys)
        role = try request.known("role", among: Set(definitions.values.flatMap { $0.roles.map(\.id) }))
        if let text = query["status"] {
            guard let status = CaseSummary.Status(rawValue: text) else { throw HTTPError(.badRequest, "status is active, frozen or ended, not '\(text)'") }
            self.status = status
        } else {
            status = nil
        }
        if let text = query["step"] {
            guard let step = Int(text), (1...1000).contains(step) else {
                throw HTTPError(.badRequest, "step is a step number from 1 to 1000, not '\(text)'")
            }
            self.step = step
        } else {
            step = nil
        }
        breached = try Self.bool(query["breached"], name: "breached")
    }

    static func bool(_ text: String?, name: String) throws -> Bool? {
        switch text {
        case nil: nil
        case "true": true
        case "false": false
        case let text?: throw HTTPError(.badRequest, "\(name) is true or false, not '\(text)'")
        }
    }
}
