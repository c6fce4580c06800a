import GatewayCore
import NationalSystems

/// What the mock OSS knows: NIBs as delivered, permits with their status
/// history, and the quirk switches.
struct OSSState: Codable, Sendable {
    struct StoredNIB: Codable, Sendable {
        var dataNIB: JSONValue
        var scenario: String?
    }

    struct StatusRecord: Codable, Sendable, Equatable {
        var kd_status: String
        var tgl_status: String
        var keterangan: String?
        var nama_status: String?
        var kd_instansi: String?
        /// Who set it: "scenario", "agency", "siinas" or "oss" (OSS itself, once every commitment was verified).
        var source: String
    }

    struct StoredPermit: Codable, Sendable {
        var id_izin: String
        var nib: String
        var id_proyek: String?
        var kd_izin: String?
        var nama_izin: String?
        var oss_id: String?
        var statuses: [StatusRecord]
        /// The last IZINFINAL the agency sent.
        var license: JSONValue?
        var nomor_izin: String?
        /// The signed document's URL, once OSS has signed (after receiveLicense).
        var file_ds: String?
        /// The last attachment shown with the permit's status (a status push's file_lampiran, an applicant's upload).
        var file_lampiran: String?
        /// Set when SIINas reports the technical verification: true for 45, false for 93.
        var commitments_fulfilled: Bool?
        var scenario: String?
    }

    var nibs: [String: StoredNIB] = [:]
    var permits: [String: StoredPermit] = [:]
    /// Numbers OSS has issued (nomor_izin).
    var issued = 0
    var scenarios: [String] = []
    var quirks = OSSQuirks()
}

/// Behaviour of the real OSS, reproduced behind switches (oss-rba.md §5): `PUT /__admin/quirks`.
public struct OSSQuirks: Codable, Sendable, Equatable {
    /// Every receiveNIB is delivered a second time, as OSS re-delivers NIBs it has already sent (failure mode 5).
    public var repeatNIBDelivery = false
    /// receiveNIB says "tipe_dokumen " with a trailing space, as the PIA's own example does (failure mode 4).
    public var trailingSpaceKey = false
    /// Empty values are sent as "-" (failure mode 7).
    public var dashPlaceholders = false
    /// checkLicenseStatus reports an approved permit as 58, a code Lampiran 10 does not list (failure mode 4).
    public var unlistedStatusCode = false
    /// checkLicenseStatus replies under "responcheckStatusLicense", the wrapper of the PIA's example.
    public var exampleReplyWrapper = false

    public init() {}
}
