import Foundation
import GatewayCore
import GatewayHTTP
import GatewayStore
import NationalSystems

/// The officer's desk in the browser (issue 30): `/meja` (the work list), `/meja/kasus/{id}` (a case at work),
/// `/meja/berkas?id=` (a document), and the forms that attach a document, check a decision and send it. A
/// logged-in officer only (the session cookie `/masuk` sets); every form carries the session's CSRF token. The
/// rules are the API's: only the step's role acts, and a refusal for the role is logged as the API's is.
extension GatewayRoutes {
    func addDesk(to router: inout Router) {
        let access = PageAccess(runtime: runtime)
        router.get("/meja") { [runtime] request in
            try Self.asPage {
                let viewer = try Self.officer(request, access: access)
                return Self.html(try Self.desk(viewer, query: request.query, runtime: runtime))
            }
        }
        router.get("/meja/kasus/{id}") { request in
            try Self.asPage {
                let viewer = try Self.officer(request, access: access)
                return try workPage(request.pathParameters["id"] ?? "", viewer: viewer)
            }
        }
        router.get("/meja/berkas") { [runtime] request in
            _ = try Self.officer(request, access: access)
            guard let id = request.query["id"], let document = try runtime.read({ try $0.documents.document(id) }) else {
                return Self.html(Self.notice("Dokumen tidak ditemukan", "Tidak ada dokumen dengan nomor itu."), status: .notFound)
            }
            return Self.documentResponse(document)
        }
        router.post("/meja/kasus/{id}/berkas") { [runtime] request in
            try Self.asPage {
                let id = request.pathParameters["id"] ?? ""
                let form: MultipartForm
                do {
                    form = try MultipartForm(body: request.body, contentType: request.headers["Content-Type"] ?? "")
                } catch let malformed as MultipartForm.Malformed {
                    throw HTTPError(.badRequest, "the upload is not a form with a file: \(malformed.description)")
                }
                let (viewer, officer) = try Self.poster(request, csrf: form["csrf"]?.text, access: access)
                guard let file = form["berkas"], !file.data.isEmpty, let step = Int(form["langkah"]?.text ?? "") else {
                    return try workPage(id, viewer: viewer, notice: "Pilih berkas yang akan diunggah.", status: .unprocessableContent)
                }
                // Its type by its bytes (PDF, JPEG, PNG), not by what the browser guessed from the name.
                let type = DocumentSignature.mediaType(of: Data(file.data)) ?? file.contentType ?? "application/octet-stream"
                let document = OfficerDecision.Document(name: file.filename ?? "berkas", contentType: type, base64: Data(file.data).base64EncodedString())
                do {
                    try act(on: id, action: "document", by: officer) { unit in
                        _ = try runtime.processor.attach(document, step: step, note: nil, on: id, by: officer, in: unit)
                    }
                } catch let error as HTTPError {
                    return try workPage(id, viewer: viewer, notice: "Berkas tidak diterima. " + Self.indonesian(error), status: error.status)
                }
                return try workPage(id, viewer: viewer, notice: "Berkas \(DocumentName.shown(document.name)) tersimpan pada langkah \(step).",
                                    status: .created)
            }
        }
        router.post("/meja/kasus/{id}/periksa") { request in
            try Self.asPage {
                let posted: PostedDecision
                switch try postedDecision(request, access: access) {
                case .answered(let response): return response
                case .decision(let read): posted = read
                }
                let (id, fields, viewer, officer, current, definition, decision) = (posted.id, posted.fields, posted.viewer, posted.officer,
                                                                                   posted.current, posted.definition, posted.decision)
                // Made and undone: what its job would queue is what the national systems will receive.
                do {
                    let (sends, after) = try dryRun(decision, on: id, by: officer)
                    return Self.html(WorkPage.preview(current, definition: definition, choice: fields["jawaban"] ?? "", note: decision.note, sends: sends,
                                                      after: after, form: fields, viewer: viewer))
                } catch let error as HTTPError {
                    return try workPage(id, viewer: viewer, notice: "Keputusan tidak dapat dikirim. " + Self.indonesian(error), status: error.status)
                }
            }
        }
        router.post("/meja/kasus/{id}/putuskan") { [runtime] request in
            try Self.asPage {
                let posted: PostedDecision
                switch try postedDecision(request, access: access) {
                case .answered(let response): return response
                case .decision(let read): posted = read
                }
                let (id, fields, viewer, officer, definition, decision) = (posted.id, posted.fields, posted.viewer, posted.officer,
                                                                          posted.definition, posted.decision)
                // The form's activation is checked again in the writer: of two quick clicks, the second finds the step done.
                let activation = fields["aktivasi"].flatMap(Int.init)
                do {
                    try act(on: id, action: "decision", by: officer) { unit in
                        if let activation, try unit.loadCase(id)?.activeStep?.activation != activation { throw Superseded() }
                        _ = try runtime.processor.decide(decision, on: id, by: officer, in: unit)
                    }
                } catch is Superseded {
                    let (current, _, _) = try loaded(id)
                    return try Self.alreadyDecided(current, form: fields, definition: definition, viewer: viewer)
                        ?? workPage(id, viewer: viewer, notice: "Langkah ini tidak lagi menunggu keputusan.", status: .conflict)
                } catch let error as HTTPError {
                    return try workPage(id, viewer: viewer, notice: "Keputusan tidak tersimpan. " + Self.indonesian(error), status: error.status)
                }
                let (after, _, _) = try loaded(id)
                return Self.html(WorkPage.done(after, definition: definition, step: decision.step, again: false, viewer: viewer))
            }
        }
    }

