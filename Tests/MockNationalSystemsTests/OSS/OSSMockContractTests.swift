import Foundation
import GatewayCore
import GatewayHTTP
import GatewayTestSupport
import NationalSystems
import Testing
@testable import MockNationalSystems

/// The mock OSS held to the guide's field tables (fixtures/pia): every reply it serves and every
/// push it makes has the fields the guide requires, of its types and lengths, and none it does not define.
@Suite struct OSSMockContractTests {
    let perluasanIzin = "I-20261217090000000000101"
    let perluasanNIB = "8120000110001"
    let contract = try! PIAContract.load(folder: RepositoryFiles.root.appendingPathComponent("fixtures/pia").path)

    func fixture(authority: OSSAuthority) throws -> MockFixture {
        let fixture = try MockFixture(["oss"])
        try fixture.loadScenario("izin-perluasan", into: ["oss"])
        try fixture.admin("oss", .put, "config", ["agencyAuthority": .string(authority.rawValue)]).requireSuccess()
        return fixture
    }

    /// Calls a method with a request that itself follows the guide, and returns the reply's problems.
    func replyProblems(_ fixture: MockFixture, _ method: OSSMethod, _ request: JSONValue) throws -> [String] {
        #expect(contract.problems(in: request, of: method.rawValue, .request) == [], "the test's own \(method.rawValue) request")
        let response = try fixture.oss(method, request)
        #expect(response.status == .ok, "\(method.rawValue): \(response.bodyText)")
        return contract.problems(in: response.json, of: method.rawValue, .reply)
    }

    /// A receiveLicenseStatus as the guide's table lists it (src/endpoint.js, IZINSTATUS).
    func status(_ code: String) -> JSONValue {
        ["IZINSTATUS": [
            "nib": .string(perluasanNIB), "id_produk": "PRD-202612110930000000101", "id_proyek": "R-202612111015000000101", "oss_id": "P-202612110930000010001",
            "id_izin": .string(perluasanIzin), "kd_izin": "030000000012", "kd_instansi": "998", "kd_status": .string(code),
            "tgl_status": "2026-12-17 10:00:00", "nip_status": "198001012005011001", "nama_status": "Pemenuhan Komitmen",
            "keterangan": "Menunggu verifikasi teknis",
        ]]
    }

    /// An IZINFINAL as the guide's receiveLicense table lists it.
    func license(_ statusIzin: String, number: String) -> JSONValue {
        ["IZINFINAL": [
            "nib": .string(perluasanNIB), "id_proyek": "R-202612111015000000101", "oss_id": "P-202612110930000010001",
            "id_izin": .string(perluasanIzin), "kd_izin": "030000000012", "kd_daerah": "6171000000", "nomor_izin": .string(number),
            "tgl_terbit_izin": "2026-12-28", "tgl_berlaku_izin": "2026-12-28", "nama_ttd": "Kepala Dinas", "nip_ttd": "198001012005011001",
            "jabatan_ttd": "Kepala Dinas", "status_izin": .string(statusIzin),
        ]]
    }

