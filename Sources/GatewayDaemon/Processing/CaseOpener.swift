import Foundation
import GatewayCore
import GatewayStore
import NationalSystems

/// Opens the cases a message starts, per routing.json's open rules: one per permit of a receiveNIB that
/// is this agency's to act on, with the permit's commitments, or one for a message without permits
/// (a SIPRO registration).
struct CaseOpener: Sendable {
    let procedures: Procedures
    let rules: RoutingRules
    /// The agency's region codes (agency.kdDaerah): a permit elsewhere is another agency's.
    let regions: [String]
    /// The levels of government the agency acts for (agency.kewenangan): a permit of another level is another agency's.
    let levels: [String]

    /// What opening did: the cases opened (or found open already), why each permit left alone is not the
    /// agency's, and the work the new cases cause.
    struct Opened {
        var cases: [String] = []
        var notOurs: [String] = []
        var work: [FollowUp] = []
    }

    func open(for message: InboundMessage, in unit: WorkUnit) throws -> Opened {
        var opened = Opened()
        let rules = self.rules.open.filter { $0.on == message.name }
        guard !rules.isEmpty else { return opened }
        if message.permits.isEmpty {
            if let rule = rules.first(where: { RoutingRules.matches($0.when, message.attributes) }) {
                try openCase(rule, keys: message.keys, reference: message.reference, permit: nil, message: message, into: &opened, in: unit)
            }
            return opened
        }
        for permit in message.permits {
            if let reason = notOurs(permit) {
                opened.notOurs.append("\(permit.idIzin): \(reason)")
                opened.work.append(.log(SyncLogEntry(at: unit.now, system: message.system, method: message.method, direction: .incoming,
                                                     idIzin: permit.idIzin, messageID: message.messageID, outcome: "notOurs", error: reason)))
                continue
            }
            guard let rule = rules.first(where: { RoutingRules.matches($0.when, permit.fields) }) else { continue }
            try openCase(rule, keys: ["izin:\(permit.idIzin)"], reference: permit.idIzin, permit: permit, message: message, into: &opened,
                         in: unit)
        }
        return opened
    }

    /// Lampiran 28's flags, as the pages say them.
    static let checklistFlags = ["Y": "Komitmen", "N": "Tidak Komitmen", "O": "Otomatis Terbit", "T": "Tidak Butuh Komitmen (Tembusan)"]

    /// Why a checklist item is not this agency's to act on, or nil when it is: its flag does not ask the agency
    /// to act (Lampiran 28), it lies outside the agency's region (agency.kdDaerah, Permendagri 72/2019 codes), or another
    /// level of government holds it (agency.kewenangan).
    func notOurs(_ permit: InboundMessage.Permit) -> String? {
        let flag = (permit.fields["flag_checklist"] ?? "").uppercased()
        guard rules.actingFlags.contains(flag) else {
            return "flag_checklist \(flag.isEmpty ? "kosong" : flag)" + (Self.checklistFlags[flag].map { " (\($0))" } ?? "")
                + ": tidak perlu ditindaklanjuti dinas (routing.json flagChecklist \(rules.actingFlags.joined(separator: ", ")))"
        }
        if !regions.isEmpty {
            guard let daerah = permit.fields["kd_daerah"] else { return "tanpa kd_daerah: wilayahnya tidak diketahui (agency.kdDaerah)" }
            guard regions.contains(where: { daerah.hasPrefix($0) }) else {
                return "kd_daerah \(daerah) di luar wilayah dinas (agency.kdDaerah \(regions.joined(separator: ", ")))"
            }
        }
        let level = permit.fields["kewenangan"] ?? ""
        guard levels.isEmpty || levels.contains(level) else {
            let named = GatewaySettings.Agency.levels[level].map { "kewenangan \(level) (\($0))" } ?? "kewenangan \(level.isEmpty ? "kosong" : level)"
            return "\(named): bukan kewenangan dinas (agency.kewenangan \(levels.joined(separator: ", ")))"
        }
        return nil
    }

    /// Opens one case unless one of its keys already has a case (a re-delivered or updated NIB).
    private func openCase(
        _ rule: RoutingRules.OpenRule, keys: [String], reference: String?, permit: InboundMessage.Permit?, message: InboundMessage,
        into opened: inout Opened, in unit: WorkUnit
    ) throws {
        let db = unit.database
        for key in keys {
            if let existing = try unit.caseID(forKey: key) { return opened.cases.append(existing) }
        }
        guard let engine = procedures.engines[rule.sop] else { return }
        let prefix = self.rules.prefix(of: rule.sop)
        let year = JakartaTime.day(unit.now).prefix(4)
        let number = try db.caseKeys.next("\(prefix)-\(year)")
        let caseID = "\(prefix)-\(year)-" + String(repeating: "0", count: max(0, 6 - String(number).count)) + String(number)
        for key in keys { try unit.bind(key, to: caseID) }
        if let permit {
            // Its statutory clock starts when the case reaches the SOP's complete-application step (routing.json statutoryClock).
            let commitments = PermitCommitments(idIzin: permit.idIzin, nib: permit.nib, kinds: rule.commitments ?? [], at: unit.now)
            let references = PermitStore.OSSReferences(idProyek: permit.fields["id_proyek"], ossID: permit.fields["oss_id"],
                                                       idProduk: permit.fields["id_produk"], kdDaerah: permit.fields["kd_daerah"])
            try db.permits.add(commitments, kdIzin: permit.kdIzin, namaIzin: permit.namaIzin, sop: rule.sop, caseID: caseID,
                               references: references, at: unit.now)
        }
        opened.cases.append(caseID)
        // Who applied, as the opening message names them (OSS: the NIB's company; SIPRO: the applicant), for officers' lists.
        let applicant = message.attributes["nama_perseroan"] ?? message.attributes["pemohon"]
        opened.work.append(.transition(engine.open(caseID: caseID, reference: reference, applicant: applicant, at: unit.now)))
        opened.work.append(.log(SyncLogEntry(at: unit.now, system: "gateway", method: "case.opened", direction: .incoming, caseID: caseID,
                                             idIzin: permit?.idIzin, messageID: message.messageID, outcome: "opened", error: nil)))
        // Messages that came before the case (a SIINas request before its NIB) can be delivered now.
        for key in keys {
            for parked in try db.parked.parked(caseID: "key:\(key)") {
                try db.parked.remove(parked.id)
                if let routed = try? JSONDecoder().decode(RoutedMessage.self, from: parked.event) { opened.work.append(.route(routed)) }
            }
        }
    }
}
