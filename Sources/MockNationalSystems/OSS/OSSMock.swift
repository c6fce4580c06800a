import Foundation
import GatewayCore
import GatewayHTTP
import NationalSystems

/// The mock OSS RBA: the agency-to-OSS methods of the PIA under /v1/kl/rba/,
/// authenticated by `user_key`, with the guide's wrappers, field names,
/// reply codes (Lampiran 9) and status codes (Lampiran 10); and the pushes
/// OSS makes to the agency (receiveNIB, receiveFileDS) with the daily Token.
///
/// Held to the guide's field tables (fixtures/pia, beside the scenarios): a request with a field the
/// guide does not define, or without a mandatory one, is a 400 naming each; the NIBs it delivers and
/// the data it answers carry every field the guide requires.
public final class OSSMock: MockSystem {
    public static let name = "oss"

    private let context: MockContext
    private let state = Locked(OSSState())
    private let contract: PIAContract?

    public init(context: MockContext) {
        self.context = context
        let folder = URL(fileURLWithPath: context.scenarios.folder).deletingLastPathComponent().appendingPathComponent("pia").path
        contract = try? PIAContract.load(folder: folder)
    }

    // MARK: Routes

    public func install(into routes: inout MockRoutes) {
        for method in OSSMethod.allCases where method.isAgencyToOSS {
            routes.add(.post, method.path) { [self] request in
                try authenticate(request, method: method)
                if let contract, case let problems = contract.problems(in: try request.json(), of: method.rawValue, .request), !problems.isEmpty {
                    throw MockError.invalid(problems.joined(separator: "; "))
                }
                let body = try unwrap(request, method: method)
                switch method {
                case .receiveLicenseStatus: return try receiveLicenseStatus(body)
                case .receiveLicense, .updateLicense: return try receiveLicense(body, method: method)
                case .checkLicenseStatus: return try checkLicenseStatus(body)
                case .inqueryNIB: return try inqueryNIB(body)
                case .inqueryFileDS: return inqueryFileDS(body)
                case .inqueryLicense: return inqueryLicense(body)
                case .checkNIB: return try checkNIB(body)
                case .fetchNIB: return try fetchNIB(body)
                case .getDataReferensi: return try getDataReferensi(body)
                case .receiveNIB, .receiveFileDS: throw MockError.notFound("\(method.rawValue) is sent by OSS, not to it")
                }
            }
        }
        // The signed documents the file DS URLs point at.
        routes.add(.get, "/files/ds/{file}") { [self] request in
            let id = (request.pathParameters["file"] ?? "").replacingOccurrences(of: ".pdf", with: "")
            guard state.withLock({ $0.permits[id]?.file_ds }) != nil else { throw MockError.notFound("no signed document for \(id)") }
            return HTTPResponse(status: .ok, headers: ["Content-Type": "application/pdf"], body: Self.signedDocument(id))
        }
        // What applicants uploaded into OSS (a status event with "file_lampiran": "upload").
        routes.add(.get, "/files/lampiran/{file}") { [self] request in
            let id = (request.pathParameters["file"] ?? "").replacingOccurrences(of: ".pdf", with: "")
            guard state.withLock({ $0.permits[id]?.file_lampiran })?.hasSuffix("/files/lampiran/\(id).pdf") == true else {
                throw MockError.notFound("no upload for \(id)")
            }
            return HTTPResponse(status: .ok, headers: ["Content-Type": "application/pdf"],
                                body: Array("%PDF-1.4\n% Gerbang mock OSS: uploaded by the applicant for \(id)\n%%EOF\n".utf8))
        }
    }

    public func installAdmin(into router: inout Router) {
        router.get("/__admin/quirks") { [self] _ in .json(state.withLock { $0.quirks }) }
        router.add(.put, "/__admin/quirks") { [self] request in
            let patch = try request.json()
            let quirks = try state.withLock { state throws(MockError) in
                do {
                    state.quirks = try JSONValue.from(state.quirks).merging(patch).decode(OSSQuirks.self)
                } catch {
                    throw .invalid("quirks are repeatNIBDelivery, trailingSpaceKey, dashPlaceholders, unlistedStatusCode, exampleReplyWrapper (true or false)")
                }
                return state.quirks
            }
            return .json(quirks)
        }
    }

