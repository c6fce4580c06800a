import Foundation
import GatewayCore

/// How the agency's calls to OSS go on the wire and how OSS's replies read (PIA, src/endpoint.js): each
/// call is a POST to `/v1/kl/rba/{method}` with its fields under the method's wrapper, each reply an object
/// under its own wrapper, which may carry OSS's own `kode` (Lampiran 9) whatever the HTTP status.
public enum OSSWire {
    /// Where OSS pushes `method` (receiveNIB, receiveFileDS) to the agency: the path the agency registered with OSS.
    public static func pushPath(_ method: OSSMethod) -> String {
        "/oss/" + method.rawValue
    }

    /// The method OSS pushes to `path`, if it is one of the push paths.
    public static func pushedMethod(path: String) -> OSSMethod? {
        guard path.hasPrefix("/oss/"), let method = OSSMethod(rawValue: String(path.dropFirst(5))), !method.isAgencyToOSS else { return nil }
        return method
    }

    /// A call of `method` with `fields` under its request wrapper.
    public static func request(_ method: OSSMethod, _ fields: JSONValue) -> OutboundRequest {
        .post(method.path, json: [method.requestWrapper: fields])
    }

    /// A status for a permit (receiveLicenseStatus, IZINSTATUS).
    public static func status(_ status: IzinStatus) -> OutboundRequest {
        request(.receiveLicenseStatus, status.json)
    }

    /// A permit issued or its number asked for (receiveLicense, IZINFINAL).
    public static func license(_ final: IzinFinal) -> OutboundRequest {
        request(.receiveLicense, final.json)
    }

    /// The permit itself (status 50) after the number call (49) was answered with `nomorIzin`: the same
    /// IZINFINAL, with the number, the day it was issued and, where given, the link to a document stating the number
    /// (file_izin, "File PDF Berupa Link").
    public static func issued(afterNumberCall body: String, nomorIzin: String?, day: String, fileIzin: String? = nil) -> OutboundRequest {
        let wrapper = OSSMethod.receiveLicense.requestWrapper
        var fields = (try? JSONValue.decode(Array(body.utf8)))?.field(wrapper)?.object ?? [:]
        fields["status_izin"] = .string(OSSStatusCode.approved.code)
        // Without the number (the 49's answer was lost) the field stays empty, as in the 49 (mandatory in the guide):
        // OSS keeps the number it gave and says it in the reply.
        fields["nomor_izin"] = .string(nomorIzin ?? "")
        fields["tgl_terbit_izin"] = .string(day)
        // "Tanggal Berlaku Izin Final" (mandatory): the day the permit takes effect. An Izin Usaha Industri runs as long as
        // the business does (no end date: bln_ and thn_berlaku_izin stay out), and takes effect when issued.
        fields["tgl_berlaku_izin"] = .string(day)
        if let fileIzin { fields["file_izin"] = .string(fileIzin) }
        return request(.receiveLicense, .object(fields))
    }

    /// The status code a push tells (IZINSTATUS kd_status, IZINFINAL status_izin), nil for any other body.
    public static func statusPushed(by body: String) -> String? {
        guard let json = try? JSONValue.decode(Data(body.utf8)) else { return nil }
        return (json.field(OSSMethod.receiveLicenseStatus.requestWrapper)?.field("kd_status")
            ?? json.field(OSSMethod.receiveLicense.requestWrapper)?.field("status_izin"))?.meaningfulText
    }

    /// The reply's object under the method's wrapper (or one of checkLicenseStatus's three).
    public static func reply(to method: OSSMethod, in json: JSONValue) throws(InboundError) -> JSONValue {
        let wrappers = method == .checkLicenseStatus ? OSSMethod.checkLicenseStatusReplyWrappers : [method.replyWrapper]
        guard let reply = wrappers.lazy.compactMap({ json.field($0) }).first else {
            throw InboundError("the reply has no \(wrappers.joined(separator: " or "))")
        }
        return reply
    }

    /// OSS's own answer in a reply body (`kode` and `keterangan` under the reply's wrapper, Lampiran 9), if it gave one.
    public static func answer(in body: [UInt8]) -> (kode: Int, keterangan: String?)? {
        guard let json = try? JSONValue.decode(Data(body)), let reply = json.object?.values.first,
              let kode = reply.field("kode")?.text.flatMap(Int.init) else { return nil }
        return (kode, reply.field("keterangan")?.text)
    }

    /// The number OSS gave in a receiveLicense reply body, if any.
    public static func nomorIzin(inReply body: [UInt8]) -> String? {
        IzinFinal.nomorIzin(inReply: (try? JSONValue.decode(body)) ?? .null)
    }

    /// The number a receiveLicense request (IZINFINAL) carries, if any.
    public static func nomorIzin(inRequest body: String) -> String? {
        (try? JSONValue.decode(Array(body.utf8)))?.field(OSSMethod.receiveLicense.requestWrapper)?.field("nomor_izin")?.meaningfulText
    }

    /// What checkLicenseStatus shows of a permit (`dataIZIN`).
    public struct LicenseStatus: Sendable, Equatable {
        public let code: String
        public let description: String?
        /// The attachment OSS shows on it, which may be the agency's own link or an applicant's upload.
        public let fileLampiran: String?
    }

    /// A checkLicenseStatus reply read; nil when it shows no status (OSS does not know the permit).
    public static func licenseStatus(_ reply: JSONValue) -> LicenseStatus? {
        guard let data = reply.field("dataIZIN"), let code = data.field("kd_status")?.meaningfulText else { return nil }
        return LicenseStatus(code: code, description: data.field("uraian_status")?.meaningfulText, fileLampiran: data.field("file_lampiran")?.meaningfulText)
    }

    /// An inqueryNIB reply's NIB, nil when it holds none.
    public static func dataNIB(_ reply: JSONValue) -> JSONValue? {
        guard let dataNIB = reply.field("dataNIB"), dataNIB.field("nib")?.meaningfulText != nil else { return nil }
        return dataNIB
    }

    /// A checkNIB reply's status of the NIB (Lampiran 14), if it says.
    public static func nibStatus(_ reply: JSONValue) -> String? {
        reply.field("dataNIB")?.field("status")?.meaningfulText
    }

    /// An inqueryFileDS reply's signed permit URL, nil before OSS signed it ("status" 400 in the body, oss-rba.md §1.8).
    public static func signedDocument(_ reply: JSONValue) -> String? {
        guard reply.field("status")?.text == "200" else { return nil }
        return reply.field("url_file_ds")?.meaningfulText
    }

    /// A getDataReferensi reply's rows.
    public static func referensi(_ reply: JSONValue) -> [JSONValue] {
        reply.field("dataReferensi")?.array ?? []
    }
}
