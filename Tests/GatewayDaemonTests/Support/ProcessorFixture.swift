import Foundation
import GatewayCore
import GatewayStore
import GatewayTestSupport
import NationalSystems
@testable import GatewayDaemon

/// The shipped configuration's case processor over a fresh database, with a clock the test moves.
final class ProcessorFixture {
    let folder: TemporaryFolder
    let database: GatewayDatabase
    let configuration: GatewayConfiguration
    let processor: CaseProcessor
    var now: Date

    /// - Parameter environment: settings overrides, as `GERBANG_AGENCY_AUTHORITY=licensing`.
    init(environment: [String: String] = [:]) throws {
        folder = try TemporaryFolder()
        database = try GatewayDatabase.open(path: folder.path())
        configuration = try GatewayConfiguration.load(file: RepositoryFiles.configFolder + "/gerbang.json", environment: environment)
        processor = CaseProcessor(definitions: configuration.definitions, calendar: configuration.calendar, rules: configuration.rules,
                                  settings: configuration.settings)
        now = configuration.calendar.instant(LocalDate(year: 2026, month: 12, day: 17)!, seconds: 9 * 3600)
    }

    /// Runs one job in a transaction, as the writer would, at `time` (the fixture's moment by default).
    @discardableResult
    func job<T>(at time: Date? = nil, _ body: (WorkUnit) throws -> T) throws -> T {
        try database.transaction { try body(WorkUnit(database: database, now: time ?? now)) }
    }

    func receive(_ message: InboundMessage) throws -> CaseProcessor.Receipt {
        try job { unit in try processor.receive(message, raw: .init(body: Array("{}".utf8)), in: unit) }
    }

    /// A receiveNIB with one permit of the given kind.
    static func nib(_ nib: String = "8120000110001", idIzin: String = "I-1", kdIzin: String = "030000000012", expansion: Bool = true) throws -> InboundMessage {
        let dataNIB: JSONValue = [
            "nib": .string(nib),
            "data_proyek": [["id_proyek": "R-1", "flag_perluasan": expansion ? "Y" : "N"]],
            "data_checklist": [["id_izin": .string(idIzin), "id_proyek": "R-1", "kd_izin": .string(kdIzin), "jenis_izin": "02", "flag_checklist": "Y",
                                "kd_daerah": "6171000000"]],
        ]
        return try OSSInbound.read(Array(JSONValue.object(["dataNIB": dataNIB]).encoded()), method: .receiveNIB).message
    }

    static func siinas(_ id: String, _ type: String, data: JSONValue = [:], idIzin: String = "I-1") throws -> InboundMessage {
        try SIINasInbound.notification(["id": .string(id), "type": .string(type), "request_id": "VT-1", "id_izin": .string(idIzin), "data": data])
    }

    func caseTask(_ id: String) throws -> (step: Int?, outcome: Outcome?) {
        let found = try database.cases.load(id)
        return (found?.activeStep?.step, found?.outcome)
    }
}
