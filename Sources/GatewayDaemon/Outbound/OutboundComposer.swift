import Foundation
import GatewayCore
import GatewayHTTP
import GatewayStore
import NationalSystems

/// Builds the outbox messages that steps and permits cause, each in its
/// system's wire format: the request is fixed when it is queued, so every
/// retry sends the same bytes under the same idempotency key (DESIGN.md rule 4).
struct OutboundComposer: Sendable {
    let agency: GatewaySettings.Agency
    /// Which code OSS gets at which moment of an SOP (routing.json `ossStatus`), for the agency's authority.
    let rules: RoutingRules
    /// How long a document link opens its document (documents.linkDays).
    let linkDays: Int
    /// Every version of the SOPs: a case on an older one finds its statusDocument step there.
    let library: SOPDefinitions

    /// The kind of the receiveLicense call that takes a permit's number (status 49), answered with it.
    static let numberCall = "oss.receiveLicense.number"
    /// The permit itself (receiveLicense with status 50).
    static let license = "oss.receiveLicense"

    func ossCode(sop: String, _ moment: RoutingRules.OSSMoment) -> OSSStatusCode? {
        rules.ossCode(agency.authority, sop: sop, moment)
    }

    /// What a step must settle before the message it sends can be built, named for the officer.
    /// - Parameter document: the step's document (its content type and size), if any.
    static func missing(_ rule: RoutingRules.Outbound, attributes: [String: String], document: (type: String, size: Int)?) -> [String] {
        let toOSS = rule.operation.isToOSS
        if rule.withDocument == true {
            guard document?.type == "application/pdf" else {
                return ["document (the letter as a PDF: it goes to \(toOSS ? "OSS" : "its addressee") with the message)"]
            }
        }
        switch rule.operation {
        case .ossStatus:
            return OSSStatusAttributes.problems(attributes)
        case .siinasUploadBAP:
            var missing: [String] = []
            if (attributes["nomor_bap"] ?? "").isEmpty { missing.append("attributes.nomor_bap (the BAP's number)") }
            if !["siap", "belum_siap"].contains(attributes["hasil"] ?? "") { missing.append("attributes.hasil (siap or belum_siap)") }
            if document?.type != "application/pdf" { missing.append("document (the BAP as a PDF)") }
            return missing
        default:
            return []
        }
    }

