import Foundation
import GatewayCore
import GatewayHTTP
import NationalSystems

/// The mock SIINas, on Gerbang's own design of its API (docs/siinas-api.md):
/// technical-verification requests pushed to the agency and listed in a
/// feed, the industry-data commitment, and the BAP upload after which SIINas
/// issues the Berita Acara Pemenuhan Komitmen and reports to OSS (SOP 002
/// steps 2-4 and 17-19).
public final class SIINasMock: MockSystem {
    public static let name = "siinas"
    /// OSS caps documents at 2 MB (PIA, file fields); SIINas is taken to do the same.
    static let maxDocumentBytes = 2 * 1024 * 1024

    private let context: MockContext
    private let state = Locked(SIINasState())

    public init(context: MockContext) {
        self.context = context
    }

    public func install(into routes: inout MockRoutes) {
        routes.add(.get, "/api/v1/notifications") { [self] request in
            try authenticate(request)
            let feed = try Feed(request)
            let (items, next) = feed.page(state.withLock { $0.notifications }, sequence: \.sequence, faults: context.faults)
            return .json(SIINasFeedPage(notifications: items, next_cursor: String(next)))
        }
        routes.add(.get, "/api/v1/verifikasi-teknis") { [self] request in
            try authenticate(request)
            let nib = request.query["nib"]
            let requests = state.withLock { $0.requests.values }.filter { nib == nil || $0.nib == nib }.sorted { $0.id < $1.id }
            return .json(["permohonan": requests])
        }
        routes.add(.get, "/api/v1/verifikasi-teknis/{id}") { [self] request in
            try authenticate(request)
            let id = request.pathParameters["id"] ?? ""
            guard let found = state.withLock({ $0.requests[id] }) else { throw MockError.notFound("no verification request \(id)") }
            return .json(found)
        }
        routes.add(.post, "/api/v1/verifikasi-teknis/{id}/bap") { [self] request in
            try authenticate(request)
            return try uploadBAP(request.decoded(SIINasBAPUpload.self), to: request.pathParameters["id"] ?? "")
        }
        routes.add(.post, "/api/v1/verifikasi-teknis/{id}/pengembalian") { [self] request in
            try authenticate(request)
            return try returnToApplicant(request.decoded(SIINasReturn.self), id: request.pathParameters["id"] ?? "")
        }
        routes.add(.post, "/api/v1/verifikasi-teknis/{id}/penutupan") { [self] request in
            try authenticate(request)
            return try close(request.decoded(SIINasClosure.self), id: request.pathParameters["id"] ?? "")
        }
        routes.add(.get, "/files/bapk/{file}") { [self] request in
            let id = (request.pathParameters["file"] ?? "").replacingOccurrences(of: ".pdf", with: "")
            guard state.withLock({ $0.requests[id]?.bap?.berita_acara_pemenuhan_komitmen }) != nil else {
                throw MockError.notFound("no Berita Acara Pemenuhan Komitmen for \(id)")
            }
            return HTTPResponse(status: .ok, headers: ["Content-Type": "application/pdf"],
                                body: Array("%PDF-1.4\n% Gerbang mock SIINas: Berita Acara Pemenuhan Komitmen \(id)\n%%EOF\n".utf8))
        }
    }

    public func errorResponse(_ error: MockError, path: String) -> HTTPResponse {
        HTTPError(error.status, error.message).response
    }

    private func authenticate(_ request: HTTPRequest) throws(MockError) {
        try request.requireSecret("Authorization", equals: context.settings.siinasToken, prefix: "Bearer ")
    }

    // MARK: The BAP upload (SOP 002 steps 17-19)

