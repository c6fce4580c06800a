import GatewayCore
/// A permit as the licensing authority issues it to OSS with receiveLicense
/// (the `IZINFINAL` body, PIA `receiveLicense`). The number comes first:
/// a call with `status_izin` 49 (Pengambilan Nomor) asks OSS for it, and the
/// call with 50 carries it (oss-rba.md §1.6, as SIO does it).
public struct IzinFinal: Sendable, Hashable {
    public var idIzin: String
    public var nib: String?
    public var idProyek: String?
    public var ossID: String?
    public var kdIzin: String?
    public var kdDaerah: String?
    public var nomorIzin: String?
    /// "YYYY-MM-DD"
    public var tglTerbitIzin: String?
    /// "YYYY-MM-DD": the day the permit takes effect (an Izin Usaha Industri has no end).
    public var tglBerlakuIzin: String?
    public var namaTTD: String?
    public var nipTTD: String?
    public var jabatanTTD: String?
    public var statusIzin: OSSStatusCode
    /// Links, never bytes: files travel as URLs (oss-rba.md §1.8).
    public var fileIzin: String?
    public var fileLampiran: String?
    public var keterangan: String?

    public init(idIzin: String, statusIzin: OSSStatusCode, nib: String? = nil, idProyek: String? = nil, ossID: String? = nil,
                kdIzin: String? = nil, kdDaerah: String? = nil, nomorIzin: String? = nil, tglTerbitIzin: String? = nil,
                tglBerlakuIzin: String? = nil, namaTTD: String? = nil, nipTTD: String? = nil, jabatanTTD: String? = nil, fileIzin: String? = nil,
                fileLampiran: String? = nil, keterangan: String? = nil) {
        self.idIzin = idIzin
        self.statusIzin = statusIzin
        self.nib = nib
        self.idProyek = idProyek
        self.ossID = ossID
        self.kdIzin = kdIzin
        self.kdDaerah = kdDaerah
        self.nomorIzin = nomorIzin
        self.tglTerbitIzin = tglTerbitIzin
        self.tglBerlakuIzin = tglBerlakuIzin
        self.namaTTD = namaTTD
        self.nipTTD = nipTTD
        self.jabatanTTD = jabatanTTD
        self.fileIzin = fileIzin
        self.fileLampiran = fileLampiran
        self.keterangan = keterangan
    }

    /// The IZINFINAL object, field names as the PIA writes them. The guide lists nib, id_proyek, oss_id,
    /// id_izin, kd_izin, kd_daerah, nomor_izin, tgl_terbit_izin, tgl_berlaku_izin, nama_ttd, nip_ttd,
    /// jabatan_ttd and status_izin without brackets (src/endpoint.js, receiveLicense): they are always
    /// sent, "-" while unknown (``IzinStatus/said(_:)``) but nomor_izin on the 49 call, empty; the links and keterangan when set.
    public var json: JSONValue {
        var fields: [String: JSONValue] = ["id_izin": .string(idIzin), "status_izin": .string(statusIzin.code)]
        let mandatory: [(String, String?)] = [
            ("nib", nib), ("id_proyek", idProyek), ("oss_id", ossID), ("kd_izin", kdIzin), ("kd_daerah", kdDaerah),
            ("nomor_izin", nomorIzin), ("tgl_terbit_izin", tglTerbitIzin), ("tgl_berlaku_izin", tglBerlakuIzin),
            ("nama_ttd", namaTTD), ("nip_ttd", nipTTD), ("jabatan_ttd", jabatanTTD),
        ]
        // The number is OSS's to give (the 49 call asks for it: corrections.json); any other gap is OSS's own "-".
        for (key, value) in mandatory { fields[key] = .string(key == "nomor_izin" ? value ?? "" : IzinStatus.said(value)) }
        let optional: [(String, String?)] = [("file_izin", fileIzin), ("file_lampiran", fileLampiran), ("keterangan", keterangan)]
        for (key, value) in optional { if let value { fields[key] = .string(value) } }
        return .object(fields)
    }

    /// The number OSS gave in a receiveLicense reply (`responreceiveLicense.nomor_izin`), if any.
    public static func nomorIzin(inReply reply: JSONValue) -> String? {
        reply.field(OSSMethod.receiveLicense.replyWrapper)?.field("nomor_izin")?.meaningfulText
    }
}
