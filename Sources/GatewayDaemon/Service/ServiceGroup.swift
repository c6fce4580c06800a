import Foundation
import GatewayCore

/// Starts a set of services, each on its own thread, nudges them, and stops them within a deadline,
/// saying which did not finish in time (their work stays for the next start: a delivery under way
/// stays pending and goes again under the same idempotency key).
final class ServiceGroup: Sendable {
    private let workers: [ServiceName: PeriodicWorker]
    private let services: [ServiceName: any Service]

    init(_ services: [any Service]) {
        self.services = Dictionary(services.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        workers = Dictionary(services.map { service in
            (service.name, PeriodicWorker(name: service.name.rawValue, intervalMilliseconds: service.intervalMilliseconds, job: service.runOnce))
        }, uniquingKeysWith: { first, _ in first })
    }

    func start() {
        for worker in workers.values { worker.start() }
    }

    /// Runs a service's round soon, without waiting for its interval.
    /// Rounds a service has finished (0 for one the group does not run).
    func rounds(of name: ServiceName) -> Int {
        workers[name]?.rounds ?? 0
    }

    func nudge(_ name: ServiceName) {
        guard services[name]?.mayWorkNow != false else { return }
        workers[name]?.nudge()
    }

    /// Asks every service to stop after its round under way and waits until `deadline`; returns those still running then.
    func stop(before deadline: ContinuousClock.Instant) -> [ServiceName] {
        for worker in workers.values { worker.requestStop() }
        return workers.filter { !$0.value.waitUntilStopped(before: deadline) }.map(\.key).sorted { $0.rawValue < $1.rawValue }
    }

    /// Each service and whether its thread runs.
    var running: [ServiceName: Bool] {
        workers.mapValues(\.isRunning)
    }
}