    private func uploadBAP(_ upload: SIINasBAPUpload, to id: String) throws(MockError) -> HTTPResponse {
        guard upload.dokumen.content_type == "application/pdf" else {
            throw .invalid("dokumen.content_type must be application/pdf, not '\(upload.dokumen.content_type)'")
        }
        guard let document = Data(base64Encoded: upload.dokumen.isi_base64) else { throw .invalid("dokumen.isi_base64 is not base64") }
        guard document.count <= Self.maxDocumentBytes else {
            throw .tooLarge("the BAP is \(document.count) bytes; documents are at most \(Self.maxDocumentBytes) bytes")
        }
        guard document.starts(with: Array("%PDF-".utf8)) else { throw .invalid("dokumen is not a PDF (it does not start with %PDF-)") }
        let digest = Digest.sha256Hex(Array(document))
        let today = context.clock.today()
        let url = context.url

        // Every upload is done, a repeat of the same BAP too: SIINas is not trusted to recognise one (the gateway asks
        // before it sends again), so a BAP sent twice arrives twice, in the journal and in what SIINas tells OSS.
        let outcome: (receipt: SIINasBAPReceipt, request: SIINasVerificationRequest, replaced: SIINasBAPReceipt?) = try state.withLock {
            state throws(MockError) in
            guard var request = state.requests[id] else { throw .notFound("no verification request \(id)") }
            guard request.penutupan == nil else { throw .conflict("request \(id) was closed by the agency: it takes no BAP") }
            let replaced = request.bap
            state.uploads += 1
            let ready = upload.hasil == .ready
            let receipt = SIINasBAPReceipt(
                bap_id: "BAP-\(state.uploads)", request_id: id, nomor_bap: upload.nomor_bap, hasil: upload.hasil, sha256: digest,
                ukuran_bytes: document.count,
                berita_acara_pemenuhan_komitmen: ready
                    ? .init(nomor: "BAPK/\(state.uploads)/\(today.prefix(4))", tanggal: today, url: "\(url)/files/bapk/\(id).pdf")
                    : nil)
            request.bap = receipt
            request.status = ready ? .commitmentsFulfilled : .notReady
            state.requests[id] = request
            state.documents[receipt.bap_id] = upload.dokumen.isi_base64
            return (receipt, request, replaced)
        }

        let ossReply = notifyOSS(outcome.request, ready: upload.hasil == .ready)
        var pushes: [JSONValue] = []
        if let report = outcome.receipt.berita_acara_pemenuhan_komitmen {
            pushes.append(publish(.commitmentReportIssued, for: outcome.request, data: ["berita_acara_pemenuhan_komitmen": JSONValue.from(report)]))
        }
        pushes.append(publish(.ossNotified, for: outcome.request, data: [
            "kd_status": .string(upload.hasil == .ready ? OSSStatusCode.requirementsVerified.code : OSSStatusCode.requirementsRejected.code),
            "hasil": .string(upload.hasil.rawValue), "oss": ossReply,
        ]))
        var body = JSONValue.from(outcome.receipt)
        body = body.merging(["oss": ossReply, "notifikasi": .array(pushes)])
        var response = HTTPResponse.json(body, status: .created)
        if let replaced = outcome.replaced {
            response.headers.set(IdempotencyCache.noteHeader, "a further BAP for \(id): \(outcome.receipt.bap_id) (\(upload.nomor_bap)) "
                                 + "replaced \(replaced.bap_id) (\(replaced.nomor_bap)), and OSS was told again")
        }
        return response
    }

    // MARK: The agency closes a request (a withdrawal)

