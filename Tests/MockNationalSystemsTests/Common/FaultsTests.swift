import Foundation
import GatewayHTTP
import NationalSystems
import Testing
@testable import MockNationalSystems

@Suite struct FaultsTests {
    let izin = "I-20261217090000000000101"

    func fixture() throws -> MockFixture {
        let fixture = try MockFixture(["oss"])
        try fixture.loadScenario("izin-perluasan", into: ["oss"])
        return fixture
    }

    /// Which of `count` checkLicenseStatus calls failed, by index.
    func failures(_ fixture: MockFixture, count: Int) throws -> [Int] {
        try (0..<count).filter { _ in
            try fixture.oss(.checkLicenseStatus, ["CHECKLICENSESTATUS": ["id_izin": .string(izin)]]).status != .ok
        }
    }

    @Test func anErrorRateOf30PercentFailsAbout30PercentAndTheSameSeedTheSameOnes() throws {
        let fixture = try fixture()
        try fixture.admin("oss", .put, "faults", ["seed": 42, "errorRate": 0.3, "errorStatus": 503]).requireSuccess()
        let first = try failures(fixture, count: 1000)
        // Binomial(1000, 0.3): mean 300, standard deviation 14.5; four deviations either side.
        #expect((242...358).contains(first.count), "\(first.count) of 1000 failed")
        try fixture.admin("oss", .put, "faults", ["seed": 42, "errorRate": 0.3, "errorStatus": 503]).requireSuccess()
        #expect(try failures(fixture, count: 1000) == first)
        try fixture.admin("oss", .put, "faults", ["seed": 43, "errorRate": 0.3]).requireSuccess()
        #expect(try failures(fixture, count: 1000) != first)
    }

    @Test func failFirstFailsExactlyThatManyRequestsThenLetsThemThrough() throws {
        let fixture = try fixture()
        try fixture.admin("oss", .put, "faults", ["failFirst": 3, "errorStatus": 503]).requireSuccess()
        #expect(try failures(fixture, count: 6) == [0, 1, 2])
    }

    @Test func anInjectedErrorKeepsTheSystemsReplyShape() throws {
        let fixture = try fixture()
        try fixture.admin("oss", .put, "faults", ["errorRate": 1, "errorStatus": 503]).requireSuccess()
        let response = try fixture.oss(.checkLicenseStatus, ["CHECKLICENSESTATUS": ["id_izin": .string(izin)]])
        #expect(response.status.code == 503)
        #expect(response.json["responcheckLicenseStatus"]?["kode"] == 503)
        #expect(response.json["responcheckLicenseStatus"]?["keterangan"]?.text?.hasPrefix("Proses Payload Data Di Sistem OSS Gagal") == true)
        #expect(fixture.server("oss").context.journal.entries(direction: .received).last?.fault == "error")
    }

    @Test func addedLatencyDelaysTheAnswer() throws {
        let fixture = try fixture()
        try fixture.admin("oss", .put, "faults", ["latencyMilliseconds": 300]).requireSuccess()
        let started = ContinuousClock.now
        _ = try fixture.oss(.checkLicenseStatus, ["CHECKLICENSESTATUS": ["id_izin": .string(izin)]])
        #expect(ContinuousClock.now - started >= .milliseconds(300))
    }

    @Test func aResetFaultDropsTheConnection() throws {
        let fixture = try fixture()
        try fixture.admin("oss", .put, "faults", ["resetRate": 1]).requireSuccess()
        #expect(throws: HTTPClientError.self) { try fixture.oss(.checkLicenseStatus, ["CHECKLICENSESTATUS": ["id_izin": .string(izin)]]) }
    }

