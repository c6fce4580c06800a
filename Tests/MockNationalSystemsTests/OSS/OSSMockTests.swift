import Foundation
import GatewayCore
import GatewayHTTP
import GatewayTestSupport
import NationalSystems
import Testing
@testable import MockNationalSystems

/// The mock OSS against the PIA: wrappers, reply shapes, codes, state and pushes.
@Suite struct OSSMockTests {
    let perluasanIzin = "I-20261217090000000000101"
    let perluasanNIB = "8120000110001"

    func fixture(authority: OSSAuthority = .technical) throws -> MockFixture {
        let fixture = try MockFixture(["oss"])
        try fixture.loadScenario("izin-perluasan", into: ["oss"])
        try fixture.admin("oss", .put, "config", ["agencyAuthority": .string(authority.rawValue)]).requireSuccess()
        return fixture
    }

    @Test func checkLicenseStatusWithoutUserKeyIs401InTheGuidesShape() throws {
        let fixture = try fixture()
        for key in [nil, "wrong-key"] as [String?] {
            let response = try fixture.oss(.checkLicenseStatus, ["CHECKLICENSESTATUS": ["id_izin": .string(perluasanIzin)]], userKey: key)
            #expect(response.status.code == 401)
            #expect(response.json["responcheckLicenseStatus"] == ["kode": 401, "keterangan": "User Akses Tidak Valid"])
        }
    }

    @Test func checkLicenseStatusAnswersInTheGuidesShape() throws {
        let fixture = try fixture()
        let response = try fixture.oss(.checkLicenseStatus, ["CHECKLICENSESTATUS": ["id_izin": .string(perluasanIzin)]])
        #expect(response.status == .ok)
        let reply = try #require(response.json["responcheckLicenseStatus"])
        #expect(reply["kode"] == 200)
        #expect(reply["keterangan"] == "Sukses")
        #expect(reply["dataIZIN"]?["id_izin"]?.text == perluasanIzin)
        #expect(reply["dataIZIN"]?["nib"]?.text == perluasanNIB)
        #expect(reply["dataIZIN"]?["kd_status"] == "12")
        #expect(reply["dataIZIN"]?["uraian_status"] == "Pemenuhan Komitmen")
    }

    @Test func checkLicenseStatusAnswersWhatTheAgencyLastPushed() throws {
        let fixture = try fixture()
        let pushed = try fixture.oss(.receiveLicenseStatus, MockFixture.status(perluasanIzin, "45", kdInstansi: "030"))
        #expect(pushed.json["responreceiveLicenseStatus"] == ["kode": 200, "keterangan": "Sukses", "dataNIB": [:]])
        let checked = try fixture.oss(.checkLicenseStatus, ["CHECKLICENSESTATUS": ["id_izin": .string(perluasanIzin)]])
        #expect(checked.json["responcheckLicenseStatus"]?["dataIZIN"]?["kd_status"] == "45")
        // IZINSTATUS was checkLicenseStatus's wrapper until PIA 4.3.16 replaced it: refused now.
        #expect(try fixture.oss(.checkLicenseStatus, ["IZINSTATUS": ["id_izin": .string(perluasanIzin)]]).status == .badRequest)
    }

    @Test(arguments: [(OSSAuthority.technical, "50"), (.technical, "90"), (.technical, "52"), (.licensing, "45"), (.licensing, "93")])
    func aCodeOutsideTheAgencysAuthorityIsAnIllegalAccess(authority: OSSAuthority, code: String) throws {
        let fixture = try fixture(authority: authority)
        let refused = try fixture.oss(.receiveLicenseStatus, MockFixture.status(perluasanIzin, code))
        #expect(refused.status.code == 403)
        #expect(refused.json["responreceiveLicenseStatus"]?["kode"] == 403)
        #expect(refused.json["responreceiveLicenseStatus"]?["keterangan"]?.text?.hasPrefix("Ilegal Inquery /Akses") == true)
        let checked = try fixture.oss(.checkLicenseStatus, ["CHECKLICENSESTATUS": ["id_izin": .string(perluasanIzin)]])
        #expect(checked.json["responcheckLicenseStatus"]?["dataIZIN"]?["kd_status"] == "12")  // nothing changed
    }

