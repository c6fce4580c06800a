/// A permit status as an agency reports it with receiveLicenseStatus (the
/// `IZINSTATUS` body) and as checkLicenseStatus answers it (`dataIZIN`).
public struct IzinStatus: Sendable, Hashable {
    public var nib: String?
    public var idIzin: String
    public var idProyek: String?
    public var ossID: String?
    public var kdIzin: String?
    /// The reporting agency's three-digit code.
    public var kdInstansi: String?
    public var kdStatus: OSSStatusCode
    /// "YYYY-MM-DD HH:II:SS"
    public var tglStatus: String?
    public var nipStatus: String?
    public var namaStatus: String?
    public var keterangan: String?
    public var fileLampiran: String?

    public init(
        idIzin: String, kdStatus: OSSStatusCode, nib: String? = nil, idProyek: String? = nil, ossID: String? = nil,
        kdIzin: String? = nil, kdInstansi: String? = nil, tglStatus: String? = nil, nipStatus: String? = nil,
        namaStatus: String? = nil, keterangan: String? = nil, fileLampiran: String? = nil
    ) {
        self.idIzin = idIzin
        self.kdStatus = kdStatus
        self.nib = nib
        self.idProyek = idProyek
        self.ossID = ossID
        self.kdIzin = kdIzin
        self.kdInstansi = kdInstansi
        self.tglStatus = tglStatus
        self.nipStatus = nipStatus
        self.namaStatus = namaStatus
        self.keterangan = keterangan
        self.fileLampiran = fileLampiran
    }

    /// Reads an IZINSTATUS object; nil when id_izin or kd_status is missing.
    public init?(_ json: JSONValue) {
        guard let id = json.field("id_izin")?.meaningfulText, let status = json.field("kd_status")?.meaningfulText else { return nil }
        self.init(
            idIzin: id, kdStatus: OSSStatusCode(status), nib: json.field("nib")?.meaningfulText,
            idProyek: json.field("id_proyek")?.meaningfulText, ossID: json.field("oss_id")?.meaningfulText,
            kdIzin: json.field("kd_izin")?.meaningfulText, kdInstansi: json.field("kd_instansi")?.meaningfulText,
            tglStatus: json.field("tgl_status")?.meaningfulText, nipStatus: json.field("nip_status")?.meaningfulText,
            namaStatus: json.field("nama_status")?.meaningfulText, keterangan: json.field("keterangan")?.text,
            fileLampiran: json.field("file_lampiran")?.meaningfulText)
    }

    /// The IZINSTATUS object, field names as the PIA writes them.
    public var json: JSONValue {
        var fields: [String: JSONValue] = ["id_izin": .string(idIzin), "kd_status": .string(kdStatus.code)]
        let optional: [(String, String?)] = [
            ("nib", nib), ("id_proyek", idProyek), ("oss_id", ossID), ("kd_izin", kdIzin), ("kd_instansi", kdInstansi),
            ("tgl_status", tglStatus), ("nip_status", nipStatus), ("nama_status", namaStatus), ("keterangan", keterangan),
            ("file_lampiran", fileLampiran),
        ]
        for (key, value) in optional { if let value { fields[key] = .string(value) } }
        return .object(fields)
    }
}