    @Test func aTruncatedResponseNeverArrivesWhole() throws {
        let fixture = try fixture()
        try fixture.admin("oss", .put, "faults", ["truncateRate": 1]).requireSuccess()
        do {
            let response = try fixture.oss(.checkLicenseStatus, ["CHECKLICENSESTATUS": ["id_izin": .string(izin)]])
            Issue.record("a truncated response arrived whole: \(response.bodyText)")
        } catch let error as HTTPClientError {
            guard case .transport = error else { Issue.record("\(error)"); return }  // "transfer closed with N bytes remaining"
        }
    }

    @Test func faultsCanBeLimitedToSomePaths() throws {
        let fixture = try fixture()
        try fixture.admin("oss", .put, "faults", ["errorRate": 1, "paths": ["/v1/kl/rba/receiveLicense"]]).requireSuccess()
        #expect(try fixture.oss(.checkLicenseStatus, ["CHECKLICENSESTATUS": ["id_izin": .string(izin)]]).status == .ok)
        #expect(try fixture.oss(.receiveLicense, ["IZINFINAL": ["id_izin": .string(izin)]]).status.code == 503)
    }

    @Test func duplicateDeliveryPushesTwice() throws {
        let fixture = try fixture()
        try fixture.admin("oss", .put, "faults", ["duplicateRate": 1]).requireSuccess()
        _ = try fixture.admin("oss", .post, "events", ["type": "receiveNIB", "target": "8120000110001"]).requireSuccess()
        let deliveries = fixture.receiver.at("/oss/receiveNIB")
        #expect(deliveries.count == 2)
        #expect(deliveries[0].body == deliveries[1].body)
    }

    @Test func aFeedCanComeReorderedOrRepeatItsLastItem() throws {
        let fixture = try MockFixture(["sipro"])
        try fixture.loadScenario("izin-insidentil", emit: true)
        try fixture.admin("sipro", .put, "faults", ["seed": 7, "reorderFeed": true, "duplicateRate": 1]).requireSuccess()
        var orders: Set<[Int]> = []
        var cursors: Set<String> = []
        for _ in 0..<20 {
            let page = try fixture.sipro("/api/v1/events?after=0").decodeJSON(SIPROFeedPage.self)
            orders.insert(page.events.map(\.sequence))
            cursors.insert(page.next_cursor)
        }
        #expect(orders == [[1, 2], [2, 1]])  // both orders come up
        #expect(cursors == ["1"])  // the cursor stops short, so event 2 comes again
    }

    @Test func ratesOutsideZeroToOneAreRefused() throws {
        let fixture = try fixture()
        let response = try fixture.admin("oss", .put, "faults", ["errorRate": 1.5])
        #expect(response.status == .badRequest)
        #expect(response.bodyText.contains("errorRate"))
    }
}

@Suite struct ScenarioTests {
    static let names = ["izin-perluasan", "verifikasi-teknis-izin-usaha-industri", "rekomendasi-izin-usaha-industri", "izin-insidentil", "verifikasi-nib"]

    @Test(arguments: names)
    func eachSOPsScenarioLoadsIntoEveryMockAndSendsItsNotifications(name: String) throws {
        let fixture = try MockFixture()
        try fixture.loadScenario(name, emit: true)
        let scenario = try ScenarioLibrary(folder: fixture.server("oss").context.scenarios.folder).load(name)
        #expect(scenario.sop == name)
        let pushed = fixture.receiver.all.count
        let fed = try fixture.sipro("/api/v1/events").decodeJSON(SIPROFeedPage.self).events.count
        // Every on-load event reached the receiver (OSS, SIINas) or the SIPRO feed.
        #expect(pushed + fed == scenario.events.filter { $0.onLoad == true }.count)
        #expect(pushed + fed > 0)
    }

    @Test func aScenarioEventCanBeEmittedByItsID() throws {
        let fixture = try MockFixture(["oss", "siinas"])
        try fixture.loadScenario("izin-perluasan")
        try fixture.admin("siinas", .post, "events", ["scenario": "izin-perluasan", "id": "data-industri-dipenuhi"]).requireSuccess()
        #expect(fixture.receiver.at("/siinas/notifications").first?.json["type"] == "data_industri.dipenuhi")
        // An OSS event sent to the SIINas mock is refused with a pointer to the right mock.
        let wrong = try fixture.admin("siinas", .post, "events", ["scenario": "izin-perluasan", "id": "nib"])
        #expect(wrong.status == .badRequest)
    }

