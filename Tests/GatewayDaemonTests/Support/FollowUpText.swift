import Foundation
@testable import GatewayDaemon

extension FollowUp {
    /// The work item in a few words, for comparing what a piece hands on: "transition IP-2026-000001",
    /// "log case.opened", "deliver siinas.industryDataFulfilled to IP-2026-000001".
    var text: String {
        switch self {
        case .transition(let transition): "transition \(transition.case.id)"
        case .route(let message): "route \(message.inbound)"
        case .deliver(let message, let caseID): "deliver \(message.step ?? "?") to \(caseID)"
        case .drainParked(let caseID): "drain \(caseID)"
        case .settle(let settlement): "settle \(settlement.idIzin) \(settlement.kind.rawValue) \(settlement.fulfilled ? "fulfilled" : "failed")"
        case .agencyDone(let current, let step, let outcome): "agencyDone \(current.id) at \(step) \(outcome.rawValue)"
        case .caseEnded(let ended, let outcome, _): "ended \(ended.id) \(outcome.rawValue)"
        case .permit(let effect, let record): "permit \(record.commitments.idIzin) " + String(describing: effect).prefix { $0 != "(" }
        case .statutoryClock(let transition): "clock \(transition.case.id)"
        case .endedByOSS(let caseID, _, _, let outcome, _): "endedByOSS \(caseID) \(outcome)"
        case .log(let entry): "log \(entry.method) \(entry.outcome)"
        }
    }
}
