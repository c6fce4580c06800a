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
            guard let role = request.query["role"], !role.isEmpty else {
                throw HTTPError(.badRequest, "role is required: /api/tasks?role=kabid (the roles are in config/sop/*.json)")
            }
            let tasks = try runtime.read { database in
                try WorkList.tasks(role: role, in: database, definitions: runtime.processor.definitions,
                                   calendar: runtime.configuration.calendar, now: runtime.clock.now())
            }
            return .json(["tasks": tasks])
        }
        router.get("/api/cases") { [runtime] request in
            _ = try authenticator.officer(request)
            let filter = try CaseFilter(request.query)
            let summaries = try runtime.read {
                try $0.cases.list(processID: filter.sop, status: filter.status, step: filter.step, breached: filter.breached, limit: 5000)
            }
            let calendar = runtime.configuration.calendar
            let tasks = summaries.map { summary in CaseTask(summary, definition: runtime.processor.definitions[summary.processID], calendar: calendar) }
            return .json(["cases": tasks.filter { filter.role == nil || $0.role == filter.role }])
        }
        router.get("/api/cases/{id}") { request in
            _ = try authenticator.officer(request)
            return .json(try detail(request.pathParameters["id"] ?? ""))
        }
        router.post("/api/cases/{id}/decisions") { [runtime] request in
            let officer = try authenticator.officer(request)
            let id = request.pathParameters["id"] ?? ""
            let decision = try request.decodeJSON(CaseProcessor.Decision.self)
            try act(on: id, action: "decision", by: officer) { unit in _ = try runtime.processor.decide(decision, on: id, by: officer, in: unit) }
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
            let notEffective = try CaseFilter.bool(request.query["notEffective"], name: "notEffective") ?? false
            let permits = try runtime.read { try $0.permits.list(notEffectiveOnly: notEffective) }
            return .json(["permits": permits.map(CaseDetail.PermitView.init)])
        }
    }

    /// Runs an officer's action in the writer; a refusal for the role is logged before the 403 goes back.
    private func act(on caseID: String, action: String, by officer: Secrets.RoleToken, _ body: @escaping (WorkUnit) throws -> Void) throws {
        do {
            try runtime.write(body)
        } catch let error as ProcessingError {
            if case .wrongRole = error {
                try runtime.write { unit in
                    try runtime.processor.refusedAttempt(error, on: caseID, action: action, by: officer.officer, in: unit)
                }
            }
            throw HTTPError(HTTPStatus(error.status), error.description)
        }
    }

    private func detail(_ id: String) throws -> CaseDetail {
        guard let detail = try runtime.read({ try CaseDetail.load(id, from: $0, definitions: runtime.processor.definitions,
                                                                   calendar: runtime.configuration.calendar) }) else {
            throw HTTPError(.notFound, ProcessingError.caseNotFound(id).description)
        }
        return detail
    }
}

/// `POST /api/cases/{id}/documents`.
struct DocumentUpload: Codable {
    let step: Int
    let note: String?
    let document: CaseProcessor.Decision.Document
}

/// The query of `GET /api/cases`, checked so a mistyped filter is an error rather than an empty list.
struct CaseFilter {
    let sop: String?
    let status: CaseSummary.Status?
    let step: Int?
    let breached: Bool?
    let role: String?

    init(_ query: [String: String]) throws {
        for name in ["sop", "role"] where query[name]?.isEmpty == true {
            throw HTTPError(.badRequest, "\(name) is empty: leave it out, or name one (the SOPs and roles are in config/sop/*.json)")
        }
        sop = query["sop"]
        role = query["role"]
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