    @Test func everyReplyAnAgencyGetsFollowsTheGuide() throws {
        let fixture = try fixture(authority: .licensing)
        #expect(try replyProblems(fixture, .receiveLicenseStatus, status("52")) == [])
        #expect(try replyProblems(fixture, .checkLicenseStatus, ["CHECKLICENSESTATUS": ["id_izin": .string(perluasanIzin)]]) == [])
        #expect(try replyProblems(fixture, .inqueryFileDS, ["INQUERYFILEDS": ["id_permohonan_izin": .string(perluasanIzin)]]) == [])
        let numbered = try fixture.oss(.receiveLicense, license("49", number: ""))
        #expect(contract.problems(in: numbered.json, of: "receiveLicense", .reply) == [])
        let number = try #require(numbered.json["responreceiveLicense"]?["nomor_izin"]?.text)
        #expect(try replyProblems(fixture, .receiveLicense, license("50", number: number)) == [])
        #expect(try replyProblems(fixture, .inqueryFileDS, ["INQUERYFILEDS": ["id_permohonan_izin": .string(perluasanIzin)]]) == [])
        #expect(try replyProblems(fixture, .inqueryNIB, ["INQUERYNIB": ["nib": .string(perluasanNIB)]]) == [])
        // updateLicense by its own table: kewenangan, and file_izin, keterangan and the validity fields without brackets.
        var update = try #require(license("50", number: number).field("IZINFINAL")?.object)
        // Every field of its table is mandatory, so each says something (an Izin Usaha Industri has no end: 0 months, 0 years).
        for (key, value) in ["kewenangan": "02", "file_izin": "https://dinas.example/berkas/izin.pdf", "keterangan": "Lampiran teknis diperbarui",
                             "file_lampiran": "https://dinas.example/berkas/lampiran.pdf", "nomenklatur_nomor_izin": "503/IUI",
                             "bln_berlaku_izin": "0", "thn_berlaku_izin": "0"] as [String: JSONValue] {
            update[key] = value
        }
        #expect(try replyProblems(fixture, .updateLicense, ["IZINFINAL": .object(update)]) == [])
        #expect(try replyProblems(fixture, .inqueryLicense, ["INQUERYLICENSE": ["id_izin": .string(perluasanIzin), "data_persyaratan": true]]) == [])
    }

    @Test func thePullsAnAgencyCatchesUpWithFollowTheGuide() throws {
        let fixture = try fixture(authority: .technical)
        #expect(try replyProblems(fixture, .checkNIB, ["CHECKNIB": ["nib": .string(perluasanNIB)]]) == [])
        #expect(try replyProblems(fixture, .fetchNIB, ["FETCHNIB": ["nib": .string(perluasanNIB)]]) == [])
        #expect(try replyProblems(fixture, .getDataReferensi, ["GETDATAREFERENSI": ["kode": "8"]]) == [])
        let checked = try fixture.oss(.checkNIB, ["CHECKNIB": ["nib": .string(perluasanNIB)]])
        #expect(checked.json["responcheckNIB"]?["dataNIB"]?["status"] == "02")  // the scenario's status_nib, Lampiran 14
        let codes = try fixture.oss(.getDataReferensi, ["GETDATAREFERENSI": ["kode": "8"]]).json["respongetDataReferensi"]?["dataReferensi"]?.array
        #expect(codes?.contains { $0["kode_referensi"] == "030000000012" } == true)
    }

    @Test func whatTheMockPushesFollowsTheGuide() throws {
        let fixture = try fixture(authority: .technical)
        try fixture.admin("oss", .post, "events", ["type": "receiveNIB", "target": .string(perluasanNIB)]).requireSuccess()
        try fixture.admin("oss", .post, "events", ["type": "receiveFileDS", "target": .string(perluasanIzin)]).requireSuccess()
        let nib = try #require(fixture.receiver.at("/oss/receiveNIB").last)
        #expect(contract.problems(in: nib.json, of: "receiveNIB", .request) == [])
        let signed = try #require(fixture.receiver.at("/oss/receiveFileDS").last)
        #expect(contract.problems(in: signed.json, of: "receiveFileDS", .request) == [])
    }

    @Test func aRequestOutsideTheGuideIsRefusedNamingEachProblem() throws {
        let fixture = try fixture(authority: .licensing)
        // receiveLicense without status_izin (mandatory) and with kewenangan (updateLicense's, not receiveLicense's).
        var final = try #require(license("50", number: "").field("IZINFINAL")?.object)
        final["status_izin"] = nil
        final["kewenangan"] = "02"
        let refused = try fixture.oss(.receiveLicense, ["IZINFINAL": .object(final)])
        #expect(refused.status == .badRequest)
        let said = refused.json["responreceiveLicense"]?["keterangan"]?.text ?? ""
        #expect(said.contains("IZINFINAL.status_izin: mandatory in the guide, missing"))
        #expect(said.contains("IZINFINAL.kewenangan: the guide does not define it"))
    }
}
