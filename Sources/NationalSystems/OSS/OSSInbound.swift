import Foundation
import GatewayCore

/// Reads what OSS pushes to the agency (receiveNIB, receiveFileDS) and what
/// checkLicenseStatus answers, into ``InboundMessage``s. Lenient where the
/// real OSS is known to stray (oss-rba.md §5): extra fields, "-"
/// placeholders, a trailing space in a key and unlisted status codes are
/// tolerated and reported, never refused. A key given twice in one object is
/// refused (by the parser): two readers could take different values of it.
public enum OSSInbound {
    /// Reads a push (receiveNIB or receiveFileDS) once: the message, and the NIB its daily Token is computed over.
    public static func read(_ body: [UInt8], method: OSSMethod) throws(InboundError) -> (nib: String, message: InboundMessage) {
        let json: JSONValue
        do {
            json = try JSONValue.decode(body)
        } catch {
            throw InboundError("the body is \(error)")
        }
        let wrapper = method.requestWrapper
        guard let inner = json.field(wrapper), inner.object != nil else {
            throw InboundError("the body must be {\"\(wrapper)\": {…}}")
        }
        guard let nib = inner.field("nib")?.meaningfulText else {
            throw InboundError("\(wrapper).nib is missing: the Token cannot be checked without it")
        }
        return (nib, method == .receiveFileDS ? try receiveFileDS(inner) : try receiveNIB(inner))
    }

    /// receiveNIB (PIA, NIB group): one message for the NIB with each checklist permit.
    public static func receiveNIB(_ raw: JSONValue) throws(InboundError) -> InboundMessage {
        let dataNIB = DataNIB(raw)
        guard let nib = dataNIB.nib else { throw InboundError("dataNIB.nib is missing") }
        var tolerated = raw.toleratedQuirks
        if nib.count != 13 || !nib.allSatisfy(\.isNumber) { tolerated.append("nib '\(nib)' is not 13 digits") }
        let permits = dataNIB.checklist.map { item in
            var fields: [String: String] = [:]
            fields["kd_izin"] = item.kdIzin
            fields["jenis_izin"] = item.jenisIzin
            fields["flag_checklist"] = item.flagChecklist
            fields["flag_perluasan"] = dataNIB.isExpansion(item) ? "Y" : "N"
            // The item's own, else the NIB's (PIA carries kewenangan at both levels), as for kd_daerah below.
            fields["kewenangan"] = item.kewenangan ?? dataNIB.raw.field("kewenangan")?.meaningfulText
            // Kept with the permit: OSS wants them back with its status (PIA receiveLicenseStatus, receiveLicense).
            fields["id_proyek"] = item.idProyek
            fields["id_produk"] = item.idProduk
            fields["kd_daerah"] = item.kdDaerah ?? dataNIB.raw.field("kd_daerah")?.meaningfulText
            fields["oss_id"] = dataNIB.ossID
            return InboundMessage.Permit(idIzin: item.idIzin, nib: nib, kdIzin: item.kdIzin, namaIzin: item.namaIzin, fields: fields)
        }
        if permits.isEmpty { tolerated.append("data_checklist holds no permit with an id_izin") }
        let items = raw.field("data_checklist")?.array?.count ?? 0
        // OSS re-delivers NIBs it has sent (oss-rba.md §5, failure mode 5): the same content is the
        // same message, whatever quirks it came with and whether pushed or pulled (inqueryNIB);
        // a changed NIB (tipe_dokumen 5) is a new one.
        let digest = dataNIB.fingerprint
        var attributes = ["nib": nib]
        attributes["tipe_dokumen"] = dataNIB.tipeDokumen
        attributes["status_nib"] = dataNIB.statusNIB
        // Whether every data_checklist item was read (each with its id_izin): only then does the message say which
        // permits the NIB no longer has.
        if items > 0, items == permits.count { attributes["checklist_whole"] = "Y" }
        attributes["nama_perseroan"] = dataNIB.namaPerseroan
        return InboundMessage(
            system: "oss", name: "oss.receiveNIB", dedupKey: "oss:receiveNIB:\(nib):\(digest.prefix(32))", messageID: nib,
            keys: permits.map { "izin:\($0.idIzin)" }, attributes: attributes, permits: permits, tolerated: tolerated)
    }

    /// receiveFileDS (PIA 1.8): OSS signed a permit and sends its document's URL.
    public static func receiveFileDS(_ raw: JSONValue) throws(InboundError) -> InboundMessage {
        guard let id = raw.field("id_izin")?.meaningfulText else { throw InboundError("receiveFileDS.id_izin is missing") }
        let file = raw.field("file_izin")?.meaningfulText ?? ""
        // Shown to officers as a link to the signed permit: only a URL that cannot run or mislead as one.
        guard file.isEmpty || ExternalLink.isAllowed(file) else {
            throw InboundError("receiveFileDS.file_izin must be an https URL of the signed permit")
        }
        var attributes = ["file_izin": file]
        attributes["nib"] = raw.field("nib")?.meaningfulText
        return InboundMessage(
            system: "oss", name: "oss.receiveFileDS", dedupKey: "oss:receiveFileDS:\(id):\(file)", messageID: id,
            keys: ["izin:\(id)"], idIzin: id, attributes: attributes, tolerated: raw.toleratedQuirks)
    }