    /// `{"respon<method>": {"kode": 401, "keterangan": "User Akses Tidak Valid"}}`: the guide's shape, with the HTTP status equal to `kode`.
    public func errorResponse(_ error: MockError, path: String) -> HTTPResponse {
        let method = OSSMethod(rawValue: String(path.split(separator: "/").last ?? ""))
        let code = Self.replyCode(for: error.status)
        guard let method, method.isAgencyToOSS else {
            return .json(["error": ["status": .integer(error.status.code), "message": .string(error.message)]] as JSONValue, status: error.status)
        }
        let detail = error.message == code.keterangan ? code.keterangan : "\(code.keterangan): \(error.message)"
        // The code in the body is the HTTP status; the wording is Lampiran 9's nearest.
        let status = JSONValue.integer(error.status.code)
        switch method {
        case .inqueryFileDS:
            return reply(method, status: error.status, ["status": .string(String(error.status.code)), "keterangan": .string(detail), "url_file_ds": ""])
        case .receiveLicenseStatus:
            // The guide's own error example keeps the empty dataNIB.
            return reply(method, status: error.status, ["kode": status, "keterangan": .string(detail), "dataNIB": [:]])
        case .inqueryLicense:
            return reply(method, status: error.status, ["success": false, "code": status, "message": .string(detail), "data": nil, "meta": nil])
        default:
            return reply(method, status: error.status, ["kode": status, "keterangan": .string(detail)])
        }
    }

    private static func replyCode(for status: HTTPStatus) -> OSSReplyCode {
        OSSReplyCode(rawValue: status.code) ?? (status.code >= 500 ? .processingFailed : .badParameters)
    }

    private func reply(_ method: OSSMethod, status: HTTPStatus = .ok, _ fields: [String: JSONValue]) -> HTTPResponse {
        var wrapper = method.replyWrapper
        if method == .checkLicenseStatus, state.withLock({ $0.quirks.exampleReplyWrapper }) {
            wrapper = OSSMethod.checkLicenseStatusExampleWrapper
        }
        return .json([wrapper: .object(fields)] as JSONValue, status: status)
    }

    private func success(_ method: OSSMethod, _ fields: [String: JSONValue] = [:]) -> HTTPResponse {
        reply(method, ["kode": 200, "keterangan": .string(OSSReplyCode.success.keterangan)].merging(fields) { _, new in new })
    }

    /// `user_key` must be the configured key (PIA: every agency-to-OSS method).
    private func authenticate(_ request: HTTPRequest, method: OSSMethod) throws(MockError) {
        guard let key = request.headers["user_key"], Digest.constantTimeEquals(key, context.settings.ossUserKey) else {
            throw .unauthorized(OSSReplyCode.invalidUser.keterangan)
        }
    }

    /// The object under the method's wrapper key.
    private func unwrap(_ request: HTTPRequest, method: OSSMethod) throws(MockError) -> JSONValue {
        let body = try request.json()
        guard let inner = body.field(method.requestWrapper), inner.object != nil else {
            throw .invalid("the body must be {\"\(method.requestWrapper)\": {…}}")
        }
        return inner
    }

    // MARK: Agency to OSS

    /// The agency may send only its authority's codes (PIA Lampiran 10): anything else is an illegal access (Lampiran 9).
    private func authorize(_ code: OSSStatusCode) throws(MockError) {
        let authority = context.settings.agencyAuthority
        guard authority.allowedCodes.contains(code) else {
            throw .forbidden("kode status \(code.code) bukan wewenang \(authority.rawValue) "
                + "(\(authority.allowedCodes.map(\.code).sorted().joined(separator: ", ")))")
        }
    }

