import Foundation
import GatewayCore
import GatewayTestSupport
import Testing
@testable import NationalSystems

/// The guide's field tables as a contract: what a body may hold, what it must, and the corrections.
@Suite struct PIAContractTests {
    /// A small guide: one method whose request has a mandatory id, an optional link and a list of projects.
    static let guide = """
        {"methods": {"receiveX": {"caller": "agency", "version": "4.3.19",
          "request": {"X": {"type": "object", "mandatory": true, "fields": {
            "id_izin": {"type": "string", "maxLength": 25, "mandatory": true},
            "tgl": {"type": "string", "maxLength": 18, "mandatory": true},
            "file_lampiran": {"type": "string", "maxLength": 65535, "mandatory": false},
            "persetujuan_form": {"type": "boolean", "mandatory": false},
            "proyek": {"type": "array", "mandatory": true, "fields": {"kbli": {"type": "string", "maxLength": 5, "mandatory": true}}}}}},
          "reply": {"responX": {"type": "object", "mandatory": true, "fields": {"kode": {"type": "string", "maxLength": 3, "mandatory": true}}}},
          "strays": [{"in": "reply", "field": "X.url", "type": "string", "maxLength": 255, "mandatory": false}]}}}
        """

    func contract(_ corrections: String = #"{"corrections": []}"#) throws -> PIAContract {
        try PIAContract(transcription: Data(Self.guide.utf8), corrections: Data(corrections.utf8))
    }

    func body(_ text: String) throws -> JSONValue {
        try JSONValue.decode(Data(text.utf8))
    }

    @Test func aBodyThatFollowsTheGuideHasNoProblems() throws {
        let given = try body(#"{"X": {"id_izin": "I-1", "tgl": "2026-12-17", "persetujuan_form": false, "proyek": [{"kbli": "13134"}]}}"#)
        #expect(try contract().problems(in: given, of: "receiveX", .request) == [])
    }

    @Test func eachDepartureFromTheGuideIsNamedByItsPath() throws {
        let given = try body(#"{"X": {"tgl": "2026-12-17", "persetujuan_form": "false", "proyek": [{"kbli": "131345"}], "kewenangan": "02"}}"#)
        #expect(try contract().problems(in: given, of: "receiveX", .request) == [
            "X.kewenangan: the guide does not define it",
            "X.id_izin: mandatory in the guide, missing",
            "X.persetujuan_form: boolean in the guide, found string",
            "X.proyek[0].kbli: 6 characters, the guide allows 5",
        ])
    }

    @Test func completingAddsEveryMissingMandatoryFieldEmptyAndKeepsWhatWasGiven() throws {
        let contract = try contract()
        let completed = contract.completed(try body(#"{"X": {"id_izin": "I-1", "proyek": [{}]}}"#), of: "receiveX", .request)
        #expect(completed == (try body(#"{"X": {"id_izin": "I-1", "tgl": "", "proyek": [{"kbli": ""}]}}"#)))
        // Nothing is missing any more, but what the agency writes must say something in each mandatory text.
        #expect(contract.problems(in: completed, of: "receiveX", .request) == ["X.proyek[0].kbli: mandatory in the guide, empty",
                                                                                  "X.tgl: mandatory in the guide, empty"])
    }

