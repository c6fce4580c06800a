import GatewayCore
/// SIINas publishes no API. These messages are Gerbang's design, drawn from
/// what SOP 002 (steps 2-4, 17-19) and SOP 004 say SIINas does, documented in
/// docs/siinas-api.md, and kept in this folder so a real specification can
/// replace them without touching the rest.

/// What SIINas tells an agency about a technical-verification request.
public enum SIINasEventType: String, Sendable, Codable, CaseIterable {
    /// The applicant asked for technical verification (SOP 002 step 2); `data.data_industri_terpenuhi` says
    /// whether the industry-data commitment is already met.
    case verificationRequested = "verifikasi_teknis.diajukan"
    /// The applicant completed a request the agency had returned to them (SOP 000 step 5 back to step 1), and
    /// submitted it again; `data` is as for `verifikasi_teknis.diajukan`.
    case resubmitted = "verifikasi_teknis.diperbaiki"
    /// The applicant fulfilled the industry-data commitment (SOP 002 step 3).
    case industryDataFulfilled = "data_industri.dipenuhi"
    /// SIINas issued the Berita Acara Pemenuhan Komitmen after the BAP upload (SOP 002 step 18).
    case commitmentReportIssued = "berita_acara_pemenuhan_komitmen.terbit"
    /// SIINas notified OSS of the result (SOP 002 step 19).
    case ossNotified = "oss.dinotifikasi"
}

/// One notification, pushed to the agency and listed in the feed. `id` is unique and stable: receivers dedupe on it.
public struct SIINasNotification: Sendable, Codable, Hashable {
    public let id: String
    /// Position in the feed; `after=` takes it as the cursor.
    public let sequence: Int
    public let type: SIINasEventType
    /// ISO 8601 with offset.
    public let occurred_at: String
    public let request_id: String
    public let nib: String
    public let id_izin: String
    public let data: JSONValue?

    public init(id: String, sequence: Int, type: SIINasEventType, occurred_at: String, request_id: String, nib: String, id_izin: String, data: JSONValue? = nil) {
        self.id = id
        self.sequence = sequence
        self.type = type
        self.occurred_at = occurred_at
        self.request_id = request_id
        self.nib = nib
        self.id_izin = id_izin
        self.data = data
    }
}

/// A page of the notification feed: `GET /api/v1/notifications?after=CURSOR&limit=N`.
public struct SIINasFeedPage: Sendable, Codable, Equatable {
    public let notifications: [SIINasNotification]
    /// Pass back as `after` to get what follows; unchanged when nothing is new.
    public let next_cursor: String

    public init(notifications: [SIINasNotification], next_cursor: String) {
        self.notifications = notifications
        self.next_cursor = next_cursor
    }
}

/// A technical-verification request, as SIINas keeps it.
public struct SIINasVerificationRequest: Sendable, Codable, Hashable {
    public enum Status: String, Sendable, Codable {
        case awaitingVerification = "menunggu_verifikasi"
        case bapUploaded = "bap_diunggah"
        case commitmentsFulfilled = "komitmen_terpenuhi"
        case notReady = "belum_siap"
        /// Returned to the applicant as incomplete (SOP 000 step 5), until they submit it again.
        case returned = "dikembalikan"
        /// Closed by the agency before it decided: the applicant withdrew, or held a returned file too long.
        case closed = "ditutup"
    }

    public let id: String
    public let nib: String
    public let id_izin: String
    public let id_proyek: String?
    /// What OSS calls the permit besides its id_izin, as SIINas had it from OSS with the NIB (receiveNIB): SIINas tells
    /// OSS of the verification under them (receiveLicenseStatus, where each is mandatory).
    public let oss_id: String?
    public let id_produk: String?
    public let kd_izin: String?
    public let nama_perusahaan: String
    public let kbli: String?
    /// "perluasan" (Izin Perluasan, SOP 002) or "iui" (Izin Usaha Industri, SOP 000).
    public let jenis_permohonan: String
    public var data_industri_terpenuhi: Bool
    public let diajukan_at: String
    public var status: Status
    public var bap: SIINasBAPReceipt?
    /// Every time the agency returned the request to the applicant, oldest first.
    public var pengembalian: [SIINasReturn]?
    /// The agency closed the request (status `ditutup`), and why.
    public var penutupan: SIINasClosure?

    public init(id: String, nib: String, id_izin: String, id_proyek: String?, oss_id: String? = nil, id_produk: String? = nil,
                kd_izin: String? = nil, nama_perusahaan: String, kbli: String?,
                jenis_permohonan: String, data_industri_terpenuhi: Bool, diajukan_at: String, status: Status = .awaitingVerification,
                bap: SIINasBAPReceipt? = nil, pengembalian: [SIINasReturn]? = nil) {
        self.id = id
        self.nib = nib
        self.id_izin = id_izin
        self.id_proyek = id_proyek
        self.oss_id = oss_id
        self.id_produk = id_produk
        self.kd_izin = kd_izin
        self.nama_perusahaan = nama_perusahaan
        self.kbli = kbli
        self.jenis_permohonan = jenis_permohonan
        self.data_industri_terpenuhi = data_industri_terpenuhi
        self.diajukan_at = diajukan_at
        self.status = status
        self.bap = bap
        self.pengembalian = pengembalian
    }
}