    private func receiveLicenseStatus(_ body: JSONValue) throws(MockError) -> HTTPResponse {
        guard let status = IzinStatus(body) else { throw .invalid("id_izin dan kd_status wajib diisi") }
        guard status.kdStatus.isListed else { throw .invalid("kd_status \(status.kdStatus.code) tidak dikenal (Lampiran 10)") }
        let fromSIINas = status.kdInstansi == context.settings.siinasInstansiCode
        // SIINas reports for Kemenperin, which verifies commitments; the agency only within its authority.
        if !fromSIINas { try authorize(status.kdStatus) }
        let issuesItself = fromSIINas && context.settings.agencyAuthority == .technical
        let record = OSSState.StatusRecord(
            kd_status: status.kdStatus.code, tgl_status: status.tglStatus ?? context.clock.ossTimestamp(), keterangan: status.keterangan,
            nama_status: status.namaStatus, kd_instansi: status.kdInstansi, source: fromSIINas ? "siinas" : "agency")
        try state.withLock { state throws(MockError) in
            guard state.permits[status.idIzin] != nil else { throw .invalid("Data izin tidak ditemukan") }
            state.permits[status.idIzin]?.statuses.append(record)
            if let attachment = status.fileLampiran { state.permits[status.idIzin]?.file_lampiran = attachment }
            if fromSIINas, status.kdStatus == .requirementsVerified { state.permits[status.idIzin]?.commitments_fulfilled = true }
            if fromSIINas, status.kdStatus == .requirementsRejected { state.permits[status.idIzin]?.commitments_fulfilled = false }
            // With a technical agency the permit is issued elsewhere: OSS approves it once Kemenperin verified it.
            if issuesItself, status.kdStatus == .requirementsVerified {
                state.permits[status.idIzin]?.statuses.append(OSSState.StatusRecord(
                    kd_status: OSSStatusCode.approved.code, tgl_status: record.tgl_status, keterangan: "Seluruh komitmen terverifikasi",
                    nama_status: nil, kd_instansi: nil, source: "oss"))
            }
        }
        return success(.receiveLicenseStatus, ["dataNIB": [:]])
    }

    private func receiveLicense(_ body: JSONValue, method: OSSMethod) throws(MockError) -> HTTPResponse {
        guard let id = body.field("id_izin")?.meaningfulText else { throw .invalid("id_izin wajib diisi") }
        // Mandatory in the guide: no default (the 49 call and the 50 call differ only in it).
        guard let given = body.field("status_izin")?.meaningfulText else { throw .invalid("status_izin wajib diisi") }
        let statusCode = OSSStatusCode(given)
        guard statusCode.isListed else { throw .invalid("status_izin \(statusCode.code) tidak dikenal (Lampiran 10)") }
        try authorize(statusCode)
        // 49 only takes the number (Pengambilan Nomor); only the codes that grant a permit issue and sign it (50, and 57,
        // approved by law): any other status (a 90 sent this way) is recorded, with neither a number nor a signed permit.
        let issuing = statusCode == .approved || statusCode == .approvedBySilence
        let numbering = issuing || statusCode == .numberTaken
        let url = context.url
        let now = context.clock.ossTimestamp()
        let year = String(context.clock.today().prefix(4))
        let number: String = try state.withLock { state throws(MockError) in
            guard var permit = state.permits[id] else { throw .invalid("Data izin tidak ditemukan") }
            // Taking the number again is applied again, a status record more, like any repeat (OSS defines no
            // idempotency, oss-rba.md §1.9): a permit keeps the number it was first given.
            if numbering, permit.nomor_izin == nil {
                state.issued += 1
                let sequence = String(state.issued)
                permit.nomor_izin = body.field("nomor_izin")?.meaningfulText
                    ?? "\(permit.kd_izin?.prefix(3) ?? "000")/OSS/\(year)/\(String(repeating: "0", count: max(0, 6 - sequence.count)) + sequence)"
            }
            if issuing {
                permit.license = body
                permit.file_ds = "\(url)/files/ds/\(id).pdf"
            }
            permit.statuses.append(OSSState.StatusRecord(
                kd_status: statusCode.code, tgl_status: now, keterangan: body.field("keterangan")?.text, nama_status: body.field("nama_ttd")?.text,
                kd_instansi: nil, source: "agency"))
            state.permits[id] = permit
            return permit.nomor_izin ?? ""
        }
        if issuing, context.settings.autoFileDS {
            // OSS signs, then pushes the signed document: a moment after it answered.
            DispatchQueue.global().asyncAfter(deadline: .now() + 0.05) { [self] in
                _ = try? emit(ScenarioEvent(type: "receiveFileDS", target: id))
            }
        }
        // Each method answers its own table: updateLicense says the signature was reset, receiveLicense the kind and attachment.
        guard method == .receiveLicense else {
            return success(method, ["nomor_izin": .string(number), "keterangan_reset_izin_ds": "Dokumen DS direset dan ditandatangani ulang"])
        }
        return success(method, [
            "nomor_izin": .string(number), "jenis_perizinan": .string(body.field("jenis_perizinan")?.text ?? "02"),
            "file_lampiran": .string(body.field("file_lampiran")?.text ?? ""),
        ])
    }