    // MARK: Who may look and post

    /// A desk route's answer, its refusals said on a page (the officer is in a browser), not as the API's JSON.
    private static func asPage(_ body: () throws -> HTTPResponse) throws -> HTTPResponse {
        do {
            return try body()
        } catch let error as HTTPError {
            return html(notice("Tidak dapat diproses", indonesian(error)), status: error.status, headers: error.headers)
        }
    }

    /// A refusal as an officer reads it: what happened in Indonesian, then the gateway's exact words (which name the
    /// step, role or limit) for whoever helps them.
    static func indonesian(_ error: HTTPError) -> String {
        let said: String = switch error.status.code {
        case 400: "Formulir tidak terbaca."
        case 403: "Peran Anda tidak dapat melakukan ini, atau formulir sudah kedaluwarsa: muat ulang halaman."
        case 404: "Kasus atau dokumen tidak ditemukan."
        case 409: "Langkah ini tidak lagi menunggu keputusan."
        case 413: "Berkas terlalu besar untuk sistem tujuannya."
        case 415: "Jenis berkas tidak diterima: unggah PDF, JPEG atau PNG yang isinya sesuai namanya."
        case 422: "Keputusan atau berkas belum lengkap."
        default: "Permintaan tidak dapat diproses."
        }
        return said + " Rincian: " + error.message
    }

    /// The logged-in officer a desk page is for; anyone else goes to the login form (an open status page has no officer).
    private static func officer(_ request: HTTPRequest, access: PageAccess) throws -> PageAccess.Viewer {
        let viewer = try access.viewer(request, kind: .page)
        guard viewer.officer != nil else { throw LoginRequired(returningTo: request.target) }
        return viewer
    }

    /// The officer posting a desk form: a live session whose CSRF token the form carries, else 403 (a redirect to the
    /// login would lose the form; the page says to log in again).
    private static func poster(_ request: HTTPRequest, csrf: String?, access: PageAccess) throws -> (PageAccess.Viewer, Secrets.RoleToken) {
        guard let (officer, session) = try access.session(request) else {
            throw HTTPError(.forbidden, "the form needs a browser's session: log in again at /masuk, then send it again")
        }
        guard PageAccess.csrfMatches(csrf, session: session) else { throw staleForm }
        return (PageAccess.Viewer(officer: officer, session: session), officer)
    }

    /// A form for an activation that is over: this officer's own earlier click (a double submit) is answered as done;
    /// another officer's decision is said plainly, with who and when (409).
    private static func alreadyDecided(_ current: Case, form: [String: String], definition: ProcessDefinition,
                                       viewer: PageAccess.Viewer) throws -> HTTPResponse? {
        guard let activation = form["aktivasi"].flatMap(Int.init), current.activeStep?.activation != activation else { return nil }
        // What closed the form's activation: its completion, a return, a move to another SOP version, or the case's end.
        let closing = current.history.first { entry in
            switch entry.event {
            case .completed(activation, _, _, _), .returnedIncomplete(activation, _), .migrated(activation, _, _, _): true
            default: false
            }
        } ?? current.history.last { if case .ended = $0.event { true } else { false } }
        let step = Int(form["langkah"] ?? "") ?? 0
        if case .officer(let id, _)? = closing?.actor, id == viewer.officer?.officer {
            return html(WorkPage.done(current, definition: definition, step: step, again: true, viewer: viewer))
        }
        let who = closing.map { "\($0.actor.description) pada \(JakartaTime.iso($0.at))" } ?? "pihak lain"
        return html(notice("Langkah sudah diputuskan", "Langkah \(step) kasus \(current.id) sudah diputuskan oleh \(who). "
                           + WorkPage.whereNext(current, definition: definition)), status: .conflict)
    }

