import Foundation
import GatewayCore
import GatewayHTTP
import NationalSystems

/// The mock SIPRO, on Gerbang's own design of its API (docs/sipro-api.md):
/// registrations as an event feed with a cursor, status updates from the
/// agency, the permit number and the "ready for pickup" state (SOP 003).
public final class SIPROMock: MockSystem {
    public static let name = "sipro"

    private let context: MockContext
    private let state = Locked(SIPROState())

    public init(context: MockContext) {
        self.context = context
    }

    public func install(into routes: inout MockRoutes) {
        installLetters(into: &routes)
        routes.add(.get, "/api/v1/events") { [self] request in
            try authenticate(request)
            let feed = try Feed(request)
            let (items, next) = feed.page(state.withLock { $0.events }, sequence: \.sequence, faults: context.faults)
            return .json(SIPROFeedPage(events: items, next_cursor: String(next)))
        }
        routes.add(.get, "/api/v1/permohonan/{nomor}") { [self] request in
            try authenticate(request)
            return .json(try application(request.pathParameters["nomor"] ?? ""))
        }
        routes.add(.post, "/api/v1/permohonan/{nomor}/status") { [self] request in
            try authenticate(request)
            let update = try request.decoded(SIPROStatusUpdate.self)
            let allowed: Set<SIPROApplication.Status> = [.received, .returned, .inProcess, .approved, .rejected, .withdrawn]
            guard allowed.contains(update.status) else {
                throw MockError.invalid("status is one of \(allowed.map(\.rawValue).sorted().joined(separator: ", ")); numbers, pickup and collection have their own endpoints")
            }
            return .json(try change(request.pathParameters["nomor"] ?? "", to: update.status, note: update.catatan, by: update.petugas))
        }
        routes.add(.post, "/api/v1/permohonan/{nomor}/nomor-izin") { [self] request in
            try authenticate(request)
            let number = try request.decoded(SIPROPermitNumber.self)
            return .json(try change(request.pathParameters["nomor"] ?? "", to: .numbered, note: "Nomor izin \(number.nomor_izin)", by: nil) { application in
                application.nomor_izin = number.nomor_izin
                application.tanggal_terbit = number.tanggal_terbit
                application.berlaku_sampai = number.berlaku_sampai
            })
        }
        routes.add(.post, "/api/v1/permohonan/{nomor}/siap-diambil") { [self] request in
            try authenticate(request)
            let ready = try request.decoded(SIPROReadyForPickup.self)
            return .json(try change(request.pathParameters["nomor"] ?? "", to: .readyForPickup, note: ready.loket.map { "Loket \($0)" }, by: nil) { application in
                application.loket = ready.loket
            })
        }
    }

    /// DPMPTSP's incoming-letter box (SOP 001 step 8, SOP 002 step 17).
    private func installLetters(into routes: inout MockRoutes) {
        routes.add(.post, "/api/v1/surat-masuk") { [self] request in
            try authenticate(request)
            let letter = try request.decoded(DPMPTSPLetter.self)
            if let document = letter.dokumen {
                guard let bytes = Data(base64Encoded: document.isi_base64) else { throw MockError.invalid("dokumen.isi_base64 is not base64") }
                guard bytes.count <= 2 * 1024 * 1024 else { throw MockError.tooLarge("documents are at most 2 MB") }
            }
            let time = context.clock.isoNow()
            let year = context.clock.today().prefix(4)
            let receipt = state.withLock { state in
                let agenda = "\(state.nextAgenda)/SM/DPMPTSP/\(year)"
                state.nextAgenda += 1
                state.letters[agenda] = letter
                return DPMPTSPLetterReceipt(nomor_agenda: agenda, nomor_surat: letter.nomor_surat, diterima_at: time)
            }
            return .json(receipt, status: .created)
        }
        routes.add(.get, "/api/v1/surat-masuk") { [self] request in
            try authenticate(request)
            let letters = state.withLock { $0.letters }.sorted { $0.key < $1.key }.map { agenda, letter in
                JSONValue.from(letter).merging(["nomor_agenda": .string(agenda)])
            }
            return .json(["surat": JSONValue.array(letters)])
        }
    }

    public func errorResponse(_ error: MockError, path: String) -> HTTPResponse {
        HTTPError(error.status, error.message).response
    }

    private func authenticate(_ request: HTTPRequest) throws(MockError) {
        try request.requireSecret("X-SIPRO-Key", equals: context.settings.siproKey)
    }

    private func application(_ number: String) throws(MockError) -> SIPROApplication {
        guard let found = state.withLock({ $0.applications[number] }) else { throw .notFound("no application \(number)") }
        return found
    }