    private func checkLicenseStatus(_ body: JSONValue) throws(MockError) -> HTTPResponse {
        guard let id = body.field("id_izin")?.meaningfulText else { throw .invalid("id_izin wajib diisi") }
        let (permit, quirks) = state.withLock { ($0.permits[id], $0.quirks) }
        guard let permit, let last = permit.statuses.last else {
            return reply(.checkLicenseStatus, status: .badRequest, [
                "kode": 400, "keterangan": "Data izin tidak ditemukan", "dataIZIN": ["id_izin": .string(id)],
            ])
        }
        var code = OSSStatusCode(last.kd_status)
        var description = code.name ?? ""
        if quirks.unlistedStatusCode, code == .approved {
            code = OSSStatusCode("58")
            description = "Izin terbit/SS terverifikasi"  // the guide's own example answer
        }
        return success(.checkLicenseStatus, ["dataIZIN": [
            "nib": .string(permit.nib), "id_proyek": .string(permit.id_proyek ?? ""), "id_izin": .string(id),
            "kd_status": .string(code.code), "uraian_status": .string(description),
            "file_lampiran": .string(permit.file_lampiran ?? permit.file_ds ?? ""),
        ]])
    }

    private func inqueryNIB(_ body: JSONValue) throws(MockError) -> HTTPResponse {
        let wanted = body.field("nib")?.meaningfulText
        let npwp = body.field("npwp")?.meaningfulText
        guard wanted != nil || npwp != nil else { throw .invalid("nib atau npwp wajib diisi") }
        let found = state.withLock { state in
            state.nibs.values.first { stored in
                let delivery = DataNIB(stored.dataNIB)
                return (wanted != nil && delivery.nib == wanted) || (npwp != nil && stored.dataNIB.field("npwp_perseroan")?.meaningfulText == npwp)
            }
        }
        guard let found else { throw .invalid("Data NIB tidak ditemukan") }
        return conformed(success(.inqueryNIB, ["dataNIB": found.dataNIB]), .inqueryNIB)
    }

    private func inqueryFileDS(_ body: JSONValue) -> HTTPResponse {
        let id = body.field("id_permohonan_izin")?.meaningfulText ?? body.field("id_izin")?.meaningfulText ?? ""
        guard let url = state.withLock({ $0.permits[id]?.file_ds }) else {
            // A status of "400" in the body means "not signed yet" (oss-rba.md §1.8), answered with HTTP 200;
            // the guide types status as String(5).
            return reply(.inqueryFileDS, ["status": "400", "keterangan": "Data izin tidak ditemukan atau file DS belum tersedia", "url_file_ds": ""])
        }
        return reply(.inqueryFileDS, ["status": "200", "keterangan": "Sukses", "url_file_ds": .string(url)])
    }

    private func inqueryLicense(_ body: JSONValue) -> HTTPResponse {
        let id = body.field("id_izin")?.meaningfulText ?? ""
        let found: (OSSState.StoredPermit, JSONValue)? = state.withLock { state in
            guard let permit = state.permits[id], let nib = state.nibs[permit.nib] else { return nil }
            return (permit, nib.dataNIB)
        }
        guard let (permit, dataNIB) = found else {
            return reply(.inqueryLicense, status: .badRequest, [
                "success": false, "code": 400, "message": "Parameter tidak ditemukan", "data": nil,
                "meta": [["message": "INQUERYLICENSE.id_izin is not allowed to be empty or unknown", "field": "id_izin"]],
            ])
        }
        let item = dataNIB.field("data_checklist")?.array?.first { $0.field("id_izin")?.text == id } ?? [:]
        let project = dataNIB.field("data_proyek")?.array?.filter { $0.field("id_proyek")?.text == permit.id_proyek } ?? []
        return conformed(reply(.inqueryLicense, [
            "success": true, "code": 200, "message": "Berhasil mendapatkan data izin",
            "data": [
                "oss_id": .string(permit.oss_id ?? ""), "id_izin": .string(id), "kd_izin": .string(permit.kd_izin ?? ""),
                "kd_daerah": item.field("kd_daerah") ?? "", "kewenangan": item.field("kewenangan") ?? "",
                "data_proyek": .array(project), "data_checklist": [item],
            ],
        ]), .inqueryLicense)
    }