    /// A posted decision form, read and checked: the case, the officer and the decision it makes.
    private struct PostedDecision {
        let id: String
        let fields: [String: String]
        let viewer: PageAccess.Viewer
        let officer: Secrets.RoleToken
        let current: Case
        let definition: ProcessDefinition
        let decision: OfficerDecision
    }

    /// What a posted decision form is: a decision to check or send, or already answered (a stale or repeated form,
    /// a closed case, a choice missing or a return without its note).
    private enum Posted {
        case decision(PostedDecision)
        case answered(HTTPResponse)
    }

    private func postedDecision(_ request: HTTPRequest, access: PageAccess) throws -> Posted {
        let id = request.pathParameters["id"] ?? ""
        let fields = Self.form(request.body)
        let (viewer, officer) = try Self.poster(request, csrf: fields["csrf"], access: access)
        let (current, definition, step) = try atWork(id)
        if let answered = try Self.alreadyDecided(current, form: fields, definition: definition, viewer: viewer) { return .answered(answered) }
        guard let step else { return .answered(try workPage(id, viewer: viewer, notice: "Kasus ini sudah ditutup.", status: .conflict)) }
        switch Result(catching: { () throws(DeskForm.Problem) in try DeskForm.decision(fields, step: step) }) {
        case .success(let decision):
            return .decision(PostedDecision(id: id, fields: fields, viewer: viewer, officer: officer, current: current, definition: definition,
                                            decision: decision))
        case .failure(let problem):
            return .answered(try workPage(id, viewer: viewer, notice: problem.message, status: .unprocessableContent))
        }
    }

    /// The form's activation was over by the time its job ran (another click, another officer).
    private struct Superseded: Error {}

    // MARK: Reading and dry runs

    /// The case, its SOP version's definition, and its task line; 404 for an unknown case.
    private func loaded(_ id: String) throws -> (Case, ProcessDefinition, CaseTask) {
        let library = runtime.processor.library
        guard let current = try runtime.read({ try $0.cases.load(id) }),
              let definition = library.definition(current.processID, version: current.sopVersion) else {
            throw HTTPError(.notFound, ProcessingError.caseNotFound(id).description)
        }
        let summary = CaseSummary(current)
        return (current, definition, CaseTask(summary, definition: definition, calendar: runtime.configuration.calendar))
    }

    /// The case, its definition and its active step (nil once it ended).
    private func atWork(_ id: String) throws -> (Case, ProcessDefinition, Step?) {
        let (current, definition, _) = try loaded(id)
        return (current, definition, current.activeStep.flatMap { definition.step($0.step) })
    }

    private func workPage(_ id: String, viewer: PageAccess.Viewer, notice: String? = nil, status: HTTPStatus = .ok) throws -> HTTPResponse {
        let (current, definition, task) = try loaded(id)
        let calendar = runtime.configuration.calendar
        let step = current.activeStep.flatMap { definition.step($0.step) }
        let limit = step.flatMap { runtime.processor.documentReceiver(of: $0, in: current) }
        let page = WorkPage(
            current: current, definition: definition, task: task, company: Self.company(of: current),
            documents: try runtime.read { try $0.documents.list(caseID: id) },
            workingSecondsLeft: current.activeStep?.deadline.map { calendar.workingSeconds(from: runtime.clock.now(), to: $0) },
            mayAct: step.map { step in viewer.officer?.roles.contains(step.role) == true } ?? false,
            documentLimit: (limit?.name, min(limit?.maxBytes ?? Int.max, runtime.configuration.settings.documents.maxBytes)),
            fields: step.map { DeskForm.fields(for: $0, rules: runtime.configuration.rules) } ?? [], notice: notice)
        return Self.html(page.render(viewer: viewer), status: status)
    }

