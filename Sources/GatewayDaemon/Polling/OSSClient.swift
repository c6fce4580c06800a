import Foundation
import GatewayCore
import GatewayHTTP
import NationalSystems

/// The agency's calls to OSS that ask rather than tell (PIA: checkLicenseStatus, inqueryNIB, checkNIB,
/// inqueryFileDS, getDataReferensi): the request under its wrapper with `user_key`, the reply's inner
/// object back. Every call is one try; the pollers that use it come round again.
struct OSSClient: Sendable {
    let baseURL: String
    let client: HTTPClient
    let credentials: HTTPHeaders

    init(target: GatewaySettings.Target, secrets: Secrets) {
        baseURL = target.url
        client = HTTPClient(configuration: target.clientConfiguration)
        credentials = Dispatcher.credentials(for: "oss", secrets: secrets)
    }

    /// The reply's object under the method's wrapper (or one of checkLicenseStatus's three), and the raw body.
    func call(_ method: OSSMethod, _ fields: JSONValue, timeout: Duration? = nil) throws -> (reply: JSONValue, body: [UInt8]) {
        var headers = credentials
        headers.set("Content-Type", "application/json")
        var request = ClientRequest(method: .post, url: baseURL + method.path, headers: headers,
                                    body: Array(JSONValue.object([method.requestWrapper: fields]).encoded()))
        if let timeout { request.timeout = timeout }
        let response = try client.send(request).requireSuccess()
        let json = try JSONValue.decode(Data(response.body))
        let wrappers = method == .checkLicenseStatus ? OSSMethod.checkLicenseStatusReplyWrappers : [method.replyWrapper]
        guard let reply = wrappers.lazy.compactMap({ json.field($0) }).first else {
            throw InboundError("the reply has no \(wrappers.joined(separator: " or "))")
        }
        return (reply, response.body)
    }

    /// The NIB as OSS holds it now (inqueryNIB), or nil when OSS does not know it (400 "Data NIB tidak ditemukan").
    func inqueryNIB(_ nib: String) throws -> (dataNIB: JSONValue, body: [UInt8])? {
        let reply: JSONValue, body: [UInt8]
        do {
            (reply, body) = try call(.inqueryNIB, ["nib": .string(nib)])
        } catch HTTPClientError.httpStatus(_, let status, _) where status.code == 400 || status.code == 404 {
            return nil
        }
        guard let dataNIB = reply.field("dataNIB"), dataNIB.field("nib")?.meaningfulText != nil else { return nil }
        return (dataNIB, body)
    }

    /// The permit's status as OSS shows it now (checkLicenseStatus kd_status), nil when OSS does not know the permit.
    func currentStatus(_ idIzin: String) throws -> String? {
        do {
            return try call(.checkLicenseStatus, ["id_izin": .string(idIzin)]).reply.field("dataIZIN")?.field("kd_status")?.meaningfulText
        } catch HTTPClientError.httpStatus(_, let status, _) where status.code == 400 || status.code == 404 {
            return nil  // "Data izin tidak ditemukan"
        }
    }

    /// A NIB's status (Lampiran 14: 05 dibekukan, 06 dicabut), or nil when OSS does not say.
    func checkNIB(_ nib: String, timeout: Duration) throws -> String? {
        try call(.checkNIB, ["nib": .string(nib)], timeout: timeout).reply.field("dataNIB")?.field("status")?.meaningfulText
    }

    /// The signed permit's URL, once OSS has signed it; nil before ("status" 400 in the body, oss-rba.md §1.8).
    func inqueryFileDS(_ idIzin: String) throws -> (url: String, body: [UInt8])? {
        let (reply, body) = try call(.inqueryFileDS, ["id_permohonan_izin": .string(idIzin)])
        guard reply.field("status")?.text == "200", let url = reply.field("url_file_ds")?.meaningfulText else { return nil }
        return (url, body)
    }

    /// A reference list (Lampiran 29's kode: 8 the permit codes).
    func referensi(_ kode: String) throws -> [JSONValue] {
        try call(.getDataReferensi, ["kode": .string(kode)]).reply.field("dataReferensi")?.array ?? []
    }
}