    /// Codes that settle whether a permit was granted: "izin terbit" is 50, 57 or 58
    /// (58 is the PIA example's unlisted code), "ditolak" is 90 or 93 (oss-rba.md §1.7).
    public static func verdict(of code: OSSStatusCode) -> Answer? {
        switch code.code {
        case "50", "57", "58": .yes
        case "90", "93": .no
        default: nil
        }
    }

    /// A status checkLicenseStatus reported, as the message a waiting step receives.
    /// Nil while the status settles nothing yet (12, 45, …).
    public static func licenseStatus(idIzin: String, code: OSSStatusCode, description: String?) -> InboundMessage? {
        guard let answer = verdict(of: code) else { return nil }
        var tolerated: [String] = []
        if !code.isListed { tolerated.append("kd_status \(code.code) is not in Lampiran 10; read as \(answer == .yes ? "granted" : "refused")") }
        return InboundMessage(
            system: "oss", name: "oss.licenseStatus", dedupKey: "oss:status:\(idIzin):\(code.code)", messageID: idIzin,
            keys: ["izin:\(idIzin)"], idIzin: idIzin, answer: answer,
            note: "OSS: \(code.code) \(description ?? code.name ?? "")".trimmingSpaces,
            attributes: ["kd_status": code.code], tolerated: tolerated)
    }

    /// The name of ``attachmentShown(idIzin:url:code:)``'s message, which routing.json gives to the steps awaiting it.
    public static let attachmentShownName = "oss.attachmentShown"

    /// OSS shows an attachment with a permit (checkLicenseStatus's `file_lampiran`) that the agency did not
    /// send: an applicant's upload, such as the recommendation of SOP 004 step 8.
    public static func attachmentShown(idIzin: String, url: String, code: OSSStatusCode) -> InboundMessage {
        InboundMessage(
            system: "oss", name: attachmentShownName, dedupKey: "oss:lampiran:\(idIzin):\(url)", messageID: idIzin,
            keys: ["izin:\(idIzin)"], idIzin: idIzin, note: "OSS menampilkan lampiran: \(url)",
            attributes: ["file_lampiran": url, "kd_status": code.code])
    }

    /// The reply OSS expects from receiveNIB and receiveFileDS: status "1" success, "2" failure (PIA).
    public static func reply(_ method: OSSMethod, success: Bool, keterangan: String) -> JSONValue {
        [method.replyWrapper: ["status": .string(success ? "1" : "2"), "keterangan": .string(keterangan)]]
    }
}

extension OSSInbound {
    /// The NIBs a push's body names as `"nib": "…"`, found by a scan of its bytes that builds nothing
    /// (at most `limit`, each at most 32 characters): what the daily Token is checked against before the
    /// body is parsed or kept, so a sender without the Token costs one pass over the bytes and no more.
    /// Only a gate: the NIB the parsed body gives is checked again (a body may name other NIBs).
    public static func claimedNIBs(in body: [UInt8], limit: Int = 8) -> [String] {
        let key = Array(#""nib"#.utf8)  // the closing quote after any stray spaces ("nib ", oss-rba.md §5)
        var found: [String] = []
        body.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress, bytes.count > key.count else { return }
            var offset = 0
            while found.count < limit, offset < bytes.count {
                // memchr for each quote, then the key's letters: one pass, at memory speed for bodies of few quotes.
                guard let quote = memchr(base + offset, Int32(key[0]), bytes.count - offset) else { return }
                var index = base.distance(to: quote.assumingMemoryBound(to: UInt8.self))
                offset = index + 1
                guard index + key.count <= bytes.count, bytes[index..<index + key.count].elementsEqual(key) else { continue }
                index += key.count
                func skipSpace() { while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 } }
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { continue }
                index += 1
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { continue }
                index += 1
                skipSpace()
                guard index < bytes.count else { continue }
                let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
                if isDigit(bytes[index]) {
                    // A NIB written as a number ("nib": 8120000110021), which the parsed body reads as its digits too.
                    var end = index
                    while end < bytes.count, end - index < 32, isDigit(bytes[end]) { end += 1 }
                    guard end < bytes.count, !isDigit(bytes[end]), bytes[end] != UInt8(ascii: "."), bytes[end] != UInt8(ascii: "e"),
                          bytes[end] != UInt8(ascii: "E") else { continue }
                    let nib = String(decoding: bytes[index..<end], as: UTF8.self)
                    if !found.contains(nib) { found.append(nib) }
                    offset = end
                    continue
                }
                guard bytes[index] == UInt8(ascii: "\"") else { continue }
                let start = index + 1
                var end = start
                while end < bytes.count, end - start < 32, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\") { end += 1 }
                guard end < bytes.count, bytes[end] == UInt8(ascii: "\""), end > start else { continue }
                let nib = String(decoding: bytes[start..<end], as: UTF8.self).trimmingCharacters(in: .whitespaces)
                if !nib.isEmpty, !found.contains(nib) { found.append(nib) }
                offset = end
            }
        }
        return found
    }
}
