/// SIPRO publishes no API either. These messages are Gerbang's design, drawn
/// from SOP 003 (Izin Insidentil): registrations come in through SIPRO, the
/// agency reports status, numbers the permit and says when it is ready at
/// the counter. Documented in docs/sipro-api.md.

/// What happens in SIPRO that the agency polls for: `GET /api/v1/events?after=CURSOR&limit=N`.
public enum SIPROEventType: String, Sendable, Codable, CaseIterable {
    /// A new registration (SOP 003 step 1).
    case registered = "pendaftaran.baru"
    /// The applicant completed a registration that was returned to them (SOP 003 step 2, "Tidak").
    case resubmitted = "pendaftaran.diperbaiki"
    /// The applicant collected the permit at the counter (SOP 003 step 11).
    case collected = "izin.diambil"
}

public struct SIPROEvent: Sendable, Codable, Hashable {
    public let id: String
    public let sequence: Int
    public let type: SIPROEventType
    public let nomor_pendaftaran: String
    public let waktu: String
    /// The registration as it stands, for `pendaftaran.*` events.
    public let pendaftaran: SIPRORegistration?

    public init(id: String, sequence: Int, type: SIPROEventType, nomor_pendaftaran: String, waktu: String, pendaftaran: SIPRORegistration?) {
        self.id = id
        self.sequence = sequence
        self.type = type
        self.nomor_pendaftaran = nomor_pendaftaran
        self.waktu = waktu
        self.pendaftaran = pendaftaran
    }
}

public struct SIPROFeedPage: Sendable, Codable, Equatable {
    public let events: [SIPROEvent]
    public let next_cursor: String

    public init(events: [SIPROEvent], next_cursor: String) {
        self.events = events
        self.next_cursor = next_cursor
    }
}

/// An applicant's registration (entered with the help of the registration desk).
public struct SIPRORegistration: Sendable, Codable, Hashable {
    public struct Applicant: Sendable, Codable, Hashable {
        public let nama: String
        public let nik: String
        public let alamat: String?
        public let telepon: String?
    }

    public struct Vehicle: Sendable, Codable, Hashable {
        public let nomor_polisi: String
        public let jenis: String?
        public let merek: String?
        public let tahun: String?
    }

    public struct Document: Sendable, Codable, Hashable {
        public let jenis: String
        public let nama_file: String
        public let url: String?
    }

    public let nomor_pendaftaran: String
    /// "izin-insidentil"
    public let jenis_izin: String
    public let pemohon: Applicant
    public let kendaraan: Vehicle?
    public let keperluan: String?
    public let rute: String?
    public let tanggal_mulai: String?
    public let tanggal_selesai: String?
    public let dokumen: [Document]
    public let didaftarkan_at: String
}

/// The agency's view of an application in SIPRO, and its history.
public struct SIPROApplication: Sendable, Codable, Hashable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case registered = "terdaftar"
        case received = "diterima"
        case returned = "dikembalikan"
        case inProcess = "diproses"
        case approved = "disetujui"
        case rejected = "ditolak"
        case numbered = "bernomor"
        case readyForPickup = "siap_diambil"
        case collected = "diambil"
        /// The agency closed the application before deciding it (the applicant withdrew it): nothing follows.
        case withdrawn = "dibatalkan"
    }

    public struct HistoryEntry: Sendable, Codable, Hashable {
        public let status: Status
        public let catatan: String?
        public let petugas: String?
        public let waktu: String

        public init(status: Status, catatan: String?, petugas: String?, waktu: String) {
            self.status = status
            self.catatan = catatan
            self.petugas = petugas
            self.waktu = waktu
        }
    }

    public let nomor_pendaftaran: String
    public var status: Status
    public var nomor_izin: String?
    public var tanggal_terbit: String?
    public var berlaku_sampai: String?
    public var loket: String?
    public var riwayat: [HistoryEntry]
    public var pendaftaran: SIPRORegistration

    public init(nomor_pendaftaran: String, status: Status, riwayat: [HistoryEntry], pendaftaran: SIPRORegistration,
                nomor_izin: String? = nil, tanggal_terbit: String? = nil, berlaku_sampai: String? = nil, loket: String? = nil) {
        self.nomor_pendaftaran = nomor_pendaftaran
        self.status = status
        self.riwayat = riwayat
        self.pendaftaran = pendaftaran
        self.nomor_izin = nomor_izin
        self.tanggal_terbit = tanggal_terbit
        self.berlaku_sampai = berlaku_sampai
        self.loket = loket
    }
}

/// `POST /api/v1/permohonan/{nomor}/status`: the agency moves an application on (SOP 003 steps 2-8).
public struct SIPROStatusUpdate: Sendable, Codable, Hashable {
    public let status: SIPROApplication.Status
    public let catatan: String?
    public let petugas: String?

    public init(status: SIPROApplication.Status, catatan: String? = nil, petugas: String? = nil) {
        self.status = status
        self.catatan = catatan
        self.petugas = petugas
    }
}

/// `POST /api/v1/permohonan/{nomor}/nomor-izin`: the permit number (SOP 003 step 9).
public struct SIPROPermitNumber: Sendable, Codable, Hashable {
    public let nomor_izin: String
    public let tanggal_terbit: String
    public let berlaku_sampai: String?

    public init(nomor_izin: String, tanggal_terbit: String, berlaku_sampai: String?) {
        self.nomor_izin = nomor_izin
        self.tanggal_terbit = tanggal_terbit
        self.berlaku_sampai = berlaku_sampai
    }
}

/// `POST /api/v1/permohonan/{nomor}/siap-diambil`: signed and waiting at the counter (SOP 003 step 10).
public struct SIPROReadyForPickup: Sendable, Codable, Hashable {
    public let loket: String?

    public init(loket: String?) {
        self.loket = loket
    }
}
