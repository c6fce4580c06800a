import GatewayCore

/// A `dataNIB` as OSS pushes it with receiveNIB (PIA, NIB group), read
/// leniently: extra fields are kept in `raw`, "-" placeholders read as
/// absent, and `tipe_dokumen` is found under the PIA's own misspelt
/// "tipe_dokumen " as well.
public struct DataNIB: Sendable, Hashable {
    /// One permit the agency must handle (`data_checklist[]`).
    public struct ChecklistItem: Sendable, Hashable {
        public let idIzin: String
        public let kdIzin: String?
        public let namaIzin: String?
        /// 01 Izin Dasar, 02 Izin, 04 Sertifikat Standar, K02, K03 (Lampiran 27).
        public let jenisIzin: String?
        /// Y needs a commitment, N none, O issued automatically, T copy only (Lampiran 28).
        public let flagChecklist: String?
        public let idProyek: String?
        public let idProduk: String?
        /// 00 central, 01 province, 02 regency or city.
        public let kewenangan: String?
        /// The region the permit is for (Permendagri 72/2019).
        public let kdDaerah: String?
    }

    /// One project (`data_proyek[]`).
    public struct Project: Sendable, Hashable {
        public let idProyek: String
        public let kbli: String?
        /// "Y" when the project expands an existing business.
        public let flagPerluasan: String?
        public let uraianUsaha: String?
    }

    public let raw: JSONValue

    public init(_ raw: JSONValue) {
        self.raw = raw
    }

    public var nib: String? { raw.field("nib")?.meaningfulText }
    public var ossID: String? { raw.field("oss_id")?.meaningfulText }
    public var namaPerseroan: String? { raw.field("nama_perseroan")?.meaningfulText }
    /// 9 original, 5 update, 3 revocation, 4 cancellation.
    public var tipeDokumen: String? { raw.field("tipe_dokumen")?.meaningfulText }
    public var tanggalPerubahan: String? { raw.field("tgl_perubahan_nib")?.meaningfulText }
    public var statusNIB: String? { raw.field("status_nib")?.meaningfulText }

    public var checklist: [ChecklistItem] {
        (raw.field("data_checklist")?.array ?? []).compactMap { item in
            guard let id = item.field("id_izin")?.meaningfulText else { return nil }
            return ChecklistItem(
                idIzin: id, kdIzin: item.field("kd_izin")?.meaningfulText, namaIzin: item.field("nama_izin")?.meaningfulText,
                jenisIzin: item.field("jenis_izin")?.meaningfulText, flagChecklist: item.field("flag_checklist")?.meaningfulText,
                idProyek: item.field("id_proyek")?.meaningfulText, idProduk: item.field("id_produk")?.meaningfulText,
                kewenangan: item.field("kewenangan")?.meaningfulText, kdDaerah: item.field("kd_daerah")?.meaningfulText)
        }
    }

    public var projects: [Project] {
        (raw.field("data_proyek")?.array ?? []).compactMap { project in
            guard let id = project.field("id_proyek")?.meaningfulText else { return nil }
            return Project(idProyek: id, kbli: project.field("kbli")?.meaningfulText,
                           flagPerluasan: project.field("flag_perluasan")?.meaningfulText,
                           uraianUsaha: project.field("uraian_usaha")?.meaningfulText)
        }
    }

    /// Whether the checklist item belongs to an expansion project (flag_perluasan "Y").
    public func isExpansion(_ item: ChecklistItem) -> Bool {
        projects.contains { $0.idProyek == item.idProyek && $0.flagPerluasan?.uppercased() == "Y" }
    }

    /// What changed since an earlier delivery of the same NIB, field by field ("nama_perseroan",
    /// "data_proyek[0].kbli"), empty and "-" read as absent; tipe_dokumen is left out (it only says "update").
    public func changes(since earlier: DataNIB) -> [FieldChange] {
        let before = Self.flatten(earlier.raw), after = Self.flatten(raw)
        return Set(before.keys).union(after.keys).subtracting(["tipe_dokumen"]).sorted().compactMap { field in
            before[field] == after[field] ? nil : FieldChange(field: field, old: before[field], new: after[field])
        }
    }

    private static func flatten(_ value: JSONValue, path: String = "") -> [String: String] {
        switch value {
        case .object(let fields):
            return fields.reduce(into: [:]) { result, field in
                let key = field.key.trimmingSpaces
                result.merge(flatten(field.value, path: path.isEmpty ? key : path + "." + key)) { first, _ in first }
            }
        case .array(let items):
            return items.enumerated().reduce(into: [:]) { result, item in
                result.merge(flatten(item.element, path: "\(path)[\(item.offset)]")) { first, _ in first }
            }
        default:
            return value.meaningfulText.map { [path: $0] } ?? [:]
        }
    }