    /// A reply built from data kept for another method (a dataNIB as receiveNIB delivered it), shaped to
    /// this method's own table: its fields only, every mandatory one there.
    private func conformed(_ response: HTTPResponse, _ method: OSSMethod) -> HTTPResponse {
        guard let contract, let body = try? JSONValue.decode(Data(response.body)) else { return response }
        return .json(contract.conformed(body, of: method.rawValue, .reply), status: response.status)
    }

    /// checkNIB: whether a NIB is valid, and its status (Lampiran 14: 05 dibekukan, 06 dicabut).
    private func checkNIB(_ body: JSONValue) throws(MockError) -> HTTPResponse {
        let wanted = body.field("nib")?.meaningfulText ?? ""
        guard let stored = state.withLock({ $0.nibs[wanted]?.dataNIB }) else { throw .invalid("Data NIB tidak ditemukan") }
        return success(.checkNIB, ["dataNIB": [
            "nib": .string(wanted), "nama_perusahaan": .string(stored.field("nama_perseroan")?.text ?? ""),
            "status": .string(stored.field("status_nib")?.text ?? ""),
        ]])
    }

    /// fetchNIB: the NIB's summary with each project's KBLI and the permits under it.
    private func fetchNIB(_ body: JSONValue) throws(MockError) -> HTTPResponse {
        let wanted = body.field("nib")?.meaningfulText ?? ""
        guard let stored = state.withLock({ $0.nibs[wanted]?.dataNIB }) else { throw .invalid("Data NIB tidak ditemukan") }
        let checklist = stored.field("data_checklist")?.array ?? []
        let projects: [JSONValue] = (stored.field("data_proyek")?.array ?? []).map { project in
            let id = project.field("id_proyek")?.text ?? ""
            let permits = checklist.filter { $0.field("id_proyek")?.text == id }.map { item -> JSONValue in
                ["kbli": project.field("kbli") ?? "", "nama_kbli": project.field("uraian_usaha") ?? "", "id_izin": item.field("id_izin") ?? "",
                 "kd_izin": item.field("kd_izin") ?? "", "tipe_oss": "RBA", "jenis_perizinan": item.field("jenis_izin") ?? ""]
            }
            return ["id_proyek": .string(id), "kd_resiko": project.field("skala_resiko") ?? "", "jenis_proyek": "01",
                    "nomor_proyek": project.field("nomor_proyek") ?? "", "uraian_usaha": project.field("uraian_usaha") ?? "",
                    "kbli": .array(permits), "tgl_masa_berlaku": ""]
        }
        return conformed(success(.fetchNIB, ["dataNIB": stored.merging(["_id": .string(String(wanted.reversed())), "data_proyek": .array(projects)])]),
                         .fetchNIB)
    }

    /// getDataReferensi: kode 8 (Lampiran 8, permit codes: the ones the scenarios' checklists use, since
    /// Kemenperin's are not published), 10 (status codes), 14 (NIB statuses) and 28 (checklist flags).
    private func getDataReferensi(_ body: JSONValue) throws(MockError) -> HTTPResponse {
        let kode = body.field("kode")?.meaningfulText ?? ""
        let rows: [(String, String, String)]
        switch kode {
        case "8":
            var codes: [String: String] = [:]
            for name in context.scenarios.names {
                guard let scenario = try? context.scenarios.load(name) else { continue }
                for nib in scenario.oss?.field("nibs")?.array ?? [] {
                    for item in nib.field("data_checklist")?.array ?? [] {
                        if let code = item.field("kd_izin")?.meaningfulText { codes[code] = item.field("nama_izin")?.text ?? "" }
                    }
                }
            }
            rows = codes.sorted { $0.key < $1.key }.map { ($0.key, $0.value, "") }
        case "10": rows = OSSStatusCode.listed.map { ($0.code, $0.name ?? "", $0.explanation ?? "") }
        case "14": rows = [("01", "Aktif", ""), ("02", "Belum Aktif", ""), ("03", "Diizinkan Usaha", ""), ("04", "Diizinkan Beroperasi", ""),
                           ("05", "Dibekukan", ""), ("06", "Dicabut", "")]
        case "28": rows = [("Y", "Komitmen", ""), ("N", "Tidak Komitmen", ""), ("O", "Otomatis Terbit", ""), ("T", "Tidak Butuh Komitmen (Tembusan)", "")]
        default: throw .invalid("kode referensi \(kode) tidak tersedia di mock ini (8, 10, 14, 28)")
        }
        return success(.getDataReferensi, ["dataReferensi": .array(rows.map {
            ["kode_referensi": .string($0.0), "uraian_referensi": .string($0.1), "keterangan_referensi": .string($0.2)]
        })])
    }

