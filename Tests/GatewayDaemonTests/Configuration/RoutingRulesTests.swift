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
}