    /// The message a step's `sends` (or an applicant notification) becomes.
    /// - Parameters:
    ///   - name: the SOP's name for it (siinas.uploadBAP), or "notifyApplicant".
    ///   - reason: why the application went back to the applicant, for a notification.
    func message(
        _ name: String, rule: RoutingRules.Outbound, case current: Case, step: Int, activation: Int, reason: String? = nil,
        in unit: WorkUnit
    ) throws -> OutboxMessage {
        let id = "\(current.id)/\(step)/\(activation)/\(name)"
        // What the message tells of: the step's completion, or (a withdrawal) the case's end, in the name of who did it.
        let ended = name == "withdrawn" ? current.history.last : nil
        let entry = ended ?? current.history.last { $0.step == step && $0.event.kind == "completed" } ?? current.history.last { $0.step == step }
        let keys = try unit.database.caseKeys.keys(of: current.id)
        let idIzin = Self.value(of: "izin", in: keys)
        let permit = try idIzin.flatMap { try unit.database.permits.permit($0) }
        let officer = entry.map { Self.officerID($0.actor) } ?? agency.namaPetugas

        let target: String
        let request: OutboxMessage.Request
        switch rule.operation {
        case .ossStatus:
            // The case's outcome, in the code the agency's authority sends (routing.json ossStatus).
            guard let idIzin else { throw ProcessingError.missingReference(caseID: current.id, what: "an id_izin (case key izin:…)", for: name) }
            let moment: RoutingRules.OSSMoment = current.pendingOutcome == .rejected ? .rejected : .approved
            guard let code = ossCode(sop: current.processID, moment) else {
                throw ProcessingError.noOSSCode(sop: current.processID, moment: moment.rawValue, authority: agency.authority.rawValue)
            }
            let letter = rule.withDocument == true ? try Self.latestDocument(of: current, upTo: step, in: unit).flatMap { try link($0.id, in: unit) } : nil
            return toOSS(code, id: id, idIzin: idIzin, permit: permit, caseID: current.id,
                         keterangan: entry?.note.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
                             ?? (moment == .approved ? "Persyaratan terverifikasi" : "Persyaratan ditolak"),
                         lampiran: letter, attributes: entry?.attributes ?? [:], people: try signatories(of: current, step: step, in: unit),
                         onDelivered: rule.onDelivered, at: unit.now)
        case .siinasUploadBAP, .siinasReturnToApplicant, .siinasClose:
            guard let requestID = Self.value(of: "siinas", in: keys) else {
                throw ProcessingError.missingReference(caseID: current.id, what: "a SIINas verification request (case key siinas:…)", for: name)
            }
            target = "siinas"
            // A return's or a closure's reference is the message's own id: one per return, so SIINas lists each.
            // In the name of the officer who decided the step or closed the case; the agency's own for a case the gateway
            // closed (an applicant's timeout), not the officer who last acted.
            let petugas = {
                if let ended, case .officer = ended.actor {} else if ended != nil { return self.agency.namaPetugas }
                return try self.signatories(of: current, step: ended == nil ? step : nil, in: unit).status.nama
            }
            if rule.operation == .siinasReturnToApplicant {
                let returned = SIINasReturn(referensi: id, alasan: reason ?? entry?.note ?? "Berkas belum lengkap", petugas: try petugas(),
                                            dikembalikan_at: JakartaTime.iso(unit.now))
                request = .init(try SIINasWire.returnToApplicant(requestID: requestID, returned))
                break
            }
            if rule.operation == .siinasClose {
                let closed = SIINasClosure(referensi: id, alasan: reason ?? entry?.note ?? "Permohonan ditutup", petugas: try petugas(),
                                           ditutup_at: JakartaTime.iso(unit.now))
                request = .init(try SIINasWire.close(requestID: requestID, closed))
                break
            }
            guard let document = try entry?.documents.first.flatMap({ try unit.database.documents.document($0) }) else {
                throw ProcessingError.missingReference(caseID: current.id, what: "the BAP document of step \(step)", for: name)
            }
            var examiners: [String] = []
            for earlier in current.history {
                if case .officer(let id, "tim-teknis") = earlier.actor, !examiners.contains(id) { examiners.append(id) }
            }
            let upload = SIINasBAPUpload(
                nomor_bap: entry?.attributes["nomor_bap"] ?? "", tanggal_bap: JakartaTime.day(entry?.at ?? unit.now),
                hasil: SIINasBAPUpload.Result(rawValue: entry?.attributes["hasil"] ?? "") ?? .notReady, catatan: entry?.note,
                pemeriksa: examiners,
                dokumen: EncodedDocument(name: document.name, contentType: document.contentType, bytes: document.bytes))
            request = .init(try SIINasWire.uploadBAP(requestID: requestID, upload))
        case .dpmptspLetter:
            let document = try Self.latestDocument(of: current, upTo: step, in: unit)
            let letter = DPMPTSPLetter(
                nomor_surat: try register(agency.letterNumber, sequence: "nomor-surat", in: unit), referensi: "\(current.id)/\(step)",
                perihal: rule.perihal ?? name, dari: agency.nama, tanggal: JakartaTime.day(unit.now),
                id_izin: idIzin, nib: permit?.commitments.nib, ringkasan: entry?.note,
                dokumen: document.map { EncodedDocument(name: $0.name, contentType: $0.contentType, bytes: $0.bytes) })
            target = "dpmptsp"
            request = .init(try DPMPTSPWire.letter(letter))
        case .siproStatus, .siproPermitNumber, .siproReadyForPickup:
            guard let number = Self.value(of: "sipro", in: keys) ?? current.reference else {
                throw ProcessingError.missingReference(caseID: current.id, what: "a SIPRO registration number", for: name)
            }
            target = "sipro"
            switch rule.operation {
            case .siproStatus:
                let status = SIPROApplication.Status(rawValue: rule.status ?? "") ?? .inProcess
                request = .init(try SIPROWire.status(registration: number, SIPROStatusUpdate(status: status, catatan: reason ?? entry?.note,
                                                                                            petugas: officer)))
            case .siproPermitNumber:
                // The number the officer gave, else the next of the agency's register of permits (agency.permitNumber).
                let nomorIzin = try entry?.attributes["nomor_izin"]
                    ?? register(agency.permitNumber, sequence: "nomor-izin-insidentil", in: unit)
                let permitNumber = SIPROPermitNumber(
                    nomor_izin: nomorIzin, tanggal_terbit: JakartaTime.day(unit.now),
                    berlaku_sampai: entry?.attributes["berlaku_sampai"] ?? current.attribute("tanggal_selesai"))
                request = .init(try SIPROWire.permitNumber(registration: number, permitNumber))
            default:
                request = .init(try SIPROWire.readyForPickup(registration: number, SIPROReadyForPickup(loket: entry?.attributes["loket"] ?? "1")))
            }
        default:
            throw ProcessingError.unknownOperation(rule.operation.rawValue, message: name)
        }
        return OutboxMessage(id: id, idempotencyKey: id, target: target, kind: rule.operation.rawValue, caseID: current.id, idIzin: idIzin,
                             request: request, onDelivered: rule.onDelivered, createdAt: unit.now)
    }

