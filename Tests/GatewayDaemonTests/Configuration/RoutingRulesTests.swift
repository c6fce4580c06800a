import Foundation
import GatewayTestSupport
import Testing
@testable import GatewayDaemon

@Suite struct RoutingRulesTests {
    @Test func theShippedRulesFitTheShippedSOPs() throws {
        let definitions = try ConfigDirectory(path: RepositoryFiles.configFolder).loadDefinitions()
        let rules = try RoutingRules.load(file: RepositoryFiles.configFolder + "/routing.json", definitions: definitions)
        #expect(rules.messageNames(for: "oss.receiveNIB", sop: "verifikasi-nib") == ["oss.nibRegistered", "oss.requirementsUploaded", "oss.receiveNIB"])
        #expect(rules.prefix(of: "izin-perluasan") == "IP")
    }

    @Test func aRuleNamingAStepMessageNoStepAwaitsIsRefusedWithWhere() throws {
        let definitions = try ConfigDirectory(path: RepositoryFiles.configFolder).loadDefinitions()
        let folder = try TemporaryFolder()
        var text = try String(contentsOfFile: RepositoryFiles.configFolder + "/routing.json", encoding: .utf8)
        text = text.replacingOccurrences(of: #""siinas.data_industri.dipenuhi": {"izin-perluasan": "siinas.industryDataFulfilled"}"#,
                                         with: #""siinas.data_industri.dipenuhi": {"izin-perluasan": "siinas.dataMasuk"}"#)
        try Data(text.utf8).write(to: URL(fileURLWithPath: folder.path("routing.json")))
        #expect {
            try RoutingRules.load(file: folder.path("routing.json"), definitions: definitions)
        } throws: { error in
            (error as? SettingsError)?.description.contains("routing.json: field 'messages.siinas.data_industri.dipenuhi.izin-perluasan': no step of izin-perluasan awaits 'siinas.dataMasuk'") == true
        }
    }

    /// The shipped routing.json with one text replaced, loaded against the shipped SOPs: the refusal, or nil.
    func refusal(replacing old: String, with new: String) throws -> String? {
        let definitions = try ConfigDirectory(path: RepositoryFiles.configFolder).loadDefinitions()
        let folder = try TemporaryFolder()
        let text = try String(contentsOfFile: RepositoryFiles.configFolder + "/routing.json", encoding: .utf8)
        #expect(text.contains(old))
        try Data(text.replacingOccurrences(of: old, with: new).utf8).write(to: URL(fileURLWithPath: folder.path("routing.json")))
        do {
            _ = try RoutingRules.load(file: folder.path("routing.json"), definitions: definitions)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func anOperationTheGatewayDoesNotKnowIsRefusedAtStartNamingTheKnownOnes() throws {
        let refused = try #require(try refusal(replacing: #""operation": "siinas.uploadBAP""#, with: #""operation": "siinas.uploadBPA""#))
        #expect(refused.contains("operation': 'siinas.uploadBPA' is not an operation the gateway knows (known: oss.status, siinas.uploadBAP,"))
    }

    @Test func aStatusDocumentStepTheSOPLacksIsRefusedAtStartNamingItsSteps() throws {
        let refused = try refusal(replacing: #""verifikasi-nib": 7}"#, with: #""verifikasi-nib": 30}"#)
        #expect(refused?.contains("statusDocument.verifikasi-nib") == true && refused?.contains("step 30 does not exist: verifikasi-nib has steps 1 to 8") == true)
    }

    @Test func aCodeOutsideTheAuthorityIsRefusedAtStart() throws {
        // A Dinas teknis does not approve permits (PIA Lampiran 10: 50 belongs to the licensing authority).
        let refused = try refusal(replacing: #""verifikasi-teknis-izin-usaha-industri": {"approved": "45", "rejected": "93"}"#,
                                  with: #""verifikasi-teknis-izin-usaha-industri": {"approved": "50", "rejected": "93"}"#)
        #expect(refused?.contains("ossStatus.technical.verifikasi-teknis-izin-usaha-industri.approved") == true)
        #expect(refused?.contains("50 is not a code a technical agency (Dinas teknis) may send to OSS (it sends 12, 45, 93") == true)
        let licensing = try refusal(replacing: #""izin-perluasan": {"effective": "50", "notEffective": "52"}"#,
                                    with: #""izin-perluasan": {"effective": "50", "notEffective": "93"}"#)
        #expect(licensing?.contains("93 is not a code a licensing authority (DPMPTSP) may send") == true)
        #expect(try refusal(replacing: #""notEffective": "52"}"#, with: #""belumEfektif": "52"}"#)?.contains("is not a moment") == true)
        // 41 and 42 are the returned file's clock, opted into by moment, and nothing else.
        let teknis = #""verifikasi-teknis-izin-usaha-industri": {"approved": "45", "rejected": "93"}"#
        #expect(try refusal(replacing: teknis, with: #""verifikasi-teknis-izin-usaha-industri": {"approved": "45", "rejected": "93", "returned": "41", "resubmitted": "42"}"#) == nil)
        #expect(try refusal(replacing: teknis, with: #""verifikasi-teknis-izin-usaha-industri": {"approved": "41", "rejected": "93"}"#)?
            .contains("41 tells OSS the clock stopped or runs again") == true)
        #expect(try refusal(replacing: teknis, with: #""verifikasi-teknis-izin-usaha-industri": {"approved": "45", "rejected": "93", "returned": "45"}"#)?
            .contains("a returned file's clock is told with 41, not 45") == true)
    }

    @Test func anAuthorityWithoutTheCodesItsStepsNeedIsNamed() throws {
        let definitions = try ConfigDirectory(path: RepositoryFiles.configFolder).loadDefinitions()
        let rules = try RoutingRules.load(file: RepositoryFiles.configFolder + "/routing.json", definitions: definitions)
        #expect(rules.missingOSSCodes(for: .technical, definitions: definitions) == nil)
        #expect(rules.missingOSSCodes(for: .licensing, definitions: definitions) == nil)
        #expect(rules.ossCode(.technical, sop: "izin-perluasan", .effective) == nil)  // SIINas and OSS notify (SOP 002 steps 18-20)
        #expect(rules.ossCode(.licensing, sop: "izin-perluasan", .effective) == .approved)
    }

    @Test func aRuleMatchesOnKewenanganAndOnARegionsBeginning() {
        let item = ["kewenangan": "01", "kd_daerah": "6171000000", "kd_izin": "030000000012"]
        #expect(RoutingRules.matches(["kewenangan": "01", "kd_daerah": "61*"], item))
        #expect(!RoutingRules.matches(["kewenangan": "02"], item))
        #expect(!RoutingRules.matches(["kd_daerah": "62*"], item))
        #expect(!RoutingRules.matches(["flag_perluasan": "Y"], item))  // a field the item lacks matches nothing
        #expect(RoutingRules.matches(nil, item))
    }
}
