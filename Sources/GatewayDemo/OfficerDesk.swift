import Foundation
import GatewayCore
import GatewayHTTP
import NationalSystems

/// How the officers handle one application: the answers they give at each
/// deciding step, what they attach, and whether they send it back first.
public struct CasePlan: Sendable {
    /// Answers per step, one per visit, in order; when they run out the answer is yes.
    public var answers: [Int: [Answer]] = [:]
    /// Attributes a step settles (the BAP's number and result at SOP 002 step 17).
    public var attributes: [Int: [String: String]] = [:]
    /// Steps that attach a document (the BAP).
    public var documents: Set<Int> = []
    /// Steps whose first visit sends the application back to the applicant as incomplete.
    public var returnIncompleteOnce: Set<Int> = []
    /// The step the officers leave undone until OSS approves the permit by law (57, fiktif positif: the agency's
    /// statutory time ran out); nil when they finish the case.
    public var ossApprovesByLawAt: Int?
    /// The step at which the Kepala Dinas closes the case instead (the applicant withdrew it); nil when nobody does.
    public var withdrawnAt: Int?

    public init(answers: [Int: [Answer]] = [:], attributes: [Int: [String: String]] = [:], documents: Set<Int> = [],
                returnIncompleteOnce: Set<Int> = [], ossApprovesByLawAt: Int? = nil, withdrawnAt: Int? = nil) {
        self.answers = answers
        self.attributes = attributes
        self.documents = documents
        self.returnIncompleteOnce = returnIncompleteOnce
        self.ossApprovesByLawAt = ossApprovesByLawAt
        self.withdrawnAt = withdrawnAt
    }
}

/// Officers at their desks: they list the cases waiting for an officer and
/// decide them through the gateway's API with their role tokens, as each
/// case's plan says. Plans are found by the case's reference (an id_izin,
/// a SIPRO registration number), which is what the scenario knows.
public final class OfficerDesk: @unchecked Sendable {
    /// How long an officer takes over a task.
    public enum Pace: Sendable {
        /// At once (the end-to-end tests).
        case immediate
        /// As the pacer says (the demo).
        case paced(Pacer)
    }

    /// One decision made, for the progress display and the summary.
    public struct Made: Sendable {
        public let caseID: String
        public let step: Int
        public let role: String
        public let answer: Answer?
        public let returned: Bool
    }

    private let api: @Sendable (HTTPMethod, String, String?, [UInt8]) throws -> ClientResponse
    /// Officers in a browser, deciding through the desk's pages instead of the API; nil: the API.
    private let browser: DeskBrowser?
    private let definitions: [String: ProcessDefinition]
    private let pace: Pace
    private var plans: [String: CasePlan] = [:]
    private var visits: [String: Int] = [:]
    private let lock = NSLock()

