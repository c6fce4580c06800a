import Foundation
import GatewayCore
import GatewayDemo
import GatewayHTTP
import GatewayTestSupport
import NationalSystems
import Testing

/// What the gateway says to OSS, read from the mock's journal, held to the guide's field tables
/// (fixtures/pia): every request it sends and every reply it gives OSS's pushes.
@Suite struct PIAContractEndToEndTests {
    let contract = try! PIAContract.load(folder: RepositoryFiles.root.appendingPathComponent("fixtures/pia").path)

    /// Each request the gateway sent OSS, by method, with its problems against the guide.
    func sent(_ fixture: RigFixture) -> [(method: String, body: JSONValue, problems: [String])] {
        fixture.rig.mock("oss").context.journal.entries(direction: .received, pathPrefix: "/v1/kl/rba/")
            .filter { $0.method == "POST" }
            .compactMap { entry in
                guard let body = try? JSONValue.decode(Data(entry.body.utf8)) else { return nil }
                let method = String(entry.target.split(separator: "/").last ?? "")
                return (method, body, contract.problems(in: body, of: method, .request))
            }
    }

    /// The scenario's own checklist item for a permit: what OSS gave the agency, and wants back.
    func scenarioItem(_ scenario: String, _ idIzin: String) throws -> (nib: JSONValue, item: JSONValue) {
        let nib = try #require(try JSONValue.decode(RepositoryFiles.read("fixtures/scenarios/\(scenario).json"))
            .field("oss")?.field("nibs")?.array?.first)
        return (nib, try #require(nib.field("data_checklist")?.array?.first { $0.field("id_izin")?.text == idIzin }))
    }

    @Test func aTechnicalAgencysStatusCarriesEveryFieldTheGuideRequiresWithWhatOSSGaveIt() throws {
        let fixture = try RigFixture()
        _ = try OutboundTests.letterSent(fixture)
        let idIzin = "I-20261217091500000000201"
        #expect(Eventually.holds { sent(fixture).contains { $0.method == "receiveLicenseStatus" } })
        for (method, _, problems) in sent(fixture) { #expect(problems == [], "\(method)") }

        let status = try #require(sent(fixture).first { $0.method == "receiveLicenseStatus" }?.body.field("IZINSTATUS"))
        let (nib, item) = try scenarioItem("verifikasi-teknis-izin-usaha-industri", idIzin)
        #expect(status.field("oss_id") == nib.field("oss_id") && status.field("nib") == nib.field("nib"))
        #expect(status.field("id_proyek") == item.field("id_proyek") && status.field("kd_izin") == item.field("kd_izin"))
        // nama_status is the status's name (Lampiran 10), not the officer's.
        #expect(status.field("kd_status") == "45" && status.field("nama_status") == "Persyaratan terverifikasi")
    }

    @Test func aLicensingAuthoritysLicenceCarriesEveryFieldTheGuideRequires() throws {
        let fixture = try RigFixture(overrides: ["GERBANG_AGENCY_AUTHORITY": "licensing"])
        let caseID = try OutboundTests.bapUploaded(fixture)
        #expect(Eventually.holds { (try? fixture.detail(caseID).field("task")?.field("outcome")) == "approved" })
        let licences = sent(fixture).filter { $0.method == "receiveLicense" }
        #expect(licences.map { $0.body.field("IZINFINAL")?.field("status_izin")?.text ?? "" } == ["49", "50"])
        for (method, _, problems) in sent(fixture) { #expect(problems == [], "\(method)") }
        let (nib, item) = try scenarioItem("izin-perluasan", "I-20261217090000000000101")
        let issued = try #require(licences.last?.body.field("IZINFINAL"))
        #expect(issued.field("oss_id") == nib.field("oss_id") && issued.field("id_proyek") == item.field("id_proyek"))
        #expect(issued.field("kd_daerah") == (item.field("kd_daerah") ?? nib.field("kd_daerah")))
    }

    @Test func theGatewaysRepliesToOSSsPushesFollowTheGuide() throws {
        let fixture = try RigFixture()
        try fixture.rig.admin("oss", .post, "scenario", ["name": "izin-perluasan"])
        let pushes: [(method: String, event: JSONValue)] = [
            ("receiveNIB", ["scenario": "izin-perluasan", "id": "nib"]),
            ("receiveFileDS", ["type": "receiveFileDS", "target": "I-20261217090000000000101"]),
        ]
        for (method, event) in pushes {
            let answer = try JSONValue.decode(Data(fixture.rig.admin("oss", .post, "events", event).body))
            let reply = try #require(answer.field("deliveries")?.array?.first?.field("body")?.text)
            #expect(contract.problems(in: try JSONValue.decode(Data(reply.utf8)), of: method, .reply) == [], "\(method): \(reply)")
        }
    }
}
