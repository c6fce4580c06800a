import GatewayCore
/// A permit status as an agency reports it with receiveLicenseStatus (the
/// `IZINSTATUS` body) and as checkLicenseStatus answers it (`dataIZIN`).
///
/// The guide lists nib, id_produk, id_proyek, oss_id, id_izin, kd_izin, kd_instansi, kd_status,
/// tgl_status, nip_status, nama_status and keterangan without brackets: mandatory, so ``json``
/// always sends them, with OSS's own placeholder "-" where the agency has nothing to say (a reference OSS
/// never gave it: ``said(_:)``; src/endpoint.js, receiveLicenseStatus).
/// `nama_status` is "Nama Status Izin": the status's name from Lampiran 10, beside `nip_status`,
/// the NIP of whoever set it (docs/gateway.md says why this reading).
public struct IzinStatus: Sendable, Hashable {
    /// A PNBP bill the status asks the business to pay (`data_pnbp`; PIA receiveLicenseStatus).
    public struct PNBP: Sendable, Hashable {
        public var kdAkun: String
        public var kdPenerimaan: String
        public var kdBilling: String
        /// "YYYY-MM-DD"
        public var tglBilling: String
        public var tglExpire: String
        public var nominal: Double
        public var urlDokumen: String

        public init(kdAkun: String, kdPenerimaan: String, kdBilling: String, tglBilling: String, tglExpire: String, nominal: Double,
                    urlDokumen: String) {
            self.kdAkun = kdAkun
            self.kdPenerimaan = kdPenerimaan
            self.kdBilling = kdBilling
            self.tglBilling = tglBilling
            self.tglExpire = tglExpire
            self.nominal = nominal
            self.urlDokumen = urlDokumen
        }

        var json: JSONValue {
            ["kd_akun": .string(kdAkun), "kd_penerimaan": .string(kdPenerimaan), "kd_billing": .string(kdBilling),
             "tgl_billing": .string(tglBilling), "tgl_expire": .string(tglExpire),
             "nominal": nominal.rounded() == nominal ? .integer(Int(nominal)) : .number(nominal), "url_dokumen": .string(urlDokumen)]
        }
    }

    public var nib: String?
    public var idIzin: String
    public var idProduk: String?
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
    /// A link to the document the status rests on (files travel as URLs, oss-rba.md §1.8).
    public var fileLampiran: String?
    /// Whether the business's form is approved, where a step decides it.
    public var persetujuanForm: Bool?
    public var pnbp: PNBP?

    public init(
        idIzin: String, kdStatus: OSSStatusCode, nib: String? = nil, idProduk: String? = nil, idProyek: String? = nil, ossID: String? = nil,
        kdIzin: String? = nil, kdInstansi: String? = nil, tglStatus: String? = nil, nipStatus: String? = nil,
        namaStatus: String? = nil, keterangan: String? = nil, fileLampiran: String? = nil, persetujuanForm: Bool? = nil, pnbp: PNBP? = nil
    ) {
        self.idIzin = idIzin
        self.kdStatus = kdStatus
        self.nib = nib
        self.idProduk = idProduk
        self.idProyek = idProyek
        self.ossID = ossID
        self.kdIzin = kdIzin
        self.kdInstansi = kdInstansi
        self.tglStatus = tglStatus
        self.nipStatus = nipStatus
        self.namaStatus = namaStatus
        self.keterangan = keterangan
        self.fileLampiran = fileLampiran
        self.persetujuanForm = persetujuanForm
        self.pnbp = pnbp
    }

    /// Reads an IZINSTATUS object; nil when id_izin or kd_status is missing.
    public init?(_ json: JSONValue) {
        guard let id = json.field("id_izin")?.meaningfulText, let status = json.field("kd_status")?.meaningfulText else { return nil }
        self.init(
            idIzin: id, kdStatus: OSSStatusCode(status), nib: json.field("nib")?.meaningfulText,
            idProduk: json.field("id_produk")?.meaningfulText, idProyek: json.field("id_proyek")?.meaningfulText,
            ossID: json.field("oss_id")?.meaningfulText, kdIzin: json.field("kd_izin")?.meaningfulText,
            kdInstansi: json.field("kd_instansi")?.meaningfulText, tglStatus: json.field("tgl_status")?.meaningfulText,
            nipStatus: json.field("nip_status")?.meaningfulText, namaStatus: json.field("nama_status")?.meaningfulText,
            keterangan: json.field("keterangan")?.meaningfulText, fileLampiran: json.field("file_lampiran")?.meaningfulText,
            persetujuanForm: { if case .bool(let value)? = json.field("persetujuan_form") { value } else { nil } }())
    }

    /// A mandatory text as sent: the value, or "-" where there is none. Mandatory means something to read, and "-" is
    /// what OSS itself writes for nothing (oss-rba.md §5, failure mode 7: id_proyek_lokasi, file_izin, phones), so a
    /// reference OSS never gave the agency (a permit's id_produk) goes back as OSS wrote it.
    public static func said(_ value: String?) -> String {
        guard let value, !value.allSatisfy(\.isWhitespace) else { return "-" }
        return value
    }

    /// The IZINSTATUS object, field names as the PIA writes them: every mandatory field, the optional ones when set.
    public var json: JSONValue {
        var fields: [String: JSONValue] = ["id_izin": .string(idIzin), "kd_status": .string(kdStatus.code)]
        let mandatory: [(String, String?)] = [
            ("nib", nib), ("id_produk", idProduk), ("id_proyek", idProyek), ("oss_id", ossID), ("kd_izin", kdIzin),
            ("kd_instansi", kdInstansi), ("tgl_status", tglStatus), ("nip_status", nipStatus), ("nama_status", namaStatus),
            ("keterangan", keterangan),
        ]
        for (key, value) in mandatory { fields[key] = .string(Self.said(value)) }
        if let fileLampiran { fields["file_lampiran"] = .string(fileLampiran) }
        if let persetujuanForm { fields["persetujuan_form"] = .bool(persetujuanForm) }
        if let pnbp { fields["data_pnbp"] = pnbp.json }
        return .object(fields)
    }
}