    /// Moves an application to `status` if its current one allows it, keeping the history.
    private func change(
        _ number: String, to status: SIPROApplication.Status, note: String?, by officer: String?,
        _ update: (inout SIPROApplication) -> Void = { _ in }
    ) throws(MockError) -> SIPROApplication {
        let time = context.clock.isoNow()
        return try state.withLock { state throws(MockError) in
            guard var application = state.applications[number] else { throw .notFound("no application \(number)") }
            if let reason = Self.refusal(from: application, to: status) { throw .conflict(reason) }
            update(&application)
            application.status = status
            application.riwayat.append(.init(status: status, catatan: note, petugas: officer, waktu: time))
            state.applications[number] = application
            return application
        }
    }

    /// Why an application cannot move from its status to another, if it cannot.
    static func refusal(from application: SIPROApplication, to status: SIPROApplication.Status) -> String? {
        switch (application.status, status) {
        // A final status told again is applied again (SIPRO is not trusted to recognise a repeat: the riwayat shows two).
        case (let now, let next) where [.rejected, .collected, .withdrawn].contains(now) && next != now:
            "application \(application.nomor_pendaftaran) is \(application.status.rawValue): it cannot change any more"
        case (_, .readyForPickup) where application.nomor_izin == nil:
            "application \(application.nomor_pendaftaran) has no permit number yet: POST …/nomor-izin first"
        case (_, .collected) where application.status != .readyForPickup:
            "application \(application.nomor_pendaftaran) is not ready for pickup"
        default:
            nil
        }
    }

    // MARK: Events

    public func emit(_ event: ScenarioEvent) throws(MockError) -> JSONValue {
        guard let type = SIPROEventType(rawValue: event.type) else {
            throw .invalid("the SIPRO mock emits \(SIPROEventType.allCases.map(\.rawValue).joined(separator: ", ")), not '\(event.type)'")
        }
        guard let number = event.target else { throw .invalid("\(event.type) needs a registration number as target") }
        let time = context.clock.isoNow()
        let recorded: SIPROEvent = try state.withLock { state throws(MockError) in
            switch type {
            case .registered:
                guard state.applications[number] == nil else { throw .conflict("\(number) is already registered") }
                guard let registration = state.pending[number] else { throw .notFound("no registration \(number) in a loaded scenario") }
                state.applications[number] = SIPROApplication(
                    nomor_pendaftaran: number, status: .registered, riwayat: [.init(status: .registered, catatan: nil, petugas: nil, waktu: time)],
                    pendaftaran: registration)
            case .resubmitted:
                guard var application = state.applications[number], application.status == .returned else {
                    throw .conflict("\(number) was not returned to the applicant, so it cannot be resubmitted")
                }
                application.status = .registered
                application.riwayat.append(.init(status: .registered, catatan: "Berkas dilengkapi pemohon", petugas: nil, waktu: time))
                state.applications[number] = application
            case .collected:
                guard var application = state.applications[number] else { throw .notFound("no application \(number)") }
                if let reason = Self.refusal(from: application, to: .collected) { throw .conflict(reason) }
                application.status = .collected
                application.riwayat.append(.init(status: .collected, catatan: "Diambil pemohon di loket", petugas: nil, waktu: time))
                state.applications[number] = application
            }
            let sequence = state.nextSequence
            state.nextSequence += 1
            let recorded = SIPROEvent(
                id: "SIPRO-E-\(sequence)", sequence: sequence, type: type, nomor_pendaftaran: number, waktu: time,
                pendaftaran: type == .collected ? nil : state.applications[number]?.pendaftaran)
            state.events.append(recorded)
            return recorded
        }
        return ["event": .string(recorded.id), "sequence": .integer(recorded.sequence), "type": .string(type.rawValue)]
    }

    // MARK: State

    public func load(_ scenario: Scenario) throws(MockError) {
        let loaded = try scenario.items(Self.name, "registrations", as: SIPRORegistration.self)
        state.withLock { state in
            for registration in loaded where state.pending[registration.nomor_pendaftaran] == nil {
                state.pending[registration.nomor_pendaftaran] = registration
                state.registrationScenarios[registration.nomor_pendaftaran] = scenario.name
            }
            if !state.scenarios.contains(scenario.name) { state.scenarios.append(scenario.name) }
        }
    }

    public func reset(scenario: String?) {
        state.withLock { state in
            guard let scenario else {
                state = SIPROState()
                return
            }
            let numbers = Set(state.registrationScenarios.filter { $0.value == scenario }.keys)
            state.pending = state.pending.filter { !numbers.contains($0.key) }
            state.applications = state.applications.filter { !numbers.contains($0.key) }
            state.registrationScenarios = state.registrationScenarios.filter { !numbers.contains($0.key) }
            state.events.removeAll { numbers.contains($0.nomor_pendaftaran) }
            state.scenarios.removeAll { $0 == scenario }
        }
    }

    public var loadedScenarios: [String] { state.withLock { $0.scenarios } }

    public func snapshot() -> JSONValue { JSONValue.from(state.withLock { $0 }) }

    public func restore(_ saved: JSONValue) throws {
        let restored = try saved.decode(SIPROState.self)
        state.withLock { $0 = restored }
    }
}
