import Foundation
import GatewayCore
import Testing
@testable import NationalSystems

/// The agency's calls to OSS and OSS's replies, as the PIA writes them (src/endpoint.js).
@Suite struct OSSWireTests {
    @Test func aCallPostsItsFieldsUnderTheMethodsWrapperToItsPath() throws {
        let request = OSSWire.request(.checkLicenseStatus, ["id_izin": "I-1"])
        #expect(request.method == "POST" && request.path == "/v1/kl/rba/checkLicenseStatus")
        #expect(try JSONValue.decode(Array(request.body.utf8)) == ["CHECKLICENSESTATUS": ["id_izin": "I-1"]])
    }

    @Test func thePermitIsIssuedWithTheNumberTheNumberCallGotAndEverythingElseAsAsked() throws {
        let asked = OSSWire.license(IzinFinal(idIzin: "I-1", statusIzin: .numberTaken, nib: "812", jabatanTTD: "Kepala Dinas"))
        let issued = OSSWire.issued(afterNumberCall: asked.body, nomorIzin: "030/OSS/2026/7", day: "2026-12-17")
        #expect(issued.path == "/v1/kl/rba/receiveLicense")
        let final = try #require(try JSONValue.decode(Array(issued.body.utf8)).field("IZINFINAL"))
        #expect(final.field("status_izin") == "50" && final.field("nomor_izin") == "030/OSS/2026/7" && final.field("tgl_terbit_izin") == "2026-12-17")
        #expect(final.field("nib") == "812" && final.field("jabatan_ttd") == "Kepala Dinas" && final.field("id_izin") == "I-1")
    }

    @Test func theStatusAPushTellsIsReadFromEitherBody() {
        #expect(OSSWire.statusPushed(by: OSSWire.status(IzinStatus(idIzin: "I-1", kdStatus: OSSStatusCode("45"))).body) == "45")
        #expect(OSSWire.statusPushed(by: OSSWire.license(IzinFinal(idIzin: "I-1", statusIzin: .approved)).body) == "50")
        #expect(OSSWire.statusPushed(by: #"{"other": {}}"#) == nil)
        #expect(OSSWire.statusPushed(by: "not json") == nil)
    }

    @Test func ossOwnAnswerInTheBodyIsReadUnderWhateverWrapperItCame() {
        let refused = Array(#"{"responreceiveLicenseStatus": {"kode": 400, "keterangan": "id_izin tidak ditemukan"}}"#.utf8)
        #expect(OSSWire.answer(in: refused)?.kode == 400 && OSSWire.answer(in: refused)?.keterangan == "id_izin tidak ditemukan")
        #expect(OSSWire.answer(in: Array(#"{"responreceiveLicense": {"kode": "200"}}"#.utf8))?.kode == 200)
        #expect(OSSWire.answer(in: Array("<html>".utf8)) == nil)
        #expect(OSSWire.nomorIzin(inReply: Array(#"{"responreceiveLicense": {"kode": 200, "nomor_izin": "N-7"}}"#.utf8)) == "N-7")
    }

    @Test func checkLicenseStatusIsReadUnderAnyOfItsThreeWrappers() throws {
        for wrapper in OSSMethod.checkLicenseStatusReplyWrappers {
            let reply = try OSSWire.reply(to: .checkLicenseStatus, in: [wrapper: ["dataIZIN": ["kd_status": "50", "uraian_status": "Izin Terbit",
                                                                                                  "file_lampiran": "https://x/y.pdf"]]])
            #expect(OSSWire.licenseStatus(reply) == OSSWire.LicenseStatus(code: "50", description: "Izin Terbit", fileLampiran: "https://x/y.pdf"))
        }
        #expect(throws: InboundError.self) { try OSSWire.reply(to: .inqueryNIB, in: ["respon": [:]]) }
        #expect(OSSWire.licenseStatus(["dataIZIN": ["kd_status": ""]]) == nil)
    }

    @Test func theAskingRepliesAreRead() {
        #expect(OSSWire.dataNIB(["dataNIB": ["nib": "812"]]) == ["nib": "812"])
        #expect(OSSWire.dataNIB(["dataNIB": ["nib": ""]]) == nil)
        #expect(OSSWire.nibStatus(["dataNIB": ["status": "05"]]) == "05")
        #expect(OSSWire.signedDocument(["status": "200", "url_file_ds": "https://oss/ds.pdf"]) == "https://oss/ds.pdf")
        #expect(OSSWire.signedDocument(["status": "400", "url_file_ds": "https://oss/ds.pdf"]) == nil)  // not signed yet
        #expect(OSSWire.referensi(["dataReferensi": [["kode": "1"]]]).count == 1)
    }
}