    @Test func resettingOneScenarioKeepsTheOthers() throws {
        let fixture = try MockFixture(["oss"])
        try fixture.loadScenario("izin-perluasan")
        try fixture.loadScenario("verifikasi-nib")
        try fixture.admin("oss", .delete, "scenario?name=izin-perluasan").requireSuccess()
        let state = try fixture.admin("oss", .get, "state").json
        #expect(state["nibs"]?.object?.keys.sorted() == ["8120000440004"])
        try fixture.admin("oss", .delete, "scenario").requireSuccess()
        #expect(try fixture.admin("oss", .get, "state").json["nibs"] == [:])
    }

    @Test func anUnknownScenarioSaysWhichOnesExist() throws {
        let fixture = try MockFixture(["oss"])
        let response = try fixture.admin("oss", .post, "scenario", ["name": "tidak-ada"])
        #expect(response.status == .notFound)
        #expect(response.bodyText.contains("izin-perluasan"))
    }
}

@Suite struct StateFileTests {
    @Test func stateSurvivesARestart() throws {
        let folder = try TemporaryFolderForMocks()
        let izin = "I-20261217090000000000101"
        do {
            let fixture = try MockFixture(["oss"], stateFolder: folder.path)
            try fixture.loadScenario("izin-perluasan", into: ["oss"])
            _ = try fixture.oss(.receiveLicenseStatus, MockFixture.status(izin, "45"))
        }
        let restarted = try MockFixture(["oss"], stateFolder: folder.path)
        let checked = try restarted.oss(.checkLicenseStatus, ["CHECKLICENSESTATUS": ["id_izin": .string(izin)]])
        #expect(checked.json["responcheckLicenseStatus"]?["dataIZIN"]?["kd_status"] == "45")
        #expect(try restarted.admin("oss", .get, "scenario").json["loaded"] == ["izin-perluasan"])
    }

    @Test func aCorruptStateFileIsReportedNotIgnored() throws {
        let folder = try TemporaryFolderForMocks()
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: folder.path + "/oss.json"))
        #expect(throws: MockError.self) { try MockFixture(["oss"], stateFolder: folder.path) }
    }
}

/// A temporary folder for state files, removed afterwards.
final class TemporaryFolderForMocks {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("gerbang-mock-\(UUID().uuidString)").path

    init() throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

@Suite struct AdminTests {
    @Test func theConfigIsShownWithSecretsMaskedAndCanBeChanged() throws {
        let fixture = try MockFixture(["oss"])
        let shown = try fixture.admin("oss", .get, "config").json
        #expect(shown["ossUserKey"] == "***" && shown["ossPassword"] == "***")
        try fixture.admin("oss", .put, "config", ["ossUserKey": "kunci-baru"]).requireSuccess()
        #expect(try fixture.oss(.checkLicenseStatus, ["CHECKLICENSESTATUS": ["id_izin": "I-x"]], userKey: "kunci-baru").status.code == 400)
        #expect(try fixture.admin("oss", .put, "config", ["autoFileDS": "yes"]).status == .badRequest)
    }

    @Test func theClockCanBeFixedAndReleased() throws {
        let fixture = try MockFixture(["oss"])
        #expect(try fixture.admin("oss", .put, "clock", ["now": "2026-12-31T16:59:59Z"]).json["now"] == "2026-12-31T23:59:59+07:00")
        #expect(try fixture.admin("oss", .put, "clock", ["now": "31/12/2026"]).status == .badRequest)
        try fixture.admin("oss", .delete, "clock").requireSuccess()
        #expect(!fixture.server("oss").context.clock.isFixed)
    }
}