    /// The decision made and rolled back: the messages its job queued for the case and where the case went.
    private func dryRun(_ decision: OfficerDecision, on id: String, by officer: Secrets.RoleToken) throws -> ([OutboxMessage], Case) {
        struct Undone: Error {
            let sends: [OutboxMessage]
            let after: Case
        }
        do {
            try act(on: id, action: "decision", by: officer) { [runtime] unit in
                let before = Set(try unit.database.outbox.list(caseID: id).map(\.id))
                let after = try runtime.processor.decide(decision, on: id, by: officer, in: unit)
                throw Undone(sends: try unit.database.outbox.list(caseID: id).filter { !before.contains($0.id) }, after: after)
            }
        } catch let undone as Undone {
            return (undone.sends, undone.after)
        }
        throw HTTPError(.internalServerError, "the decision's check did not roll back")
    }

    /// The company (OSS nama_perseroan) or applicant (SIPRO pemohon) the case was opened for, or its messages named first
    /// (a case opened before the opening kept it).
    static func company(of current: Case) -> String? {
        current.history.lazy.compactMap { $0.attributes["pemohon"] ?? $0.attributes["nama_perseroan"] }.first
    }

    /// The desk's lines: the officer's roles' steps, and what waits on others in the SOPs those roles act in.
    static func desk(_ viewer: PageAccess.Viewer, query: [String: String], runtime: GatewayRuntime) throws -> String {
        let roles = Set(viewer.officer?.roles ?? [])
        let library = runtime.processor.library
        let calendar = runtime.configuration.calendar
        let now = runtime.clock.now()
        let definitions = runtime.processor.definitions.values.sorted { $0.id < $1.id }
        let theirs = definitions.filter { definition in definition.steps.contains { roles.contains($0.role) } }
        let sop = query["sop"].flatMap { wanted in theirs.contains { $0.id == wanted } ? wanted : nil }
        return try runtime.read { database in
            func line(_ task: TaskView) throws -> DeskPage.Line {
                DeskPage.Line(task: task.task, company: try database.cases.load(task.task.id).flatMap(company(of:)),
                              sopTitle: runtime.processor.definitions[task.task.sop]?.title ?? task.task.sop,
                              workingSecondsLeft: task.workingSecondsLeft)
            }
            var seen: Set<String> = []
            let mine = try roles.sorted().flatMap { role in
                try WorkList.tasks(role: role, in: database, definitions: library, calendar: calendar, now: now)
            }
            .filter { (sop == nil || $0.task.sop == sop) && seen.insert($0.task.id).inserted }
            .sorted { ($0.workingSecondsLeft ?? Int.max, $0.task.id) < ($1.workingSecondsLeft ?? Int.max, $1.task.id) }
            // The officer's page of them only is read further (the company is in each case's history).
            let pages = max(1, (mine.count + DeskPage.pageSize - 1) / DeskPage.pageSize)
            let page = min(pages, max(1, Int(query["halaman"] ?? "") ?? 1))
            let lines = try mine.enumerated().map { index, task in
                (index / DeskPage.pageSize + 1 == page) ? try line(task)
                    : DeskPage.Line(task: task.task, company: nil, sopTitle: "", workingSecondsLeft: task.workingSecondsLeft)
            }
            // What waits on others: read from the case summaries (each by its own SOP version), the first few in full.
            var waiting: [TaskView] = []
            for definition in theirs where sop == nil || definition.id == sop {
                for number in Set(library.all.filter { $0.id == definition.id }.flatMap { version in
                    version.steps.filter { version.role($0.role)?.kind != .officer }.map(\.number)
                }).sorted() {
                    waiting += try database.cases.active(processID: definition.id, step: number).compactMap { summary in
                        let task = CaseTask(summary, definition: library.definition(summary.processID, version: summary.sopVersion), calendar: calendar)
                        return task.performer == "officer" ? nil : TaskView(task: task, workingSecondsLeft: nil)
                    }
                }
            }
            let shownWaiting = try waiting.sorted { $0.task.id < $1.task.id }.prefix(DeskPage.waitingShown).map(line)
            return DeskPage(mine: lines, waiting: shownWaiting, waitingTotal: waiting.count, sops: theirs.map { ($0.id, $0.title) }, sop: sop,
                            page: page).render(viewer: viewer)
        }
    }
}