    /// A permit's status for OSS at a change of its effectiveness, under the id its code gives it, with a link
    /// to the PDF the decision rests on: the newest given at the SOP's `statusDocument` step (routing.json).
    /// - Parameter occurrence: tells apart statuses a permit may get more than once (41 at each return of its file).
    func statusPush(_ code: OSSStatusCode, permit record: PermitStore.Record, keterangan: String, occurrence: Int? = nil,
                    in unit: WorkUnit) throws -> OutboxMessage {
        let idIzin = record.commitments.idIzin
        let current = try record.caseID.flatMap { try unit.loadCase($0) }
        // OSS takes PDF links only (PIA receiveLicense file_lampiran: "File PDF Berupa Link"); listed without their bytes.
        let newest = try current.flatMap { found in
            try rules.statusDocumentStep(of: found.processID, version: found.sopVersion, in: library).flatMap { step in
                try unit.database.documents.list(caseID: found.id).last { $0.step == step && $0.contentType == "application/pdf" }?.id
            }
        }
        return toOSS(code, id: "\(idIzin)/status/\(code.code)" + (occurrence.map { "/\($0)" } ?? ""), idIzin: idIzin, permit: record, caseID: record.caseID, keterangan: keterangan,
                     lampiran: try newest.flatMap { try link($0, in: unit) }, people: try signatories(of: current, step: nil, in: unit),
                     onDelivered: nil, at: unit.now)
    }

    /// Who a message to OSS names: the officer whose step sends it (or the case's last officer) as who set the status
    /// (IZINSTATUS nip_status), and the Kepala Dinas who acted last as the signer (IZINFINAL nama_ttd, nip_ttd: the
    /// seeds' signing steps are the Kadis's, SOP 000 and 001 step 7, SOP 003 step 10), each by the name and NIP their
    /// token gives (gerbang token add --nama --nip); the agency's officer (agency.namaPetugas, nipPetugas) where none does.
    func signatories(of current: Case?, step: Int?, in unit: WorkUnit) throws -> (status: TokenStore.Identity, signer: TokenStore.Identity) {
        let configured = TokenStore.Identity(nama: agency.namaPetugas, nip: agency.nipPetugas)
        let officers = (current?.history ?? []).compactMap { entry -> (id: String, role: String, step: Int?)? in
            if case .officer(let id, let role) = entry.actor { (id, role, entry.step) } else { nil }
        }
        let acting = (step.flatMap { wanted in officers.last { $0.step == wanted } } ?? officers.last)?.id
        let signer = officers.last { $0.role == "kadis" }?.id  // else the configured signer, whose position jabatan_ttd names
        func identity(_ officer: String?) throws -> TokenStore.Identity {
            try officer.flatMap { try unit.database.tokens.identity(of: $0) } ?? configured
        }
        return (try identity(acting), try identity(signer))
    }