    @Test func aBlankMandatoryTextIsAProblemInWhatTheAgencyWritesUnlessACorrectionSaysItMayBeEmpty() throws {
        let blank = try body(#"{"X": {"id_izin": " ", "tgl": "2026-12-17", "proyek": []}}"#)
        #expect(try contract().problems(in: blank, of: "receiveX", .request) == ["X.id_izin: mandatory in the guide, empty"])
        let corrected = try contract(#"""
            {"corrections": [{"method": "receiveX", "part": "request", "field": "X.id_izin", "mayBeEmpty": true, "why": "OSS gives it"}]}
            """#)
        #expect(corrected.problems(in: blank, of: "receiveX", .request) == [])
        // The reply to a method the agency calls is OSS's: OSS may leave its own texts blank.
        #expect(try contract().problems(in: try body(#"{"responX": {"kode": ""}}"#), of: "receiveX", .reply) == [])
        #expect(try contract().writtenByTheAgency("receiveX", .request) && !contract().writtenByTheAgency("receiveX", .reply))
    }

    @Test func correctionsChangeALengthAcceptAnotherTypeAndPlaceAStrayRow() throws {
        let contract = try contract("""
            {"corrections": [
              {"method": "receiveX", "part": "request", "field": "X.tgl", "maxLength": 19, "why": "YYYY-MM-DD HH:II:SS is 19 characters"},
              {"method": "receiveX", "part": "reply", "field": "responX.kode", "accepts": ["number"], "why": "the examples answer 200"},
              {"method": "receiveX", "part": "reply", "field": "X.url", "moveTo": "responX.url", "why": "listed under the request's wrapper"}]}
            """)
        let request = try body(#"{"X": {"id_izin": "I-1", "tgl": "2026-12-17 09:15:00", "proyek": []}}"#)
        #expect(contract.problems(in: request, of: "receiveX", .request) == [])
        #expect(contract.problems(in: try body(#"{"responX": {"kode": 200, "url": "https://oss/x.pdf"}}"#), of: "receiveX", .reply) == [])
    }

    @Test func aCorrectionOfAFieldTheGuideDoesNotHaveFailsTheLoad() {
        #expect(throws: PIAContractError("corrections.json: receiveX request has no X.nama")) {
            try contract(#"{"corrections": [{"method": "receiveX", "part": "request", "field": "X.nama", "maxLength": 9, "why": "?"}]}"#)
        }
    }

    @Test func theShippedTranscriptionLoadsAndKnowsWhoCallsEachMethodTheGatewayUses() throws {
        let contract = try PIAContract.load(folder: RepositoryFiles.root.appendingPathComponent("fixtures/pia").path)
        let callers = ["receiveNIB": "oss", "receiveFileDS": "oss", "receiveLicense": "agency", "receiveLicenseStatus": "agency",
                       "checkLicenseStatus": "agency", "inqueryNIB": "agency", "fetchNIB": "agency", "checkNIB": "agency",
                       "inqueryFileDS": "agency", "getDataReferensi": "agency", "updateLicense": "agency"]
        for (method, caller) in callers { #expect(contract.methods[method]?.caller == caller, "\(method)") }
        // The guide's own rows, as it writes them (src/endpoint.js, receiveLicenseStatus).
        let status = try #require(contract.methods["receiveLicenseStatus"]?.request["IZINSTATUS"]?.fields)
        #expect(status["oss_id"]?.mandatory == true && status["id_produk"]?.mandatory == true && status["file_lampiran"]?.mandatory == false)
    }

    @Test func aNIBPushedOrPulledHasOneFingerprintLeavingOutExactlyTheFieldsOneShapeHas() throws {
        let contract = try PIAContract.load(folder: RepositoryFiles.root.appendingPathComponent("fixtures/pia").path)
        func paths(_ fields: [String: PIAContract.Field], _ prefix: String = "") -> Set<String> {
            fields.reduce(into: []) { result, field in
                let path = prefix.isEmpty ? field.key : prefix + "." + field.key
                result.insert(path)
                result.formUnion(paths(field.value.fields ?? [:], path))
            }
        }
        let pushed = paths(try #require(contract.methods["receiveNIB"]?.request["dataNIB"]?.fields))
        let pulled = paths(try #require(contract.methods["inqueryNIB"]?.reply["responinqueryNIB"]?.fields?["dataNIB"]?.fields))
        // The outermost paths only one shape has (their children go with them).
        let oneShape = pushed.symmetricDifference(pulled)
        let outermost = oneShape.filter { path in !oneShape.contains { path.hasPrefix($0 + ".") } }
        #expect(outermost == DataNIB.fieldsOfOneShapeOnly)

        let held: JSONValue = ["nib": "8120000110001", "kd_izin": "030000000012", "nama_perseroan": "PT A", "email_perusahaan": "",
                               "data_checklist": [["id_izin": "I-1", "kbli_konversi": "10431"]]]
        let asked: JSONValue = ["nib": "8120000110001", "nama_perseroan": "PT A", "email_perusahaan": "-",
                                "data_checklist": [["id_izin": "I-1", "status_checklist": "", "file_izin_oss": ""]]]
        #expect(DataNIB(held).fingerprint == DataNIB(asked).fingerprint)
        #expect(DataNIB(held).fingerprint != DataNIB(held.merging(["nama_perseroan": "PT B"])).fingerprint)
    }
}