    @Test func anUnknownPermitOrStatusIsA400InTheGuidesShape() throws {
        let fixture = try fixture()
        let unknown = try fixture.oss(.receiveLicenseStatus, MockFixture.status("I-0", "45"))
        #expect(unknown.status.code == 400)
        #expect(unknown.json["responreceiveLicenseStatus"]?["keterangan"]?.text?.hasSuffix("Data izin tidak ditemukan") == true)
        let unlisted = try fixture.oss(.receiveLicenseStatus, MockFixture.status(perluasanIzin, "58"))
        #expect(unlisted.status.code == 400)
        let unwrapped = try fixture.oss(.receiveLicenseStatus, ["id_izin": .string(perluasanIzin)])
        #expect(unwrapped.json["responreceiveLicenseStatus"]?["kode"] == 400)
    }

    @Test func receiveLicenseGivesTheNumberFirstAndIssuesWithIt() throws {
        let fixture = try fixture(authority: .licensing)
        let before = try fixture.oss(.inqueryFileDS, ["INQUERYFILEDS": ["id_permohonan_izin": .string(perluasanIzin)]])
        #expect(before.status == .ok)  // "not signed yet" is a status in the body (oss-rba.md §1.8)
        #expect(before.json["responInqueryFileDS"]?["status"] == "400")

        // 49, Pengambilan Nomor: the number, and nothing issued yet.
        let numbered = try fixture.oss(.receiveLicense, ["IZINFINAL": MockFixture.izinFinal(perluasanIzin, .numberTaken).json])
        let number = try #require(numbered.json["responreceiveLicense"]?["nomor_izin"]?.text)
        #expect(numbered.json["responreceiveLicense"]?["kode"] == 200 && number.hasPrefix("030/OSS/"))
        #expect(try fixture.oss(.inqueryFileDS, ["INQUERYFILEDS": ["id_permohonan_izin": .string(perluasanIzin)]])
            .json["responInqueryFileDS"]?["status"] == "400")

        var issued = MockFixture.izinFinal(perluasanIzin, .approved, nomorIzin: number).json.object ?? [:]
        issued["jenis_perizinan"] = "02"
        let license = try fixture.oss(.receiveLicense, ["IZINFINAL": .object(issued)])
        let reply = try #require(license.json["responreceiveLicense"])
        #expect(reply["kode"] == 200 && reply["nomor_izin"]?.text == number)