/// The agency closes a request before it decided, with its reason: `POST /api/v1/verifikasi-teknis/{id}/penutupan`
/// (a case withdrawn, `POST /api/cases/{id}/withdrawal`, or timed out with its applicant). SIINas shows the applicant
/// why and takes nothing more for the request: no BAP, no resubmission.
public struct SIINasClosure: Sendable, Codable, Hashable {
    /// The agency's own reference for the closure: how it tells whether it arrived.
    public let referensi: String
    /// Why, in the officer's words, or the timeout's.
    public let alasan: String
    /// Who closed it (the officer's name).
    public let petugas: String
    /// ISO 8601 with offset.
    public let ditutup_at: String

    public init(referensi: String, alasan: String, petugas: String, ditutup_at: String) {
        self.referensi = referensi
        self.alasan = alasan
        self.petugas = petugas
        self.ditutup_at = ditutup_at
    }
}

/// The agency returns a request to the applicant as incomplete, with its reason:
/// `POST /api/v1/verifikasi-teknis/{id}/pengembalian` (SOP 000 step 5: "dikembalikan kepada pemohon melalui
/// Aplikasi"). SIINas shows it to the applicant and keeps it in the request's `pengembalian`.
public struct SIINasReturn: Sendable, Codable, Hashable {
    /// The agency's own reference for this return, unique per return: how it tells whether one arrived.
    public let referensi: String
    /// Why, in the officer's words: what the applicant must complete.
    public let alasan: String
    /// Who returned it (the officer's name, or the agency's officer).
    public let petugas: String
    /// ISO 8601 with offset.
    public let dikembalikan_at: String

    public init(referensi: String, alasan: String, petugas: String, dikembalikan_at: String) {
        self.referensi = referensi
        self.alasan = alasan
        self.petugas = petugas
        self.dikembalikan_at = dikembalikan_at
    }
}

/// The agency's BAP upload: `POST /api/v1/verifikasi-teknis/{id}/bap` (SOP 002 step 17).
public struct SIINasBAPUpload: Sendable, Codable, Hashable {
    /// "siap" when the business is ready (commitments fulfilled), "belum_siap" when not.
    public enum Result: String, Sendable, Codable {
        case ready = "siap"
        case notReady = "belum_siap"
    }

    public typealias Document = EncodedDocument

    public let nomor_bap: String
    /// YYYY-MM-DD
    public let tanggal_bap: String
    public let hasil: Result
    public let catatan: String?
    public let pemeriksa: [String]
    public let dokumen: Document

    public init(nomor_bap: String, tanggal_bap: String, hasil: Result, catatan: String?, pemeriksa: [String], dokumen: Document) {
        self.nomor_bap = nomor_bap
        self.tanggal_bap = tanggal_bap
        self.hasil = hasil
        self.catatan = catatan
        self.pemeriksa = pemeriksa
        self.dokumen = dokumen
    }
}

/// SIINas's answer to a BAP upload, and the record it keeps.
public struct SIINasBAPReceipt: Sendable, Codable, Hashable {
    public struct CommitmentReport: Sendable, Codable, Hashable {
        public let nomor: String
        public let tanggal: String
        public let url: String

        public init(nomor: String, tanggal: String, url: String) {
            self.nomor = nomor
            self.tanggal = tanggal
            self.url = url
        }
    }

    public let bap_id: String
    public let request_id: String
    public let nomor_bap: String
    public let hasil: SIINasBAPUpload.Result
    /// SHA-256 of the document's bytes, so both sides can tell they hold the same file.
    public let sha256: String
    public let ukuran_bytes: Int
    /// The Berita Acara Pemenuhan Komitmen, issued when the result is "siap".
    public let berita_acara_pemenuhan_komitmen: CommitmentReport?

    public init(bap_id: String, request_id: String, nomor_bap: String, hasil: SIINasBAPUpload.Result, sha256: String,
                ukuran_bytes: Int, berita_acara_pemenuhan_komitmen: CommitmentReport?) {
        self.bap_id = bap_id
        self.request_id = request_id
        self.nomor_bap = nomor_bap
        self.hasil = hasil
        self.sha256 = sha256
        self.ukuran_bytes = ukuran_bytes
        self.berita_acara_pemenuhan_komitmen = berita_acara_pemenuhan_komitmen
    }
}

/// Pushed notifications carry `X-SIINas-Signature: sha256=<hex HMAC-SHA256 of the body>` under a secret
/// shared with the agency, so a receiver can tell SIINas sent them.
public enum SIINasSignature {
    public static let header = "X-SIINas-Signature"

    /// The header's value for `body`, or nil when libcrypto could not compute it.
    public static func sign(_ body: [UInt8], secret: String) -> String? {
        Digest.hmacSHA256Hex(key: secret, message: body).map { "sha256=" + $0 }
    }

    /// Whether `signature` is the body's; false when either is missing or the MAC cannot be computed (fail closed).
    public static func verify(_ signature: String?, body: [UInt8], secret: String) -> Bool {
        guard let signature, !secret.isEmpty, let expected = sign(body, secret: secret) else { return false }
        return Digest.constantTimeEquals(signature, expected)
    }
}
