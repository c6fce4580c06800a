/// The OSS methods Gerbang uses, with each one's request wrapper and reply
/// wrapper as the PIA names them (src/endpoint.js).
public enum OSSMethod: String, Sendable, CaseIterable {
    // Agency → OSS: POST {base}/v1/kl/rba/{method} with the `user_key` header.
    case receiveLicense, receiveLicenseStatus, updateLicense, checkLicenseStatus, inqueryNIB, inqueryFileDS, inqueryLicense
    // Since 4.3.16 removed checkNIBError and rekonNIB, the ways to catch up on a missed push: pulling.
    case checkNIB, fetchNIB, getDataReferensi
    // OSS → agency: POST to the agency with the daily `Token` header.
    case receiveNIB, receiveFileDS

    public var isAgencyToOSS: Bool {
        self != .receiveNIB && self != .receiveFileDS
    }

    /// The request's top-level key (PIA 4.3.16 renamed checkLicenseStatus's from IZINSTATUS to CHECKLICENSESTATUS).
    public var requestWrapper: String {
        switch self {
        case .receiveLicense, .updateLicense: "IZINFINAL"
        case .receiveLicenseStatus: "IZINSTATUS"
        case .checkLicenseStatus: "CHECKLICENSESTATUS"
        case .inqueryNIB: "INQUERYNIB"
        case .inqueryFileDS: "INQUERYFILEDS"
        case .inqueryLicense: "INQUERYLICENSE"
        case .checkNIB: "CHECKNIB"
        case .fetchNIB: "FETCHNIB"
        case .getDataReferensi: "GETDATAREFERENSI"
        case .receiveNIB: "dataNIB"
        case .receiveFileDS: "receiveFileDS"
        }
    }

    /// The reply's top-level key. The PIA's own example for checkLicenseStatus
    /// says "responcheckStatusLicense" where its field table says
    /// "responcheckLicenseStatus" (oss-rba.md §5, failure mode 4).
    public var replyWrapper: String {
        switch self {
        case .inqueryFileDS: "responInqueryFileDS"
        case .inqueryLicense: "dataLicense"
        default: "respon" + rawValue
        }
    }

    public static let checkLicenseStatusExampleWrapper = "responcheckStatusLicense"

    /// Every wrapper a checkLicenseStatus reply may come under: the table's, its success example's and its
    /// error example's ("responsecheckStatusLicense"), since the guide names it three ways.
    public static let checkLicenseStatusReplyWrappers = [
        OSSMethod.checkLicenseStatus.replyWrapper, checkLicenseStatusExampleWrapper, "responsecheckStatusLicense",
    ]

    /// The path of an agency-to-OSS method under the OSS base URL.
    public var path: String { "/v1/kl/rba/" + rawValue }
}
