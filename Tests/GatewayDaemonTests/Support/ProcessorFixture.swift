import Foundation
import GatewayCore
import GatewayStore
import GatewayTestSupport
import NationalSystems
import Testing
@testable import GatewayDaemon

/// The shipped configuration's case processor over a fresh database, with a clock the test moves.
final class ProcessorFixture {
    let folder: TemporaryFolder
    let database: GatewayDatabase
    let configuration: GatewayConfiguration
    let processor: CaseProcessor
    var now: Date

    /// - Parameters:
    ///   - environment: settings overrides, as `GERBANG_AGENCY_AUTHORITY=licensing`.
    ///   - routing: a change to the shipped routing.json, made in a copy of the configuration.
    init(environment: [String: String] = [:], routing change: ((inout [String: JSONValue]) -> Void)? = nil) throws {
        folder = try TemporaryFolder()
        database = try GatewayDatabase.open(path: folder.path())
        var file = RepositoryFiles.configFolder + "/gerbang.json"
        if let change {
            let copy = folder.url.appendingPathComponent("config")
            try FileManager.default.copyItem(at: URL(fileURLWithPath: RepositoryFiles.configFolder), to: copy)
            var routing = try JSONValue.decode(Data(contentsOf: copy.appendingPathComponent("routing.json"))).object ?? [:]
            change(&routing)
            try JSONValue.object(routing).encoded().write(to: copy.appendingPathComponent("routing.json"))
            file = copy.path + "/gerbang.json"
        }
        configuration = try GatewayConfiguration.load(file: file, environment: environment)
        processor = CaseProcessor(definitions: configuration.definitions, calendar: configuration.calendar, rules: configuration.rules,
                                  settings: configuration.settings)
        now = configuration.calendar.instant(LocalDate(year: 2026, month: 12, day: 17)!, seconds: 9 * 3600)
    }

    /// Runs one job in a transaction, as the writer would, at `time` (the fixture's moment by default).
    @discardableResult
    func job<T>(at time: Date? = nil, publicURL: String = "", _ body: (WorkUnit) throws -> T) throws -> T {
        try database.transaction {
            let unit = WorkUnit(database: database, now: time ?? now, publicURL: publicURL)
            let value = try body(unit)
            try unit.finish()
            return value
        }
    }

    /// Receives a pushed message; a NIB new to the gateway is then checked as OSS would answer for an active one
    /// (status_nib 02), unless `checkedByOSS` is false: its check stays queued and its cases wait on OSS.
    func receive(_ message: InboundMessage, checkedByOSS: Bool = true) throws -> CaseProcessor.Receipt {
        let receipt = try job { unit in try processor.receive(message, raw: .init(body: Array("{}".utf8)), in: unit) }
        guard checkedByOSS else { return receipt }
        for pending in try database.nibChecks.due(limit: 100) {
            try job { unit in try processor.nibChecked(pending.nib, .status("02"), latencyMilliseconds: 1, in: unit) }
        }
        return receipt
    }

    /// A receiveNIB with one permit of the given kind.
    static func nib(_ nib: String = "8120000110001", idIzin: String = "I-1", kdIzin: String = "030000000012", expansion: Bool = true) throws -> InboundMessage {
        let dataNIB: JSONValue = [
            "nib": .string(nib),
            "data_proyek": [["id_proyek": "R-1", "flag_perluasan": expansion ? "Y" : "N"]],
            "data_checklist": [["id_izin": .string(idIzin), "id_proyek": "R-1", "kd_izin": .string(kdIzin), "jenis_izin": "02", "flag_checklist": "Y",
                                "kd_daerah": "6171000000", "kewenangan": "02"]],
        ]
        return try OSSInbound.read(Array(JSONValue.object(["dataNIB": dataNIB]).encoded()), method: .receiveNIB).message
    }

    static func siinas(_ id: String, _ type: String, data: JSONValue = [:], idIzin: String = "I-1") throws -> InboundMessage {
        try SIINasInbound.notification(["id": .string(id), "type": .string(type), "request_id": "VT-1", "id_izin": .string(idIzin), "data": data])
    }

    /// One office holding every role of SOP 001 (Rekomendasi).
    static let office = Secrets.RoleToken(officer: "siti", roles: ["kabid", "tim-teknis", "kadis", "caraka"])

    /// A Rekomendasi case (SOP 001) opened and taken through steps 1 to 7: step 8 sends the letter to DPMPTSP.
    func recommendationAtStep8() throws {
        _ = try receive(Self.nib(kdIzin: "030000000021", expansion: false))
        for step in 1...7 {
            let answer: Answer? = [2, 4, 6, 7].contains(step) ? .yes : nil
            _ = try job { unit in try processor.decide(.init(step: step, answer: answer), on: "RK-2026-000001", by: Self.office, in: unit) }
        }
    }

    /// The Rekomendasi case's letter to DPMPTSP, queued by step 8 decided with the signed PDF.
    func recommendationLetterQueued() throws -> OutboxMessage {
        try recommendationAtStep8()
        let letter = Data("%PDF-1.4\n%%EOF\n".utf8).base64EncodedString()
        _ = try job { unit in
            try processor.decide(.init(step: 8, document: .init(name: "r.pdf", contentType: "application/pdf", base64: letter)),
                                 on: "RK-2026-000001", by: Self.office, in: unit)
        }
        return try #require(try database.outbox.list(limit: 10).first { $0.target == "dpmptsp" })
    }

    func caseTask(_ id: String) throws -> (step: Int?, outcome: Outcome?) {
        let found = try database.cases.load(id)
        return (found?.activeStep?.step, found?.outcome)
    }
}