    /// A link a national system fetches a document by (files travel as URLs, oss-rba.md §1.8): the gateway's
    /// address and a random token only the message carrying it knows, open for `linkDays`. Nil before the gateway listens.
    func link(_ documentID: String, in unit: WorkUnit) throws -> String? {
        guard !unit.publicURL.isEmpty, let bytes = Digest.randomBytes(24) else { return nil }
        let token = Digest.hex(bytes)
        try unit.database.documents.link(documentID, tokenHash: DocumentLinkToken.hash(token), at: unit.now,
                                         expiresAt: unit.now + Double(linkDays) * 86_400)
        return unit.publicURL + "/berkas/" + token
    }

    /// Tells OSS `code` about a permit the way the code travels: 50 (Disetujui) through receiveLicense,
    /// whose first call takes the number (status 49) and whose second, composed when OSS answers with
    /// the number (``issued(after:nomorIzin:in:)``), issues the permit; any other code through
    /// receiveLicenseStatus (PIA; oss-rba.md §1.6).
    /// - Parameter attributes: the step's, for what it adds to a status (``OSSStatusAttributes``).
    func toOSS(_ code: OSSStatusCode, id: String, idIzin: String, permit record: PermitStore.Record?, caseID: String?, keterangan: String,
               lampiran: String? = nil, attributes: [String: String] = [:],
               people: (status: TokenStore.Identity, signer: TokenStore.Identity), onDelivered: String?, at time: Date) -> OutboxMessage {
        let references = record?.references ?? PermitStore.OSSReferences()
        guard code == .approved else {
            // nama_status is "Nama Status Izin": the status's own name (Lampiran 10); nip_status says who set it.
            let status = IzinStatus(
                idIzin: idIzin, kdStatus: code, nib: record?.commitments.nib, idProduk: references.idProduk, idProyek: references.idProyek,
                ossID: references.ossID, kdIzin: record?.kdIzin, kdInstansi: agency.kdInstansi, tglStatus: JakartaTime.ossTimestamp(time),
                nipStatus: people.status.nip, namaStatus: code.name, keterangan: keterangan, fileLampiran: lampiran,
                persetujuanForm: OSSStatusAttributes.persetujuanForm(attributes), pnbp: OSSStatusAttributes.pnbp(attributes))
            return OutboxMessage(
                id: id, idempotencyKey: id, target: "oss", kind: "oss.receiveLicenseStatus", caseID: caseID, idIzin: idIzin,
                request: .init(OSSWire.status(status)), onDelivered: onDelivered, createdAt: time)
        }
        // The number call says the day as the 50 does (mandatory: the permit is issued the day it is numbered); only
        // the number itself is OSS's to give (corrections.json: receiveLicense IZINFINAL.nomor_izin).
        let day = JakartaTime.day(time)
        let final = IzinFinal(
            idIzin: idIzin, statusIzin: .numberTaken, nib: record?.commitments.nib, idProyek: references.idProyek, ossID: references.ossID,
            kdIzin: record?.kdIzin, kdDaerah: references.kdDaerah, tglTerbitIzin: day, tglBerlakuIzin: day, namaTTD: people.signer.nama,
            nipTTD: people.signer.nip, jabatanTTD: agency.jabatanPetugas, fileLampiran: lampiran, keterangan: keterangan)
        let numberID = id + "/49"
        return OutboxMessage(
            id: numberID, idempotencyKey: numberID, target: "oss", kind: Self.numberCall, caseID: caseID, idIzin: idIzin,
            request: .init(OSSWire.license(final)), onDelivered: onDelivered,
            createdAt: time)
    }