    /// Fields only one of the two shapes of a NIB has: what receiveNIB pushes and what inqueryNIB answers
    /// (PIA src/endpoint.js; a test derives this list from fixtures/pia).
    public static let fieldsOfOneShapeOnly: Set<String> = [
        "flag_perubahan_data_teknis", "id_izin", "kd_daerah", "kd_izin", "kewenangan",
        "data_checklist.data_produk_halal", "data_checklist.kbli_konversi",
        "data_checklist.data_teknis", "data_checklist.file_izin_oss", "data_checklist.status_checklist",
        "data_proyek.data_proyek_produk.flag_memiliki_halal", "data_proyek.data_proyek_produk.flag_memiliki_sni",
        "data_proyek.data_proyek_produk.flag_self_declare", "data_proyek.data_proyek_produk.masa_berlaku_sertifikat_halal",
        "data_proyek.data_proyek_produk.masa_berlaku_sertifikat_sni", "data_proyek.data_proyek_produk.nomor_sertifikat_halal",
        "data_proyek.data_proyek_produk.nomor_sertifikat_sni", "data_proyek.data_proyek_produk.tipe_cakupan",
    ]

    /// What the NIB says, whichever way it came: pushed (receiveNIB) or pulled (inqueryNIB). Fields of one shape
    /// only, empty values and "-" placeholders and stray spaces in keys are left out, so the same NIB pushed
    /// and pulled, or re-delivered with OSS's quirks, has the same fingerprint (its inbox dedup key).
    ///
    /// The essence is written straight as canonical JSON (keys sorted, nothing empty) and hashed: every push's dedup key
    /// is made on an event loop, and building the pruned tree first cost a sixth of the loop's time a push. The bytes
    /// are those of the tree's canonical form (`JSONParser.canonical`), which the inbox's stored keys were made from:
    /// DataNIBTests compares the two.
    public var fingerprint: String {
        var output: [UInt8] = []
        output.reserveCapacity(2048)
        if !Self.writeEssence(raw, path: "", into: &output) { output.append(contentsOf: "{}".utf8) }
        return Digest.sha256Hex(output)
    }

    /// The paths under which a field of one shape may still be met; below any other, no path need be made.
    private static let pathsWithFieldsOfOneShape: Set<String> = Set(fieldsOfOneShapeOnly.flatMap { field in
        let parts = field.split(separator: ".").map(String.init)
        return (0..<parts.count).map { parts.prefix($0).joined(separator: ".") }
    })

    /// Writes the value's essence as canonical JSON; false, writing nothing, when nothing of it is left. `path` is the
    /// value's dotted path, or nil where no field of one shape can lie below.
    private static func writeEssence(_ value: JSONValue, path: String?, into output: inout [UInt8]) -> Bool {
        switch value {
        case .object(let fields):
            let start = output.count
            output.append(UInt8(ascii: "{"))
            // By trimmed name, as the canonical form sorts them; of names that trim alike, the last met that is kept
            // (as the tree kept it), in the order the object gives its fields.
            let named = fields.enumerated().map { (name: $0.element.key.trimmingSpaces, order: $0.offset, value: $0.element.value) }
                .sorted { ($0.name, $0.order) < ($1.name, $1.order) }
            var written = 0
            var first = 0
            while first < named.count {
                var last = first
                while last + 1 < named.count, named[last + 1].name == named[first].name { last += 1 }
                let name = named[first].name
                let inner = path.map { $0.isEmpty ? name : $0 + "." + name }
                if inner.map({ !fieldsOfOneShapeOnly.contains($0) }) ?? true {
                    let below = inner.flatMap { pathsWithFieldsOfOneShape.contains($0) ? $0 : nil }
                    for candidate in named[first...last].reversed() {
                        let mark = output.count
                        if written > 0 { output.append(UInt8(ascii: ",")) }
                        JSONText.appendString(name, to: &output)
                        output.append(UInt8(ascii: ":"))
                        if writeEssence(candidate.value, path: below, into: &output) {
                            written += 1
                            break
                        }
                        output.removeSubrange(mark...)
                    }
                }
                first = last + 1
            }
            guard written > 0 else {
                output.removeSubrange(start...)
                return false
            }
            output.append(UInt8(ascii: "}"))
            return true
        case .array(let items):
            let start = output.count
            output.append(UInt8(ascii: "["))
            var written = 0
            for item in items {
                let mark = output.count
                if written > 0 { output.append(UInt8(ascii: ",")) }
                if writeEssence(item, path: path, into: &output) { written += 1 } else { output.removeSubrange(mark...) }
            }
            guard written > 0 else {
                output.removeSubrange(start...)
                return false
            }
            output.append(UInt8(ascii: "]"))
            return true
        case .null:
            return false
        case .string:
            guard let text = value.meaningfulText else { return false }
            JSONText.appendString(text, to: &output)
            return true
        case .integer(let number):
            JSONText.appendInteger(Int64(number), to: &output)
            return true
        case .number(let number):
            JSONText.appendNumber(number, to: &output)
            return true
        case .bool(let flag):
            output.append(contentsOf: (flag ? "true" : "false").utf8)
            return true
        }
    }
}
