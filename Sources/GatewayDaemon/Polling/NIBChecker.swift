import Foundation
import GatewayCore
import GatewayHTTP
import GatewayStore
import NationalSystems

/// Checks each NIB new to the gateway with OSS (checkNIB) after its push was answered. A push is answered
/// once its own commit is durable and never waits on a call to OSS (OSS's push worker would wait on the
/// gateway while the gateway waits on OSS); its commit queues the check instead, and this service, nudged by
/// that commit, asks OSS and applies what it says in a commit of its own: a NIB OSS has frozen (05) or revoked
/// (06) since it pushed it freezes or ends its cases, whatever the push said. Until then the NIB's cases
/// wait on OSS: no officer acts on them (``OfficerActions``, ``WorkList``).
///
/// A check that gets no answer is logged and the NIB goes on as pushed, as before: OSS's silence must not hold
/// an application, and the periodic pull (``OSSPuller``, inqueryNIB) asks about the NIBs of open cases again.
/// At most `polling.nibChecksPerMinute` calls in any minute, several at once, so one slow answer holds no
/// other check behind it.
final class NIBChecker: Service {
    let name = ServiceName.checkNIB
    /// Nudged by each commit that queues a check; the interval only picks up a restart's leftovers and a spent budget.
    let intervalMilliseconds = 1000
    private let ledger: any Ledger
    private let oss: OSSClient
    private let budget: CallBudget

    /// Checks asked at once.
    static let width = 8
    /// Checks taken in one round (one writer job applies them all).
    static let batch = 32
    /// How long one check may wait for OSS's answer.
    static let timeout: Duration = .seconds(3)

    init(ledger: any Ledger, oss: OSSClient, perMinute: Int) {
        self.ledger = ledger
        self.oss = oss
        budget = CallBudget(perMinute: perMinute)
    }

    /// Not while the minute's budget is spent: every push would wake the thread to find no room.
    var mayWorkNow: Bool { budget.available(at: ledger.clock.now()) > 0 }

    /// One round: asks about the NIBs waiting longest, within the budget; true when more wait and the budget has room.
    func runOnce() -> Bool {
        let room = min(Self.batch, budget.available(at: ledger.clock.now()))
        guard room > 0, !ledger.isStopping, let due = try? ledger.read({ try $0.nibChecks.due(limit: room) }), !due.isEmpty else { return false }
        let asked = due.filter { _ in budget.take(at: ledger.clock.now()) }
        let oss = self.oss
        let answers = asked.map(\.nib).mapInParallel(width: Self.width) { nib in Self.check(nib, with: oss) }
        let processor = ledger.processor
        do {
            try ledger.write { unit in
                for (nib, answer) in zip(asked.map(\.nib), answers) {
                    try processor.nibChecked(nib, answer.check, latencyMilliseconds: answer.milliseconds, in: unit)
                }
            }
        } catch {
            return false  // the checks stay queued and are asked again next round
        }
        return asked.count == Self.batch
    }

    /// Asks OSS about one NIB.
    static func check(_ nib: String, with oss: OSSClient) -> (check: CaseProcessor.NIBCheck, milliseconds: Double) {
        let started = ContinuousClock.now
        let check: CaseProcessor.NIBCheck
        do {
            check = .status(try oss.checkNIB(nib, timeout: timeout))
        } catch HTTPClientError.httpStatus(_, let status, _) where status.code == 400 || status.code == 404 {
            check = .unknown  // "Data NIB tidak ditemukan"
        } catch {
            check = .failed("\(error)")
        }
        return (check, (ContinuousClock.now - started).milliseconds)
    }
}
