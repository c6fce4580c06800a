import Foundation
import GatewayCore
import GatewayStore
import GatewayTestSupport

/// A small database for the CLI's listings, written through the engine and
/// the store as the gateway writes it: a Verifikasi Teknis case decided to
/// the end (approved) and a Rekomendasi case waiting at step 2, with its permit.
enum SampleDatabase {
    static let start = Date(timeIntervalSince1970: 1_797_469_200)  // Thursday 17 December 2026, 08:00 in Jakarta

    /// The sample in a new temporary folder (removed with it): the folder and the database's path.
    static func inNewFolder() throws -> (TemporaryFolder, String) {
        let folder = try TemporaryFolder()
        try make(at: folder.path())
        return (folder, folder.path())
    }

    static func make(at path: String) throws {
        let store = try CaseStore.open(path: path)
        let calendar = try RepositoryFiles.calendar()
        let teknis = WorkflowEngine(definition: try RepositoryFiles.definition("verifikasi-teknis-izin-usaha-industri"), calendar: calendar)
        var time = start
        var transition = teknis.open(caseID: "VT-2026-000001", reference: "I-20261217091500000000201", at: time)
        try store.save(transition)
        transition = try teknis.handle(.message(name: "aplikasi.applicationSubmitted"), on: transition.case, at: time)
        try store.save(transition)
        while let active = transition.case.activeStep {
            time += 600
            let step = teknis.definition.steps[active.step - 1]
            let event: WorkflowEvent = step.awaits.map { .message(name: $0) }
                ?? .complete(step: step.number, by: Officer(id: "petugas-\(step.role)", roles: [step.role]),
                             answer: step.decision == nil ? nil : .yes, note: "Sesuai")
            transition = try teknis.handle(event, on: transition.case, at: time)
            try store.save(transition)
        }
        let rekomendasi = WorkflowEngine(definition: try RepositoryFiles.definition("rekomendasi-izin-usaha-industri"), calendar: calendar)
        var waiting = rekomendasi.open(caseID: "RK-2026-000001", reference: "I-20261217093000000000301", at: start)
        try store.save(waiting)
        waiting = try rekomendasi.handle(.complete(step: 1, by: Officer(id: "petugas-kabid", roles: ["kabid"])), on: waiting.case, at: start + 300)
        try store.save(waiting)
        // Its permit, waiting for the recommendation the case will produce.
        let permits = PermitStore(store.db)
        _ = try permits.add(PermitCommitments(idIzin: "I-20261217093000000000301", nib: "8120000110003", kinds: [.recommendation], at: start),
                            kdIzin: "030000000021", namaIzin: "Rekomendasi Izin Usaha Industri", sop: "rekomendasi-izin-usaha-industri",
                            caseID: "RK-2026-000001", at: start)
    }
}