    /// - Parameter api: calls the gateway's API: method, path, bearer token, body.
    /// - Parameter browser: officers who decide through the desk's pages (`gerbang demo --officers browser`); the
    ///   API decides otherwise. Withdrawals go through the API either way (the desk has no page for them yet).
    public init(definitions: [ProcessDefinition], pace: Pace, browser: DeskBrowser? = nil,
                api: @escaping @Sendable (HTTPMethod, String, String?, [UInt8]) throws -> ClientResponse) {
        self.definitions = Dictionary(definitions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.pace = pace
        self.browser = browser
        self.api = api
    }

    public func plan(_ reference: String, _ plan: CasePlan) {
        lock.withLock { plans[reference] = plan }
    }

    /// The token of a role in development (Secrets: `dev-<role>`).
    public static func token(for role: String) -> String { "dev-\(role)" }

    /// The PDF an officer attaches at a step the plan names: the BAP at SOP 002 step 17, the numbered
    /// letter at SOP 000 step 8.
    public static func paper(caseID: String, step: Int) -> (name: String, bytes: Data) {
        let kind = step == 17 ? "bap" : "surat"
        return ("\(kind)-\(caseID).pdf", Data("%PDF-1.4\n% \(kind) \(caseID) langkah \(step)\n%%EOF\n".utf8))
    }

    /// Decides every officer task whose time has come; returns what was decided.
    public func work() throws -> [Made] {
        let tasks = try APIListing.all("/api/cases?status=active", key: "cases") { try api(.get, $0, "dev-admin", []) }
        var made: [Made] = []
        for task in tasks where task.field("performer")?.text == "officer" {
            guard let id = task.field("id")?.text, let step = task.field("step")?.text.flatMap(Int.init),
                  let role = task.field("role")?.text, let sop = task.field("sop")?.text else { continue }
            let reference = task.field("reference")?.text
            guard ready(caseID: id, step: step, sop: sop),
                  lock.withLock({ reference.flatMap { plans[$0]?.ossApprovesByLawAt } }) != step else { continue }
            if let decision = try decide(caseID: id, sop: sop, step: step, role: role, reference: reference,
                                         asks: task.field("question")?.text != nil) {
                made.append(decision)
            }
        }
        return made
    }

    /// Whether the officer is done with the task: at once, or when the pacer says.
    private func ready(caseID: String, step: Int, sop: String) -> Bool {
        guard case .paced(let pacer) = pace else { return true }
        let visit = lock.withLock { visits["\(caseID)/\(step)"] ?? 0 }
        return pacer.isDone("\(caseID)/\(step)/\(visit)", standard: definitions[sop]?.step(step)?.deadlineStandard)
    }

    private func decide(caseID: String, sop: String, step: Int, role: String, reference: String?, asks: Bool) throws -> Made? {
        let plan = lock.withLock { reference.flatMap { plans[$0] } } ?? CasePlan()
        let visit = lock.withLock { () -> Int in
            let key = "\(caseID)/\(step)"
            visits[key, default: 0] += 1
            return visits[key]!
        }
        if plan.withdrawnAt == step {
            let reason: JSONValue = ["reason": "Permohonan ditarik oleh pemohon dengan surat tertulis"]
            let response = try api(.post, "/api/cases/\(caseID)/withdrawal", Self.token(for: "kadis"), Array(reason.encoded()))
            guard response.status.code != 409 else { return nil }
            _ = try response.requireSuccess()
            return Made(caseID: caseID, step: step, role: "kadis", answer: nil, returned: false)
        }
        var body: [String: JSONValue] = ["step": .integer(step)]
        var answer: Answer?
        let returned = plan.returnIncompleteOnce.contains(step) && visit == 1
        if returned {
            body["returnIncomplete"] = true
            body["note"] = "Berkas belum lengkap: mohon dilengkapi"
        } else {
            if asks {
                let answers = plan.answers[step] ?? []
                answer = visit <= answers.count ? answers[visit - 1] : .yes
                body["answer"] = .string(answer!.rawValue)
                body["note"] = .string(answer == .yes ? "Sesuai" : "Belum sesuai: diperbaiki")
            }
            if let attributes = plan.attributes[step] { body["attributes"] = .object(attributes.mapValues(JSONValue.string)) }
            if plan.documents.contains(step) {
                let paper = Self.paper(caseID: caseID, step: step)
                body["document"] = ["name": .string(paper.name), "contentType": "application/pdf", "base64": .string(paper.bytes.base64EncodedString())]
            }
        }
        if let browser {
            // The same decision, as an officer makes it on the pages: the form's choice in the SOP's terms.
            let choice = returned ? "kembalikan" : answer.map { $0 == .yes ? "ya" : "tidak" } ?? "selesai"
            let decided = try browser.decide(
                caseID: caseID, step: step, role: role, choice: choice, note: body["note"]?.text, attributes: plan.attributes[step] ?? [:],
                paper: !returned && plan.documents.contains(step) ? Self.paper(caseID: caseID, step: step) : nil)
            return decided ? Made(caseID: caseID, step: step, role: role, answer: answer, returned: returned) : nil
        }
        let response = try api(.post, "/api/cases/\(caseID)/decisions", Self.token(for: role), Array(JSONValue.object(body).encoded()))
        // 409: someone (a retry, a message) moved the case meanwhile; the next round sees where it is.
        guard response.status.code != 409 else { return nil }
        _ = try response.requireSuccess()
        return Made(caseID: caseID, step: step, role: role, answer: answer, returned: returned)
    }
}