    // MARK: OSS to agency

    public func emit(_ event: ScenarioEvent) throws(MockError) -> JSONValue {
        let settings = context.settings
        let credentials = OSSCredentials(username: settings.ossUsername, password: settings.ossPassword)
        switch event.type {
        case "receiveNIB":
            let target: String
            if let payload = event.data?.field("dataNIB") {
                guard let given = DataNIB(payload).nib else { throw .invalid("the dataNIB has no nib") }
                store(payload, scenario: nil)
                target = given
            } else if let nib = event.target {
                target = nib
            } else {
                throw .notFound("receiveNIB needs a known NIB as target, or data.dataNIB to send")
            }
            guard let held = state.withLock({ $0.nibs[target]?.dataNIB }) else { throw .notFound("no NIB \(target)") }
            // "sent": fields the push carries otherwise than OSS now holds them (a stale re-delivery).
            let dataNIB = event.data?.field("sent").map { held.merging($0) } ?? held
            let nib = target
            let quirks = state.withLock { $0.quirks }
            let body: JSONValue = ["dataNIB": Self.applyQuirks(quirks, to: dataNIB)]
            return context.notifier.push(
                try context.agencyURL("/oss/receiveNIB"), body: Array(body.encoded()),
                headers: ["Token": OSSToken.token(credentials, nib: nib, at: context.clock.now())],
                repeatDelivery: quirks.repeatNIBDelivery)
        case "receiveFileDS":
            guard let id = event.target ?? event.data?.field("id_izin")?.meaningfulText else {
                throw .invalid("receiveFileDS needs an id_izin as target")
            }
            let url = context.url
            guard let permit = state.withLock({ state -> OSSState.StoredPermit? in
                if state.permits[id] != nil, state.permits[id]?.file_ds == nil { state.permits[id]?.file_ds = "\(url)/files/ds/\(id).pdf" }
                return state.permits[id]
            }) else { throw .notFound("no permit \(id)") }
            let body: JSONValue = ["receiveFileDS": ["id_izin": .string(id), "nib": .string(permit.nib), "file_izin": .string(permit.file_ds ?? "")]]
            return context.notifier.push(
                try context.agencyURL("/oss/receiveFileDS"), body: Array(body.encoded()),
                headers: ["Token": OSSToken.token(credentials, nib: permit.nib, at: context.clock.now())])
        case "status":
            // OSS itself changes a permit's status (57 when the agency's statutory time ran out), or shows an
            // applicant's upload with it: pushed to nobody; an agency sees it by asking, checkLicenseStatus.
            let code = event.data?.field("kd_status")?.meaningfulText.map(OSSStatusCode.init)
            // "upload": the applicant uploads a document into OSS, which OSS then shows with the permit, whatever its status.
            let given = event.data?.field("file_lampiran")?.meaningfulText
            guard let id = event.target ?? event.data?.field("id_izin")?.meaningfulText, code?.isListed ?? (given != nil) else {
                throw .invalid("a status event needs an id_izin as target and data.kd_status from Lampiran 10, data.file_lampiran, or both")
            }
            let record = code.map { code in
                OSSState.StatusRecord(kd_status: code.code, tgl_status: context.clock.ossTimestamp(),
                                      keterangan: event.data?.field("keterangan")?.text ?? code.name, nama_status: nil, kd_instansi: nil,
                                      source: "oss")
            }
            let url = given == "upload" ? "\(context.url)/files/lampiran/\(id).pdf" : given
            let shown = try state.withLock { state throws(MockError) in
                guard state.permits[id] != nil else { throw .notFound("no permit \(id)") }
                if let record { state.permits[id]?.statuses.append(record) }
                if let url { state.permits[id]?.file_lampiran = url }
                return state.permits[id]?.statuses.last?.kd_status ?? ""
            }
            return ["id_izin": .string(id), "kd_status": .string(shown)]
        default:
            throw .invalid("the OSS mock sends receiveNIB and receiveFileDS, and changes a permit's status ('status'), not '\(event.type)'")
        }
    }

