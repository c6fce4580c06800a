import Foundation
import GatewayCore
import GatewayStore

/// What the background services use of the gateway's state: its clock, reads, writer jobs, the case
/// processor for the configuration in force, and whether it is stopping. ``GatewayRuntime`` is one; a
/// test gives a service its own over a temporary database.
package protocol Ledger: Sendable {
    var clock: any TimeSource { get }
    /// The processor for the configuration in force; a job takes it once and keeps it for the job.
    var processor: CaseProcessor { get }
    /// True once the gateway is shutting down: services finish what they hold and take nothing new.
    var isStopping: Bool { get }
    func read<T>(_ body: (GatewayDatabase) throws -> T) throws -> T
    /// Runs a job in the writer and waits until it is committed.
    func write<T>(_ body: @escaping (WorkUnit) throws -> T) throws -> T
}

extension GatewayRuntime: Ledger {}
