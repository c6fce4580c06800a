import Foundation
import GatewayCore
import GatewayStore
import GatewayTestSupport
import Testing
@testable import GatewayDaemon

@Suite struct SOPDefinitionsTests {
    static let calendar: WorkCalendar = {
        let day = [WorkInterval(text: "08:00-16:00")!]
        return try! WorkCalendar(timeZone: TimeZone(identifier: "Asia/Jakarta")!,
                                 week: [.monday: day, .tuesday: day, .wednesday: day, .thursday: day, .friday: day], holidays: [])
    }()
    /// Monday 14 December 2026, 09:00 in Jakarta.
    static let monday = calendar.instant(LocalDate(year: 2026, month: 12, day: 14)!, seconds: 9 * 3600)
    static let kabid = Officer(id: "siti", roles: ["kabid"])
    static let kadis = Officer(id: "budi", roles: ["kadis"])

    /// Version 1: the Kabid checks, the Kadis signs. `initialled`: version 2, where the Kabid also initials before the Kadis signs.
    static func definition(initialled: Bool = false) -> ProcessDefinition {
        let sign = Step(number: initialled ? 3 : 2, activity: "Menandatangani", role: "kadis",
                        decision: Decision(question: "Setuju?", yes: Branch(.end(.approved)), no: Branch(.step(1))))
        return ProcessDefinition(
            id: "contoh", title: "Contoh", source: "contoh.txt",
            roles: [Role(id: "kabid", title: "Kabid", kind: .officer), Role(id: "kadis", title: "Kadis", kind: .officer)],
            steps: [Step(number: 1, activity: "Memeriksa", role: "kabid", duration: StepDuration(value: 60, unit: .minutes))]
                + (initialled ? [Step(number: 2, activity: "Memaraf", role: "kabid")] : []) + [sign])
    }

    let folder: TemporaryFolder
    let database: GatewayDatabase

    init() throws {
        folder = try TemporaryFolder()
        database = try GatewayDatabase.open(path: folder.path())
    }

    func procedures(_ definition: ProcessDefinition) throws -> Procedures {
        Procedures(SOPDefinitions(inForce: [definition], stored: try SOPDefinitions.store([definition], in: database, at: Self.monday)),
                   calendar: Self.calendar)
    }

    @Test func theSameContentKeepsItsVersionAndAChangedOneIsTheNext() throws {
        #expect(try SOPDefinitions.store([Self.definition()], in: database, at: Self.monday).map(\.version) == [1])
        #expect(try SOPDefinitions.store([Self.definition()], in: database, at: Self.monday).map(\.version) == [1])
        let both = try SOPDefinitions.store([Self.definition(initialled: true)], in: database, at: Self.monday)
        #expect(both.map(\.version) == [1, 2])
        #expect(SOPDefinitions(inForce: [Self.definition(initialled: true)], stored: both).versionInForce == ["contoh": 2])
        #expect(SOPDefinitions(inForce: [Self.definition()], stored: both).definition("contoh", version: 2)?.steps.count == 3)
    }

    @Test func aStepNamedByItsNumberInTheVersionInForceIsFoundInAnOlderVersionByItsActivity() throws {
        // Version 2 (in force) adds the Kabid's initials as step 2, so signing moved from step 2 to step 3.
        let versions = try SOPDefinitions.store([Self.definition(), Self.definition(initialled: true)].map { $0 }, in: database, at: Self.monday)
        let library = SOPDefinitions(inForce: [Self.definition(initialled: true)], stored: versions)
        #expect(library.step(3, of: "contoh", inVersion: 2) == 3)
        #expect(library.step(3, of: "contoh", inVersion: nil) == 3)
        #expect(library.step(3, of: "contoh", inVersion: 1) == 2)  // "Menandatangani" is step 2 in version 1
        #expect(library.step(2, of: "contoh", inVersion: 1) == nil)  // version 1 has no initials
    }

    @Test func aCaseOpenedBeforeVersionsWereKeptFollowsTheVersionInForceAtTheNextStart() throws {
        try database.cases.save(WorkflowEngine(definition: Self.definition(), calendar: Self.calendar).open(caseID: "lama", at: Self.monday))
        #expect(try database.cases.load("lama")?.sopVersion == nil)
        _ = try procedures(Self.definition())
        #expect(try database.cases.load("lama")?.sopVersion == 1)
    }

    @Test func aCaseFinishesOnTheVersionItOpenedOnAndANewOneOpensOnTheNewVersion() throws {
        let before = try procedures(Self.definition())
        let old = try #require(before.engines["contoh"]).open(caseID: "lama", at: Self.monday)
        try database.cases.save(old)
        #expect(old.case.sopVersion == 1)

        // The file changes: step 2 is now the Kabid's initials, and the signature moves to step 3.
        let after = try procedures(Self.definition(initialled: true))
        let fresh = try #require(after.engines["contoh"]).open(caseID: "baru", at: Self.monday)
        #expect(fresh.case.sopVersion == 2)

        var lama = try #require(try database.cases.load("lama"))
        let engine = try #require(after.engine(of: lama))
        #expect(engine.version == 1 && engine.definition.steps.count == 2)
        lama = try engine.handle(.complete(step: 1, by: Self.kabid), on: lama, at: Self.monday + 600).case
        #expect(lama.activeStep?.step == 2)  // version 1's step 2: the Kadis signs
        lama = try engine.handle(.complete(step: 2, by: Self.kadis, answer: .yes), on: lama, at: Self.monday + 1200).case
        #expect(lama.outcome == .approved)

        let baru = try #require(after.engine(of: fresh.case)).handle(.complete(step: 1, by: Self.kabid), on: fresh.case, at: Self.monday + 600).case
        #expect(baru.activeStep?.step == 2)
        #expect(after.engine(of: baru)?.definition.step(2)?.activity == "Memaraf")
        // An engine of another version refuses the case rather than read its step numbers as its own.
        #expect(throws: WorkflowError.wrongVersion(caseID: "baru", process: "contoh", caseVersion: 2, engineVersion: 1)) {
            try engine.handle(.complete(step: 2, by: Self.kabid), on: baru, at: Self.monday + 900)
        }
    }
}
