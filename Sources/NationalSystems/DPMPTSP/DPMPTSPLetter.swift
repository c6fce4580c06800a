/// A letter the Dinas sends to DPMPTSP (the recommendation of SOP 001 step 8,
/// the copy of the BAP of SOP 002 step 17). DPMPTSP publishes no API: this
/// is Gerbang's design of an incoming-letter box ("surat masuk") in SIPRO,
/// the licensing application DPMPTSP runs (docs/sipro-api.md).
public struct DPMPTSPLetter: Sendable, Codable, Hashable {
    public typealias Document = EncodedDocument

    /// The Dinas's letter number, from its register (agency.letterNumber).
    public let nomor_surat: String
    /// The gateway's own reference for the letter, "<case>/<step>": which case and SOP step it comes from.
    public let referensi: String?
    public let perihal: String
    public let dari: String
    /// "2026-12-17"
    public let tanggal: String
    public let id_izin: String?
    public let nib: String?
    public let ringkasan: String?
    public let dokumen: Document?

    public init(nomor_surat: String, referensi: String? = nil, perihal: String, dari: String, tanggal: String, id_izin: String?, nib: String?,
                ringkasan: String?, dokumen: Document?) {
        self.nomor_surat = nomor_surat
        self.referensi = referensi
        self.perihal = perihal
        self.dari = dari
        self.tanggal = tanggal
        self.id_izin = id_izin
        self.nib = nib
        self.ringkasan = ringkasan
        self.dokumen = dokumen
    }
}

/// DPMPTSP's receipt: the agenda number it filed the letter under.
public struct DPMPTSPLetterReceipt: Sendable, Codable, Hashable {
    public let nomor_agenda: String
    public let nomor_surat: String
    public let diterima_at: String

    public init(nomor_agenda: String, nomor_surat: String, diterima_at: String) {
        self.nomor_agenda = nomor_agenda
        self.nomor_surat = nomor_surat
        self.diterima_at = diterima_at
    }
}