    /// The permit itself (status 50 with its number), once OSS answered the number call, or once OSS showed
    /// it applied when its answer was lost (`nomorIzin` nil: the 50's answer then gives it); the case hears
    /// of it (`onDelivered`) when this one is delivered. With the number, a sheet stating it goes as `file_izin`
    /// (``PermitSheet``): the letter the officers attached before OSS gave the number stays `file_lampiran`.
    func issued(after numberCall: OutboxMessage, nomorIzin: String?, in unit: WorkUnit) throws -> OutboxMessage {
        let id = String(numberCall.id.dropLast(3)) + "/50"
        let day = JakartaTime.day(unit.now)
        let sheet = try nomorIzin.flatMap { number in try numberSheet(number, numberCall: numberCall, day: day, in: unit) }
        return OutboxMessage(
            id: id, idempotencyKey: id, target: "oss", kind: Self.license, caseID: numberCall.caseID, idIzin: numberCall.idIzin,
            request: .init(OSSWire.issued(afterNumberCall: numberCall.request.body, nomorIzin: nomorIzin, day: day, fileIzin: sheet)),
            onDelivered: numberCall.onDelivered, createdAt: unit.now)
    }

    /// Keeps the sheet stating the permit's number among the case's documents, and gives the link OSS opens it by.
    private func numberSheet(_ number: String, numberCall: OutboxMessage, day: String, in unit: WorkUnit) throws -> String? {
        let asked = (try? JSONValue.decode(Array(numberCall.request.body.utf8)))?.field(OSSMethod.receiveLicense.requestWrapper)
        func field(_ name: String) -> String { asked?.field(name)?.meaningfulText ?? "-" }
        let sheet = PermitSheet(lines: [
            "LEMBAR NOMOR IZIN", "",
            "Nomor izin: \(number)",
            "ID izin: \(field("id_izin"))",
            "NIB: \(field("nib"))",
            "Tanggal terbit: \(day)",
            "Diterbitkan oleh: \(agency.nama) (kd_instansi \(agency.kdInstansi))",
            "Penandatangan: \(field("nama_ttd")) (NIP \(field("nip_ttd"))), \(field("jabatan_ttd"))", "",
            "Nomor diberikan oleh OSS atas permintaan status 49 (receiveLicense).",
            "Surat keputusan terlampir sebagai file_lampiran.",
        ]).pdf
        let documentID = "\(numberCall.caseID ?? numberCall.idIzin ?? numberCall.id)/nomor-izin/\(numberCall.id)"
        try unit.database.documents.save(DocumentStore.Document(
            id: documentID, caseID: numberCall.caseID, step: nil, name: "lembar-nomor-izin.pdf", contentType: "application/pdf",
            sha256: Digest.sha256Hex(sheet), bytes: sheet, createdAt: unit.now))
        return try link(documentID, in: unit)
    }

    // MARK: Helpers

    /// The next number of one of the agency's registers, which start again each year (`<sequence>-<year>`): taken when
    /// the message is composed, so every retry sends the same number.
    func register(_ template: String, sequence: String, in unit: WorkUnit) throws -> String {
        let day = LocalDate.of(unit.now, in: JakartaTime.zone).date
        return RegisterNumber(template: template).format(sequence: try unit.database.caseKeys.next("\(sequence)-\(day.year)"), day: day,
                                                         kdInstansi: agency.kdInstansi)
    }

    /// "siinas:VT-2026-000101" → "VT-2026-000101"
    static func value(of kind: String, in keys: [String]) -> String? {
        keys.first { $0.hasPrefix(kind + ":") }.map { String($0.dropFirst(kind.count + 1)) }
    }

    private static func officerID(_ actor: Actor) -> String {
        if case .officer(let id, _) = actor { id } else { actor.description }
    }

    /// The newest document attached to the case at or before `step` (the BAP, for its copy to DPMPTSP).
    private static func latestDocument(of current: Case, upTo step: Int, in unit: WorkUnit) throws -> DocumentStore.Document? {
        guard let id = current.history.last(where: { ($0.step ?? 0) <= step && !$0.documents.isEmpty })?.documents.first else { return nil }
        return try unit.database.documents.document(id)
    }
}

extension OutboxMessage.Request {
    /// A national system's request as the outbox keeps it.
    init(_ wire: OutboundRequest) {
        self.init(method: wire.method, path: wire.path, body: wire.body)
    }
}
