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
        let wire = OSSWire.request(method, fields)
        var request = ClientRequest(method: HTTPMethod(wire.method), url: baseURL + wire.path, headers: headers, body: Array(wire.body.utf8))
        if let timeout { request.timeout = timeout }
        let response = try client.send(request).requireSuccess()
        return (try OSSWire.reply(to: method, in: try JSONValue.decode(Data(response.body))), response.body)
    }

    /// The NIB as OSS holds it now (inqueryNIB), or nil when OSS does not know it (400 "Data NIB tidak ditemukan").
    func inqueryNIB(_ nib: String) throws -> (dataNIB: JSONValue, body: [UInt8])? {
        let reply: JSONValue, body: [UInt8]
        do {
            (reply, body) = try call(.inqueryNIB, ["nib": .string(nib)])
        } catch HTTPClientError.httpStatus(_, let status, _) where status.code == 400 || status.code == 404 {
            return nil
        }
        return OSSWire.dataNIB(reply).map { ($0, body) }
    }

    /// The permit's status as OSS shows it now (checkLicenseStatus kd_status), nil when OSS does not know the permit.
    func currentStatus(_ idIzin: String) throws -> String? {
        do {
            return try licenseStatus(idIzin)?.code
        } catch HTTPClientError.httpStatus(_, let status, _) where status.code == 400 || status.code == 404 {
            return nil  // "Data izin tidak ditemukan"
        }
    }

    /// What checkLicenseStatus shows of a permit, with the raw reply; nil when the reply shows no status.
    func licenseStatus(_ idIzin: String) throws -> OSSWire.LicenseStatus? {
        OSSWire.licenseStatus(try call(.checkLicenseStatus, ["id_izin": .string(idIzin)]).reply)
    }

    /// A NIB's status (Lampiran 14: 05 dibekukan, 06 dicabut), or nil when OSS does not say.
    func checkNIB(_ nib: String, timeout: Duration) throws -> String? {
        OSSWire.nibStatus(try call(.checkNIB, ["nib": .string(nib)], timeout: timeout).reply)
    }

    /// The signed permit's URL, once OSS has signed it; nil before ("status" 400 in the body, oss-rba.md §1.8).
    func inqueryFileDS(_ idIzin: String) throws -> (url: String, body: [UInt8])? {
        let (reply, body) = try call(.inqueryFileDS, ["id_permohonan_izin": .string(idIzin)])
        return OSSWire.signedDocument(reply).map { ($0, body) }
    }

    /// A reference list (Lampiran 29's kode: 8 the permit codes).
    func referensi(_ kode: String) throws -> [JSONValue] {
        OSSWire.referensi(try call(.getDataReferensi, ["kode": .string(kode)]).reply)
    }
}