    /// Closed once: the same closure again is answered as it stands (the gateway asks before it sends again); another
    /// closure of a closed request, or one after the BAP decided it, is a conflict.
    private func close(_ closure: SIINasClosure, id: String) throws(MockError) -> HTTPResponse {
        guard !closure.alasan.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .invalid("alasan is empty: the applicant must be told why the request was closed")
        }
        guard !closure.referensi.isEmpty else { throw .invalid("referensi is empty") }
        let request = try state.withLock { state throws(MockError) -> SIINasVerificationRequest in
            guard var request = state.requests[id] else { throw .notFound("no verification request \(id)") }
            if let earlier = request.penutupan {
                guard earlier.referensi == closure.referensi else { throw .conflict("request \(id) was closed already (\(earlier.referensi))") }
                return request
            }
            guard request.bap == nil else { throw .conflict("request \(id) already has its BAP: it was decided and can no longer be closed") }
            request.status = .closed
            request.penutupan = closure
            state.requests[id] = request
            return request
        }
        return .json(JSONValue.from(request), status: .created)
    }

    // MARK: The return to the applicant (SOP 000 step 5)

    /// Every return is recorded, a repeat too (the gateway asks before it sends one again); the request waits for
    /// its applicant until they submit it again (`verifikasi_teknis.diperbaiki`).
    private func returnToApplicant(_ returned: SIINasReturn, id: String) throws(MockError) -> HTTPResponse {
        guard !returned.alasan.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .invalid("alasan is empty: the applicant must be told what to complete")
        }
        guard !returned.referensi.isEmpty else { throw .invalid("referensi is empty") }
        let request = try state.withLock { state throws(MockError) -> SIINasVerificationRequest in
            guard var request = state.requests[id] else { throw .notFound("no verification request \(id)") }
            guard request.bap == nil else { throw .conflict("request \(id) already has its BAP: it can no longer go back to the applicant") }
            guard request.penutupan == nil else { throw .conflict("request \(id) was closed by the agency: it cannot go back to the applicant") }
            request.status = .returned
            request.pengembalian = (request.pengembalian ?? []) + [returned]
            state.requests[id] = request
            return request
        }
        return .json(JSONValue.from(request), status: .created)
    }

    /// SIINas reports the verification to OSS the way an integrated ministry system does:
    /// receiveLicenseStatus with 45 (requirements verified) or 93 (rejected).
    private func notifyOSS(_ request: SIINasVerificationRequest, ready: Bool) -> JSONValue {
        let settings = context.settings
        guard let ossURL = settings.ossURL else { return ["skipped": "no OSS URL is set (PUT /__admin/config {\"ossURL\": …})"] }
        let status = IzinStatus(
            idIzin: request.id_izin, kdStatus: ready ? .requirementsVerified : .requirementsRejected, nib: request.nib,
            idProduk: request.id_produk, idProyek: request.id_proyek, ossID: request.oss_id, kdIzin: request.kd_izin,
            kdInstansi: settings.siinasInstansiCode, tglStatus: context.clock.ossTimestamp(), nipStatus: settings.siinasOfficerNIP,
            namaStatus: "SIINas", keterangan: ready ? "Berita Acara Pemenuhan Komitmen terbit" : "Hasil verifikasi teknis: belum siap")
        let body: JSONValue = ["IZINSTATUS": status.json]
        return context.notifier.pushUntilAccepted(ossURL + OSSMethod.receiveLicenseStatus.path, body: Array(body.encoded()),
                                                  headers: ["user_key": settings.ossUserKey])
    }

    // MARK: Notifications

    /// Adds a notification to the feed and pushes it to the agency, signed.
    private func publish(_ type: SIINasEventType, for request: SIINasVerificationRequest, data: JSONValue) -> JSONValue {
        let time = context.clock.isoNow()
        let notification = state.withLock { state in
            let sequence = state.nextSequence
            state.nextSequence += 1
            let notification = SIINasNotification(
                id: "SIINAS-N-\(sequence)", sequence: sequence, type: type, occurred_at: time, request_id: request.id,
                nib: request.nib, id_izin: request.id_izin, data: data)
            state.notifications.append(notification)
            return notification
        }
        var result: JSONValue = ["notification": .string(notification.id), "sequence": .integer(notification.sequence)]
        guard let url = try? context.agencyURL("/siinas/notifications") else {
            return result.merging(["push": "skipped: no agency URL; the notification is in the feed"])
        }
        let body = Array(JSONValue.from(notification).encoded())
        let push = context.notifier.push(url, body: body, headers: [
            SIINasSignature.header: SIINasSignature.sign(body, secret: context.settings.siinasSigningSecret) ?? "",
        ])
        result = result.merging(["push": push])
        return result
    }

    public func emit(_ event: ScenarioEvent) throws(MockError) -> JSONValue {
        let emitted: [SIINasEventType] = [.verificationRequested, .resubmitted, .industryDataFulfilled]
        guard let type = SIINasEventType(rawValue: event.type), emitted.contains(type) else {
            throw .invalid("the SIINas mock emits \(emitted.map(\.rawValue).joined(separator: ", ")), not '\(event.type)'")
        }
        guard let id = event.target, var request = state.withLock({ $0.requests[id] }) else {
            throw .notFound("\(event.type) needs a known verification request as target")
        }
        switch type {
        case .industryDataFulfilled:
            request.data_industri_terpenuhi = true
        case .resubmitted:
            // Only what was returned can be submitted again.
            guard request.status == .returned else {
                throw .conflict("request \(id) is \(request.status.rawValue), not dikembalikan: there is nothing to submit again")
            }
            request.status = .awaitingVerification
        default:
            break
        }
        let updated = request
        state.withLock { $0.requests[id] = updated }
        return publish(type, for: request, data: [
            "data_industri_terpenuhi": .bool(request.data_industri_terpenuhi), "jenis_permohonan": .string(request.jenis_permohonan),
            "nama_perusahaan": .string(request.nama_perusahaan), "kbli": request.kbli.map(JSONValue.string) ?? nil,
            "id_proyek": request.id_proyek.map(JSONValue.string) ?? nil,
        ])
    }

    // MARK: State

    public func load(_ scenario: Scenario) throws(MockError) {
        let loaded = try scenario.items(Self.name, "requests", as: SIINasVerificationRequest.self)
        state.withLock { state in
            for request in loaded where state.requests[request.id] == nil {
                state.requests[request.id] = request
                state.requestScenarios[request.id] = scenario.name
            }
            if !state.scenarios.contains(scenario.name) { state.scenarios.append(scenario.name) }
        }
    }

    public func reset(scenario: String?) {
        state.withLock { state in
            guard let scenario else {
                state = SIINasState()
                return
            }
            let ids = Set(state.requestScenarios.filter { $0.value == scenario }.keys)
            state.requests = state.requests.filter { !ids.contains($0.key) }
            state.requestScenarios = state.requestScenarios.filter { !ids.contains($0.key) }
            state.notifications.removeAll { ids.contains($0.request_id) }
            state.scenarios.removeAll { $0 == scenario }
        }
    }

    public var loadedScenarios: [String] { state.withLock { $0.scenarios } }

    public func snapshot() -> JSONValue { JSONValue.from(state.withLock { $0 }) }

    public func restore(_ saved: JSONValue) throws {
        let restored = try saved.decode(SIINasState.self)
        state.withLock { $0 = restored }
    }
}