    /// A dataNIB as the real OSS may send it, with the switched-on quirks.
    static func applyQuirks(_ quirks: OSSQuirks, to dataNIB: JSONValue) -> JSONValue {
        var result = dataNIB
        if quirks.dashPlaceholders { result = dashed(result) }
        if quirks.trailingSpaceKey, var fields = result.object, let value = fields.removeValue(forKey: "tipe_dokumen") {
            fields["tipe_dokumen "] = value
            result = .object(fields)
        }
        return result
    }

    private static func dashed(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text) where text.isEmpty: .string("-")
        case .object(let fields): .object(fields.mapValues(dashed))
        case .array(let items): .array(items.map(dashed))
        default: value
        }
    }

    // MARK: State

    private func store(_ given: JSONValue, scenario: String?) {
        // Kept as OSS would send it: with every field the guide's receiveNIB table requires.
        let dataNIB = contract?.completed(["dataNIB": given], of: OSSMethod.receiveNIB.rawValue, .request).field("dataNIB") ?? given
        let delivery = DataNIB(dataNIB)
        guard let nib = delivery.nib else { return }
        let now = context.clock.ossTimestamp()
        state.withLock { state in
            state.nibs[nib] = OSSState.StoredNIB(dataNIB: dataNIB, scenario: scenario)
            for item in delivery.checklist where state.permits[item.idIzin] == nil {
                state.permits[item.idIzin] = OSSState.StoredPermit(
                    id_izin: item.idIzin, nib: nib, id_proyek: item.idProyek, kd_izin: item.kdIzin, nama_izin: item.namaIzin,
                    oss_id: delivery.ossID,
                    statuses: [OSSState.StatusRecord(kd_status: OSSStatusCode.commitmentFulfilment.code, tgl_status: now,
                                                     keterangan: "Izin belum efektif: pemenuhan komitmen", nama_status: nil,
                                                     kd_instansi: nil, source: "scenario")],
                    scenario: scenario)
            }
        }
    }

    public func load(_ scenario: Scenario) throws(MockError) {
        guard let section = scenario.oss else { return markLoaded(scenario.name) }
        for dataNIB in section.field("nibs")?.array ?? [] {
            guard DataNIB(dataNIB).nib != nil else { throw .invalid("scenario \(scenario.name): a NIB in oss.nibs has no nib") }
            store(dataNIB, scenario: scenario.name)
        }
        markLoaded(scenario.name)
    }

    private func markLoaded(_ name: String) {
        state.withLock { if !$0.scenarios.contains(name) { $0.scenarios.append(name) } }
    }

    public func reset(scenario: String?) {
        state.withLock { state in
            guard let scenario else {
                let quirks = state.quirks
                state = OSSState()
                state.quirks = quirks
                return
            }
            state.nibs = state.nibs.filter { $0.value.scenario != scenario }
            state.permits = state.permits.filter { $0.value.scenario != scenario }
            state.scenarios.removeAll { $0 == scenario }
        }
    }

    public var loadedScenarios: [String] { state.withLock { $0.scenarios } }

    public func snapshot() -> JSONValue { JSONValue.from(state.withLock { $0 }) }

    public func restore(_ saved: JSONValue) throws {
        let restored = try saved.decode(OSSState.self)
        state.withLock { $0 = restored }
    }

    /// A small, valid-looking PDF standing in for the signed permit.
    static func signedDocument(_ id: String) -> [UInt8] {
        Array("%PDF-1.4\n% Gerbang mock OSS: signed permit \(id)\n%%EOF\n".utf8)
    }
}