        let after = try fixture.oss(.inqueryFileDS, ["INQUERYFILEDS": ["id_permohonan_izin": .string(perluasanIzin)]])
        let url = try #require(after.json["responInqueryFileDS"]?["url_file_ds"]?.text)
        let document = try fixture.client.get(url)
        #expect(document.headers["Content-Type"] == "application/pdf")
        #expect(document.bodyText.hasPrefix("%PDF-"))
    }

    @Test func aRefusalSentThroughReceiveLicenseIsRecordedButIssuesNothing() throws {
        let fixture = try fixture(authority: .licensing)
        let refused = try fixture.oss(.receiveLicense, ["IZINFINAL": MockFixture.izinFinal(perluasanIzin, .rejected, keterangan: "Ditolak").json])
        #expect(refused.json["responreceiveLicense"]?["kode"] == 200)
        #expect(refused.json["responreceiveLicense"]?["nomor_izin"]?.text ?? "" == "")  // no number for a refusal
        let shown = try fixture.oss(.inqueryFileDS, ["INQUERYFILEDS": ["id_permohonan_izin": .string(perluasanIzin)]])
        #expect(shown.json["responInqueryFileDS"]?["status"] == "400")  // nothing signed
        let status = try fixture.oss(.checkLicenseStatus, ["CHECKLICENSESTATUS": ["id_izin": .string(perluasanIzin)]])
        #expect(status.json["responcheckLicenseStatus"]?["dataIZIN"]?["kd_status"] == "90")
    }

    @Test func aRepeatedNumberCallIsAppliedAgainAndKeepsTheNumber() throws {
        let fixture = try fixture(authority: .licensing)
        let call: JSONValue = ["IZINFINAL": MockFixture.izinFinal(perluasanIzin, .numberTaken).json]
        let first = try fixture.oss(.receiveLicense, call).json["responreceiveLicense"]?["nomor_izin"]?.text
        let again = try fixture.oss(.receiveLicense, call).json["responreceiveLicense"]?["nomor_izin"]?.text
        #expect(first != nil && again == first)
        // OSS defines no idempotency (oss-rba.md §1.9): both calls are journalled as applied.
        let calls = fixture.server("oss").context.journal.entries(direction: .received, pathPrefix: "receiveLicense")
            .filter { $0.target.hasSuffix("/receiveLicense") }
        #expect(calls.map(\.applied) == [true, true])
        #expect(try fixture.oss(.checkLicenseStatus, ["CHECKLICENSESTATUS": ["id_izin": .string(perluasanIzin)]])
            .json["responcheckLicenseStatus"]?["dataIZIN"]?["kd_status"] == "49")
    }

    @Test func anApplicantsUploadIsShownByCheckLicenseStatusAndCanBeFetched() throws {
        let fixture = try fixture()
        #expect(try fixture.client.get(fixture.url("oss") + "/files/lampiran/\(perluasanIzin).pdf").status == .notFound)
        try fixture.admin("oss", .post, "events", ["type": "status", "target": .string(perluasanIzin),
                                                   "data": ["kd_status": "09", "file_lampiran": "upload"]]).requireSuccess()
        let checked = try fixture.oss(.checkLicenseStatus, ["CHECKLICENSESTATUS": ["id_izin": .string(perluasanIzin)]])
        let shown = try #require(checked.json["responcheckLicenseStatus"]?["dataIZIN"])
        #expect(shown["kd_status"] == "09")
        let upload = try fixture.client.get(try #require(shown["file_lampiran"]?.text))
        #expect(upload.status == .ok && upload.headers["Content-Type"] == "application/pdf" && upload.bodyText.hasPrefix("%PDF-"))
        // An upload alone (the agency already decided: SOP 004 step 8) leaves the permit's status as it was.
        try fixture.admin("oss", .post, "events", ["type": "status", "target": .string(perluasanIzin), "data": ["file_lampiran": "https://x.test/b.pdf"]])
            .requireSuccess()
        let again = try fixture.oss(.checkLicenseStatus, ["CHECKLICENSESTATUS": ["id_izin": .string(perluasanIzin)]]).json["responcheckLicenseStatus"]
        #expect(again?["dataIZIN"]?["kd_status"] == "09" && again?["dataIZIN"]?["file_lampiran"] == "https://x.test/b.pdf")
        #expect(try fixture.admin("oss", .post, "events", ["type": "status", "target": .string(perluasanIzin), "data": [:]]).status == .badRequest)
    }

    @Test func updateLicenseSaysTheSignatureIsReset() throws {
        let fixture = try fixture(authority: .licensing)
        // updateLicense's own table (not receiveLicense's): kewenangan, and file_izin and keterangan without brackets.
        var final = MockFixture.izinFinal(perluasanIzin, .approved, nomorIzin: "030/OSS/2026/000001", keterangan: "Lampiran teknis diperbarui")
            .json.object ?? [:]
        final["kewenangan"] = "02"
        // Every field of updateLicense's table is mandatory, so each says something (an Izin Usaha Industri has no end).
        final["file_izin"] = "https://dinas.example/berkas/izin.pdf"
        final["file_lampiran"] = "https://dinas.example/berkas/lampiran.pdf"
        final["nomenklatur_nomor_izin"] = "503/IUI"
        final["bln_berlaku_izin"] = "0"
        final["thn_berlaku_izin"] = "0"
        let update = try fixture.oss(.updateLicense, ["IZINFINAL": .object(final)])
        #expect(update.status == .ok, "\(update.bodyText)")
        #expect(update.json["responupdateLicense"]?["keterangan_reset_izin_ds"] != nil)
    }

    @Test func inqueryNIBAndInqueryLicenseAnswerFromTheDeliveredNIB() throws {
        let fixture = try fixture()
        let nib = try fixture.oss(.inqueryNIB, ["INQUERYNIB": ["nib": .string(perluasanNIB)]])
        #expect(nib.json["responinqueryNIB"]?["dataNIB"]?["nama_perseroan"] == "PT Sawit Makmur Kalbar")
        #expect(try fixture.oss(.inqueryNIB, ["INQUERYNIB": ["nib": "0000000000000"]]).status.code == 400)

        let license = try fixture.oss(.inqueryLicense, ["INQUERYLICENSE": ["id_izin": .string(perluasanIzin), "data_persyaratan": true]])
        let data = try #require(license.json["dataLicense"])
        #expect(data["success"] == true)
        #expect(data["data"]?["data_checklist"]?.array?.first?["nama_izin"] == "Izin Perluasan Industri")
        #expect(data["data"]?["data_proyek"]?.array?.first?["kbli"] == "10431")
    }

    @Test func receiveNIBCarriesTheDailyTokenAcrossMidnightInJakarta() throws {
        let fixture = try fixture()
        let settings = MockSettings()
        func deliveredToken(at time: String) throws -> String? {
            try fixture.admin("oss", .put, "clock", ["now": .string(time)]).requireSuccess()
            _ = try fixture.admin("oss", .post, "events", ["type": "receiveNIB", "target": .string(perluasanNIB)]).requireSuccess()
            return fixture.receiver.at("/oss/receiveNIB").last?.headers["Token"]
        }
        // The expected tokens come from sha1sum, not from our code.
        func sha1(_ text: String) throws -> String {
            String(try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/sha1sum"), [], stdin: text).stdout.prefix(40))
        }
        let base = settings.ossUsername + settings.ossPassword + perluasanNIB
        #expect(try deliveredToken(at: "2026-12-31T23:59:59+07:00") == (try sha1(base + "20261231")))
        #expect(try deliveredToken(at: "2027-01-01T00:00:01+07:00") == (try sha1(base + "20270101")))
        // 23:30 UTC on the 31st is already the 1st in Jakarta.
        #expect(try deliveredToken(at: "2026-12-31T23:30:00Z") == (try sha1(base + "20270101")))
        let body = try #require(fixture.receiver.at("/oss/receiveNIB").last?.json)
        #expect(body["dataNIB"]?["nib"]?.text == perluasanNIB)
        #expect(body["dataNIB"]?["data_checklist"]?.array?.first?["id_izin"]?.text == perluasanIzin)
    }

    @Test func receiveFileDSIsPushedWithTheSignedDocumentsURL() throws {
        let fixture = try fixture()
        _ = try fixture.admin("oss", .post, "events", ["type": "receiveFileDS", "target": .string(perluasanIzin)]).requireSuccess()
        let pushed = try #require(fixture.receiver.at("/oss/receiveFileDS").first?.json["receiveFileDS"])
        #expect(pushed["id_izin"]?.text == perluasanIzin)
        #expect(pushed["file_izin"]?.text?.hasSuffix("/files/ds/\(perluasanIzin).pdf") == true)
    }

    @Test func theQuirksOfTheRealOSSCanBeSwitchedOn() throws {
        let fixture = try fixture(authority: .licensing)
        try fixture.admin("oss", .put, "quirks", [
            "repeatNIBDelivery": true, "trailingSpaceKey": true, "dashPlaceholders": true, "unlistedStatusCode": true, "exampleReplyWrapper": true,
        ]).requireSuccess()
        _ = try fixture.admin("oss", .post, "events", ["type": "receiveNIB", "target": .string(perluasanNIB)]).requireSuccess()
        let deliveries = fixture.receiver.at("/oss/receiveNIB")
        #expect(deliveries.count == 2)  // delivered again
        let dataNIB = try #require(deliveries.first?.json["dataNIB"])
        #expect(dataNIB.object?["tipe_dokumen "] == "9" && dataNIB.object?["tipe_dokumen"] == nil)
        #expect(dataNIB["kode_pos_perseroan"] == "-")

        _ = try fixture.oss(.receiveLicenseStatus, MockFixture.status(perluasanIzin, "50"))
        let checked = try fixture.oss(.checkLicenseStatus, ["CHECKLICENSESTATUS": ["id_izin": .string(perluasanIzin)]])
        #expect(checked.json["responcheckLicenseStatus"] == nil)
        #expect(checked.json["responcheckStatusLicense"]?["dataIZIN"]?["kd_status"] == "58")
    }
}
