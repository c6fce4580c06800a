import Foundation
import GatewayCore
import Testing
@testable import NationalSystems

@Suite struct OSSInboundTests {
    func body(_ dataNIB: JSONValue) -> [UInt8] {
        Array(JSONValue.object(["dataNIB": dataNIB]).encoded())
    }

    let expansion: JSONValue = [
        "nib": "8120000110001", "tipe_dokumen": "9", "oss_id": "P-1", "kd_daerah": "6100000000",
        "data_proyek": [["id_proyek": "R-1", "flag_perluasan": "Y"], ["id_proyek": "R-2", "flag_perluasan": "N"]],
        "data_checklist": [
            ["id_izin": "I-1", "id_proyek": "R-1", "id_produk": "", "kd_izin": "030000000012", "jenis_izin": "02", "flag_checklist": "Y",
             "kewenangan": "01", "kd_daerah": "6171000000"],
            ["id_izin": "I-2", "id_proyek": "R-2", "kd_izin": "030000000001", "jenis_izin": "02", "flag_checklist": "Y"],
        ],
    ]

    @Test func aReceiveNIBNamesEachPermitWithWhatTheOpenRulesMatchOn() throws {
        let (nib, message) = try OSSInbound.read(body(expansion), method: .receiveNIB)
        #expect(nib == "8120000110001")
        #expect(message.name == "oss.receiveNIB" && message.method == "receiveNIB")
        #expect(message.keys == ["izin:I-1", "izin:I-2"])
        // What routing matches on, and what OSS wants back with the permit's status (the item's region, else the NIB's).
        #expect(message.permits.map(\.fields) == [
            ["kd_izin": "030000000012", "jenis_izin": "02", "flag_checklist": "Y", "flag_perluasan": "Y", "kewenangan": "01",
             "id_proyek": "R-1", "kd_daerah": "6171000000", "oss_id": "P-1"],
            ["kd_izin": "030000000001", "jenis_izin": "02", "flag_checklist": "Y", "flag_perluasan": "N",
             "id_proyek": "R-2", "kd_daerah": "6100000000", "oss_id": "P-1"],
        ])
        #expect(message.tolerated.isEmpty)
    }

    @Test func theSameNIBWithOSSsQuirksIsTheSameMessageAndTheQuirksAreReported() throws {
        var quirky = expansion.object!
        quirky["tipe_dokumen "] = quirky.removeValue(forKey: "tipe_dokumen")
        quirky["email_perusahaan"] = "-"
        var plain = expansion.object!
        plain["email_perusahaan"] = ""
        let first = try OSSInbound.read(body(.object(plain)), method: .receiveNIB).message
        let again = try OSSInbound.read(body(.object(quirky)), method: .receiveNIB).message
        #expect(first.dedupKey == again.dedupKey)
        #expect(again.attributes["tipe_dokumen"] == "9")
        #expect(again.tolerated.contains("key 'tipe_dokumen ' has stray spaces"))
        #expect(again.tolerated.contains { $0.contains("\"-\" placeholder") })
        // A changed NIB (an update, tipe_dokumen 5) is a new message.
        var updated = plain
        updated["tipe_dokumen"] = "5"
        #expect(try OSSInbound.read(body(.object(updated)), method: .receiveNIB).message.dedupKey != first.dedupKey)
    }

    @Test(arguments: [
        ("{not json", "not valid JSON"),
        (#"{"NIB": {}}"#, "{\"dataNIB\": {…}}"),
        (#"{"dataNIB": {"nama_perseroan": "PT"}}"#, "dataNIB.nib is missing"),
        (#"{"dataNIB": {"nib": "-"}}"#, "dataNIB.nib is missing"),
    ])
    func aPushThatCannotBeReadSaysWhatIsWrong(text: String, problem: String) {
        #expect {
            _ = try OSSInbound.read(Array(text.utf8), method: .receiveNIB)
        } throws: { error in
            (error as? InboundError)?.message.contains(problem) == true && (error as? InboundError)?.status == 400
        }
    }

    @Test func aSignedPermitIsAMessageAboutItsPermit() throws {
        let (nib, message) = try OSSInbound.read(Array(#"{"receiveFileDS": {"id_izin": "I-1", "nib": "8120000110001", "file_izin": "https://oss/ds/I-1.pdf"}}"#.utf8),
                                                 method: .receiveFileDS)
        #expect(nib == "8120000110001")
        #expect(message.keys == ["izin:I-1"] && message.attributes["file_izin"] == "https://oss/ds/I-1.pdf")
    }

    @Test func onlyStatusesThatSettleAPermitBecomeMessages() {
        #expect(OSSInbound.licenseStatus(idIzin: "I-1", code: .commitmentFulfilment, description: nil) == nil)
        #expect(OSSInbound.licenseStatus(idIzin: "I-1", code: .approved, description: nil)?.answer == .yes)
        #expect(OSSInbound.licenseStatus(idIzin: "I-1", code: .approvedBySilence, description: nil)?.answer == .yes)
        #expect(OSSInbound.licenseStatus(idIzin: "I-1", code: .requirementsRejected, description: nil)?.answer == .no)
        let unlisted = OSSInbound.licenseStatus(idIzin: "I-1", code: OSSStatusCode("58"), description: "Izin terbit")
        #expect(unlisted?.answer == .yes && unlisted?.tolerated.first?.contains("not in Lampiran 10") == true)
    }

    @Test func theReplyIsThePIAsShape() {
        #expect(OSSInbound.reply(.receiveNIB, success: false, keterangan: "x") == ["responreceiveNIB": ["status": "2", "keterangan": "x"]])
        #expect(OSSInbound.reply(.receiveFileDS, success: true, keterangan: "Sukses") == ["responreceiveFileDS": ["status": "1", "keterangan": "Sukses"]])
    }

    @Test func theNIBsABodyNamesAreFoundWithoutParsingIt() {
        func claimed(_ text: String) -> [String] { OSSInbound.claimedNIBs(in: Array(text.utf8)) }
        #expect(claimed(#"{"dataNIB": {"nama": "PT A", "nib" : "8120000110001", "x": 1}}"#) == ["8120000110001"])
        #expect(claimed(#"{"dataNIB": {"nib ": "8120000110001"}}"#) == ["8120000110001"])  // OSS's stray space in a key
        #expect(claimed(#"{"a": {"nib": "1"}, "dataNIB": {"nib": "2"}, "b": {"nib": "1"}}"#) == ["1", "2"])
        // What is no NIB string is passed over: a number, an escape, a key that only starts with nib, a value "nib".
        #expect(claimed(#"{"nibx": "3", "k": "nib", "nib": "a\"b", "s": "\"nib\"", "nib": true}"#).isEmpty)
        #expect(claimed(#"{"nib": ""# + String(repeating: "9", count: 40) + #""}"#).isEmpty)
        #expect(claimed("bukan json").isEmpty && claimed("").isEmpty && claimed(#"{"nib"#).isEmpty)
        #expect(claimed(#"{"dataNIB": {"nib": 8120000110001}}"#) == ["8120000110001"])  // a NIB written as a number
        #expect(claimed(#"{"nib": 81.5, "nib": 8e3}"#).isEmpty)
        #expect(claimed(#"{"nib": ""# + String(repeating: "9", count: 32) + #""}"#).count == 1)
        #expect(claimed(#"{"nib": ""# + String(repeating: "9", count: 33) + #""}"#).isEmpty)
        let many = (0..<20).map { #"{"nib": "\#($0)"}"# }.joined(separator: ",")
        #expect(claimed(many).count == 8)
    }

    @Test func onlyAnHTTPSLinkOrOneToThisMachineIsTakenAsASignedPermit() {
        for url in ["https://oss.go.id/ds/I-1.pdf", "http://127.0.0.1:8701/files/ds/I-1.pdf", "http://[::1]:8701/x.pdf", "HTTPS://OSS.GO.ID/x"] {
            #expect(ExternalLink.isAllowed(url), "\(url)")
        }
        for url in ["javascript:alert(1)", "data:text/html,<b>x</b>", "http://oss.go.id/x.pdf", "file:///etc/passwd", "https:///x",
                    "//oss.go.id/x", "https://oss.go.id/a b", "http://127.0.0.1.evil.example/x"] {
            #expect(!ExternalLink.isAllowed(url), "\(url)")
            let body = Array(JSONValue.object(["receiveFileDS": ["id_izin": "I-1", "nib": "8120000110001", "file_izin": .string(url)]]).encoded())
            #expect(throws: InboundError.self) { try OSSInbound.read(body, method: .receiveFileDS) }
        }
    }
}

