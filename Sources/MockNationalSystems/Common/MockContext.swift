import Foundation
import GatewayCore
import GatewayHTTP
import NationalSystems

/// What a mock system shares with its server: the clock, the journal, the
/// fault injector, the settings, the scenario library and the notifier.
public final class MockContext: Sendable {
    public let clock: MockClock
    public let journal: Journal
    public let faults: FaultInjector
    public let scenarios: ScenarioLibrary
    let idempotency = IdempotencyCache()
    private let settingsBox: Locked<MockSettings>
    private let ownURL = Locked<String>("")
    let notifier: Notifier

    init(settings: MockSettings, scenarios: ScenarioLibrary, clock: MockClock = MockClock()) {
        self.clock = clock
        journal = Journal(clock: clock)
        faults = FaultInjector()
        self.scenarios = scenarios
        settingsBox = Locked(settings)
        notifier = Notifier(journal: journal, faults: faults)
    }

    public var settings: MockSettings { settingsBox.withLock { $0 } }

    public func update(_ change: (inout MockSettings) -> Void) {
        settingsBox.withLock { change(&$0) }
    }

    /// This mock's own base URL ("http://127.0.0.1:8701"), once started.
    public var url: String {
        get { ownURL.withLock { $0 } }
        set { ownURL.withLock { $0 = newValue } }
    }

    /// The agency URL a push goes to, or an error that says how to set it.
    func agencyURL(_ path: String) throws(MockError) -> String {
        guard let base = settings.agencyURL, !base.isEmpty else {
            throw .invalid("no agency URL is set: start the mock with --agency-url URL or PUT /__admin/config {\"agencyURL\": …}")
        }
        return base.hasSuffix("/") ? String(base.dropLast()) + path : base + path
    }
}

/// Sends a mock's notifications (OSS receiveNIB, SIINas pushes) and journals every attempt.
final class Notifier: Sendable {
    /// One attempt at a push: the answer, or why there was none.
    struct Delivery: Sendable, Codable, Equatable {
        let status: Int?
        let body: String?
        let error: String?
    }

    private let client: HTTPClient
    private let journal: Journal
    private let faults: FaultInjector

    init(journal: Journal, faults: FaultInjector) {
        var configuration = ClientConfiguration()
        configuration.timeout = .seconds(5)
        configuration.connectTimeout = .seconds(2)
        client = HTTPClient(configuration: configuration)
        self.journal = journal
        self.faults = faults
    }

    /// POSTs the body; twice when a duplicate-delivery fault says so.
    func push(_ url: String, body: [UInt8], headers: HTTPHeaders, repeatDelivery: Bool = false) -> JSONValue {
        var fields = headers
        fields.set("Content-Type", "application/json")
        let duplicate = faults.duplicatePush()
        let times = (duplicate ? 2 : 1) + (repeatDelivery ? 1 : 0)
        var deliveries: [Delivery] = []
        for attempt in 0..<times {
            let fault = attempt > 0 ? (duplicate ? "duplicate" : "repeat") : nil
            do {
                let response = try client.send(ClientRequest(method: .post, url: url, headers: fields, body: body))
                journal.record(.sent, method: "POST", target: url, headers: fields, body: body, status: response.status.code, fault: fault)
                deliveries.append(Delivery(status: response.status.code, body: String(response.bodyText.prefix(2000)), error: nil))
            } catch {
                journal.record(.sent, method: "POST", target: url, headers: fields, body: body, status: nil, fault: fault, error: "\(error)")
                deliveries.append(Delivery(status: nil, body: nil, error: "\(error)"))
            }
        }
        return ["url": .string(url), "deliveries": JSONValue.from(deliveries)]
    }

    /// POSTs the body until it is accepted (2xx), at most `attempts` times, waiting a little longer each
    /// time: how one national system tells another what it must not miss (SIINas telling OSS that a
    /// permit's commitments were verified), unlike the pushes to the agency, which the agency recovers by polling.
    func pushUntilAccepted(_ url: String, body: [UInt8], headers: HTTPHeaders, attempts: Int = 6) -> JSONValue {
        var tries: [JSONValue] = []
        for attempt in 1...max(1, attempts) {
            let result = push(url, body: body, headers: headers)
            tries.append(result)
            let accepted = result.field("deliveries")?.array?.contains { ($0.field("status")?.text).flatMap(Int.init).map { (200..<300).contains($0) } ?? false }
            if accepted == true || attempt == attempts { break }
            Thread.sleep(forTimeInterval: 0.05 * Double(attempt))
        }
        return ["url": .string(url), "tries": .array(tries)]
    }
}
