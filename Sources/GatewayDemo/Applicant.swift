import Foundation
import GatewayCore
import GatewayHTTP
import NationalSystems

/// Applicants in the demo: when a case waits for them, they act in the
/// national system where a real applicant would (meet the industry-data
/// commitment or complete a returned request in SIINas, complete a returned registration or collect the
/// permit in SIPRO, upload the recommendation to OSS), and that system tells
/// the gateway. They act through the mocks' admin API.
final class Applicant {
    /// What an applicant does for a message their step awaits: the system and the event it sends.
    struct Action {
        let system: String
        let event: String
        /// The case key whose value is the event's target ("siinas" for the SIINas request id), nil for the case reference.
        let targetKey: String?
        /// Only after the application came back to the applicant (a resubmission).
        let onlyWhenReturned: Bool
        /// The event's data, if it needs any.
        var data: JSONValue?
    }

    static let actions: [String: Action] = [
        // SOP 000 step 1 again, after step 5 returned the file: the applicant completes it in SIINas.
        "aplikasi.applicationSubmitted": Action(system: "siinas", event: "verifikasi_teknis.diperbaiki", targetKey: "siinas",
                                                onlyWhenReturned: true),
        "siinas.industryDataFulfilled": Action(system: "siinas", event: "data_industri.dipenuhi", targetKey: "siinas", onlyWhenReturned: false),
        "sipro.registration": Action(system: "sipro", event: "pendaftaran.diperbaiki", targetKey: nil, onlyWhenReturned: true),
        "sipro.pickedUp": Action(system: "sipro", event: "izin.diambil", targetKey: nil, onlyWhenReturned: false),
        // SOP 004 step 8: the recommendation uploaded into OSS, which then shows it with the permit. Its status stays what the
        // agency set at step 7 (45, or 50 from a licensing authority): the agency's part ended there.
        "oss.recommendationUploaded": Action(system: "oss", event: "status", targetKey: "izin", onlyWhenReturned: false,
                                             data: ["file_lampiran": "upload"]),
    ]

    /// Reads the gateway's API (GET path), and posts an event to a mock's admin API (system, event).
    typealias Read = (String) throws -> ClientResponse
    typealias Post = (String, JSONValue) throws -> Void

    private let read: Read
    private let post: Post
    private let pacer: Pacer?
    private let definitions: [String: ProcessDefinition]
    private var done: Set<String> = []

    init(read: @escaping Read, post: @escaping Post, pacer: Pacer?, definitions: [ProcessDefinition]) {
        self.read = read
        self.post = post
        self.pacer = pacer
        self.definitions = Dictionary(definitions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Applicants acting in the rig's mocks, reading its gateway.
    convenience init(rig: Rig, pacer: Pacer?, definitions: [ProcessDefinition]) {
        self.init(read: { path in try rig.api(.get, path) }, post: { system, event in try rig.admin(system, .post, "events", event) },
                  pacer: pacer, definitions: definitions)
    }

    /// Acts on every case waiting for its applicant whose time has come; returns what was done, in words.
    func act(on tasks: [JSONValue]) -> [String] {
        var acted: [String] = []
        for task in tasks where task.field("performer")?.text == "applicant" {
            guard let caseID = task.field("id")?.text, let step = task.field("step")?.text.flatMap(Int.init),
                  let awaited = task.field("awaits")?.text, let action = Self.actions[awaited],
                  let detail = try? JSONValue.decode(Data(read("/api/cases/\(caseID)").requireSuccess().body)) else { continue }
            let history = detail.field("case")?.field("history")?.array ?? []
            let starts = history.filter { $0.field("event") == "started" && $0.field("step")?.text == String(step) }.count
            let key = "\(caseID)/\(step)/\(starts)"
            guard !done.contains(key), !action.onlyWhenReturned || starts > 1 else { continue }
            let sop = task.field("sop")?.text ?? ""
            guard pacer?.isDone(key, standard: definitions[sop]?.step(step)?.deadlineStandard) ?? true else { continue }
            let keys = detail.field("keys")?.array?.compactMap(\.text) ?? []
            let target = action.targetKey.flatMap { kind in keys.first { $0.hasPrefix(kind + ":") }.map { String($0.dropFirst(kind.count + 1)) } }
                ?? task.field("reference")?.text ?? ""
            // Refused while the system is not there yet (SIPRO has not recorded the return): tried again next round.
            var event: JSONValue = ["type": .string(action.event), "target": .string(target)]
            if let data = action.data { event = event.merging(["data": data]) }
            guard (try? post(action.system, event)) != nil else { continue }
            done.insert(key)
            acted.append("\(caseID): the applicant's \(action.event) in \(action.system.uppercased()) for \(target)")
        }
        return acted
    }
}
