import Foundation
import GatewayCore
import NationalSystems

/// OSS approving a permit by law in the demo: where a case's plan leaves a step undone
/// (``CasePlan/ossApprovesByLawAt``), OSS records 57 (Disetujui, fiktif positif: UU 11/2020 Pasal 175 angka 6) once
/// the case waits there, through the OSS mock's admin API. OSS pushes it to nobody: the gateway learns of it by asking
/// (checkLicenseStatus), as it would of the real one. The demo does not wait out the statutory days first: when OSS
/// decides they ran out is OSS's own reckoning, and what the gateway must do afterwards is the same.
final class ApprovalByLaw {
    /// Posts an event to a mock's admin API (system, event).
    typealias Post = (String, JSONValue) throws -> Void

    /// The step each case (by its reference, an id_izin) is left at.
    private let steps: [String: Int]
    private let post: Post
    private var done: Set<String> = []

    init(cases: [DemoCase], post: @escaping Post) {
        steps = Dictionary(cases.compactMap { planned in planned.plan.ossApprovesByLawAt.map { (planned.reference, $0) } },
                           uniquingKeysWith: { first, _ in first })
        self.post = post
    }

    /// Records 57 in OSS for each case now waiting at its step; returns what was done, in words.
    func act(on tasks: [JSONValue]) -> [String] {
        var acted: [String] = []
        for task in tasks {
            guard let reference = task.field("reference")?.text, let step = steps[reference], !done.contains(reference),
                  task.field("step")?.text == String(step) else { continue }
            let event: JSONValue = ["type": "status", "target": .string(reference),
                                    "data": ["kd_status": .string(OSSStatusCode.approvedBySilence.code),
                                             "keterangan": "Disetujui oleh sistem OSS: batas waktu layanan terlampaui"]]
            // Refused while OSS is out of reach (a chaos partition): tried again next round.
            guard (try? post("oss", event)) != nil else { continue }
            done.insert(reference)
            acted.append("\(task.field("id")?.text ?? reference): OSS approves \(reference) by law (57): the agency's time ran out at step \(step)")
        }
        return acted
    }
}
