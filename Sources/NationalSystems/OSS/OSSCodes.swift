/// A permit status code (kd_status / status_izin), PIA Lampiran 10.
///
/// An open set: OSS has added codes over the years and its own example
/// answers with 58, which the table does not list (oss-rba.md §1.7). Unknown
/// codes are kept and reported as unlisted, never refused.
public struct OSSStatusCode: Sendable, Hashable, CustomStringConvertible {
    public let code: String

    public init(_ code: String) {
        self.code = code.count == 1 ? "0" + code : code
    }

    /// The name Lampiran 10 gives the code, if it lists it.
    public var name: String? { Self.table[code]?.name }
    public var explanation: String? { Self.table[code]?.explanation }
    public var isListed: Bool { Self.table[code] != nil }

    public var description: String { "\(code) \(name ?? "(not in Lampiran 10)")" }

    public static let documentsIncomplete = OSSStatusCode("11")
    /// The SLA clock stops (Konfirmasi Persyaratan), and runs again (Data Konfirmasi Persyaratan).
    public static let clockPaused = OSSStatusCode("41")
    public static let clockResumed = OSSStatusCode("42")
    public static let commitmentFulfilment = OSSStatusCode("12")
    public static let requirementsVerified = OSSStatusCode("45")
    public static let numberTaken = OSSStatusCode("49")
    public static let approved = OSSStatusCode("50")
    public static let issuedPendingCommitment = OSSStatusCode("52")
    public static let approvedBySilence = OSSStatusCode("57")
    public static let rejected = OSSStatusCode("90")
    public static let requirementsRejected = OSSStatusCode("93")

    /// Every code of Lampiran 10, in order.
    public static var listed: [OSSStatusCode] { table.keys.sorted().map(OSSStatusCode.init) }

    /// PIA Lampiran 10 (version 4.3.19 onwards; 91 and 92 were removed).
    static let table: [String: (name: String, explanation: String)] = [
        "05": ("Proses Penapisan", "Penapisan dokumen lingkungan"),
        "09": ("Telah Melengkapi Persyaratan", "Dokumen permohonan dan persyaratan izin sudah diisi dan dilengkapi"),
        "10": ("Dokumen Lengkap", "Dokumen permohonan izin sudah lengkap dan benar"),
        "11": ("Dokumen Belum Lengkap", "Dokumen permohonan izin belum lengkap"),
        "12": ("Pemenuhan Komitmen", "Pemenuhan Komitmen"),
        "20": ("Validasi", "Petugas melakukan pengecekkan terhadap permohonan izin tersebut"),
        "30": ("Verifikasi Pembayaran", "Petugas melakukan verifikasi pembayaran terhadap Pelaku Usaha"),
        "31": ("Konfirmasi Pembayaran", "Petugas melakukan konfirmasi pembayaran terhadap Pelaku Usaha"),
        "32": ("Menunggu Verifikasi Bukti Bayar PNBP", "Pelaku usaha telah melakukan pembayaran PNBP"),
        "33": ("Persetujuan Pembayaran", "Petugas melakukan verifikasi pembayaran"),
        "34": ("Perbaikan Konfirmasi Pembayaran", "Pelaku usaha upload kembali PNBP"),
        "40": ("Inspeksi", "Petugas melakukan pengecekan ke lapangan"),
        "41": ("Konfirmasi Persyaratan", "Pemberhentian perhitungan SLA perizinan karena ada urgensi tertentu"),
        "42": ("Data Konfirmasi Persyaratan", "Mulai kembali perhitungan SLA perizinan"),
        "43": ("Re-Konfirmasi Persyaratan", "Pemberhentian perhitungan SLA kembali ke awal"),
        "44": ("Data Re-Konfirmasi Persyaratan", "Mulai kembali perhitungan SLA perizinan dari awal"),
        "45": ("Persyaratan terverifikasi", "Persetujuan status persyaratan oleh dinas teknis"),
        "49": ("Pengambilan Nomor", "Pengambilan nomor Izin/SS/UMKU dalam hal integrasi"),
        "50": ("Disetujui", "Petugas menyetujui Izin dari Pelaku Usaha"),
        "52": ("Terbit Sementara", "Terbit sementara untuk dilakukan pemenuhan komitmen"),
        "57": ("Disetujui secara otomatis oleh sistem OSS (fiktif positif)",
               "Disetujui secara otomatis oleh sistem OSS (fiktif positif) berdasarkan Pasal 175 angka 6 Undang-Undang Nomor 11 Tahun 2020"),
        "60": ("Peringatan", "Petugas memberikan peringatan terhadap Izin Pelaku Usaha, apabila Izin tersebut bermasalah"),
        "70": ("Penghentian Sementara Kegiatan Berusaha", "Petugas menghentikan sementara kegiatan berusaha, apabila Izin tersebut bermasalah"),
        "80": ("Pengenaan Denda Administratif", "Petugas memberikan denda administratif, apabila Izin tersebut bermasalah"),
        "90": ("Ditolak", "Petugas menolak permohonan Izin Usaha"),
        "93": ("Penolakan Persyaratan", "Penolakan status persyaratan oleh Dinas Teknis"),
    ]
}

/// A reply code (`kode`) of the agency-to-OSS methods, PIA Lampiran 9; also the HTTP status of the reply.
public enum OSSReplyCode: Int, Sendable, CaseIterable {
    case success = 200
    case badParameters = 400
    case invalidUser = 401
    case illegalAccess = 403
    case serviceNotFound = 404
    case serviceDenied = 405
    case processingFailed = 500
    case timeout = 504

    /// The wording of Lampiran 9.
    public var keterangan: String {
        switch self {
        case .success: "Sukses"
        case .badParameters: "Data Parameter Salah"
        case .invalidUser: "User Akses Tidak Valid"
        case .illegalAccess: "Ilegal Inquery /Akses"
        case .serviceNotFound: "Akses Service Tidak Ditemukan"
        case .serviceDenied: "Akses Service Ditolak"
        case .processingFailed: "Proses Payload Data Di Sistem OSS Gagal"
        case .timeout: "Proses Payload Data Di Sistem OSS Timeout"
        }
    }
}
