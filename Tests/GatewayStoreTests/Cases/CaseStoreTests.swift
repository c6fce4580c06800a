import GatewayTestSupport
import Foundation
import GatewayCore
import Testing
@testable import GatewayStore

@Suite struct CaseStoreTests {
    let folder: TemporaryFolder
    let store: CaseStore
    let engine = StoreFixtures.engine
    let monday = StoreFixtures.monday

    init() throws {
        folder = try TemporaryFolder()
        store = try CaseStore.open(path: folder.path())
    }

    /// Opens a case, saves it, and moves it to step 2.
    func caseAtStep2(_ id: String = "k-1") throws -> Case {
        let opened = engine.open(caseID: id, reference: "NIB-1", at: monday)
        try store.save(opened)
        let next = try engine.handle(.complete(step: 1, by: StoreFixtures.kabid, note: "lengkap"), on: opened.case, at: monday + 600)
        try store.save(next)
        return next.case
    }

    @Test func aSavedCaseLoadsBackWithItsWholeHistory() throws {
        let saved = try caseAtStep2()
        #expect(try store.load("k-1") == saved)
        #expect(try store.load("nope") == nil)
    }

    @Test func transitionsSavedTogetherReadBackAsSavedOneByOneFromOneHistoryRow() throws {
        let opened = engine.open(caseID: "k-1", at: monday)
        let next = try engine.handle(.complete(step: 1, by: StoreFixtures.kabid, note: "lengkap"), on: opened.case, at: monday + 600)
        try store.save([opened, next])
        let byOne = try CaseStore.open(path: folder.path("one-by-one.sqlite"))
        try byOne.save(opened)
        try byOne.save(next)
        #expect(try store.load("k-1") == byOne.load("k-1"))
        #expect(try store.load("k-1")?.history.count == opened.appended.count + next.appended.count)
        let rows = { (store: CaseStore) in try store.db.query("SELECT count(*) FROM case_history") { $0.int(0) } }
        #expect(try rows(store) == [1] && rows(byOne) == [2])
        // The deadline rows are the same too: step 1's cancelled, step 2's none (it has no time standard).
        let deadlines = { (store: CaseStore) in try store.db.query("SELECT activation, step, state FROM deadlines") { "\($0.int(0)) \($0.int(1)) \($0.string(2))" } }
        #expect(try deadlines(store) == deadlines(byOne) && !deadlines(store).isEmpty)
    }

    @Test func theListingShowsWhereEachCaseStands() throws {
        _ = try caseAtStep2("k-1")
        let ended = try engine.handle(.complete(step: 2, by: StoreFixtures.kadis, answer: .yes), on: try caseAtStep2("k-2"), at: monday + 1200)
        try store.save(ended)
        let all = try store.list()
        #expect(Set(all.map(\.id)) == ["k-1", "k-2"])
        let active = try store.list(status: .active)
        #expect(active.map(\.id) == ["k-1"])
        #expect(active.first?.activeStep == 2)
        #expect(try store.list(status: .ended).first?.outcome == .approved)
        #expect(try store.list(processID: "lain").isEmpty)
    }

    @Test func theActiveCasesAtAStepAreThoseOfThatSOPAndStepStillOpen() throws {
        _ = try caseAtStep2("k-1")
        try store.save(try engine.handle(.complete(step: 2, by: StoreFixtures.kadis, answer: .yes), on: try caseAtStep2("k-2"), at: monday + 1200))
        try store.save(engine.open(caseID: "k-3", at: monday))
        #expect(try store.active(processID: "contoh", step: 2).map(\.id) == ["k-1"])
        #expect(try store.active(processID: "contoh", step: 1).map(\.id) == ["k-3"])
        #expect(try store.active(processID: "lain", step: 2).isEmpty)
    }

    @Test func aLoadedCaseSummarisesAsItsListingRow() throws {
        _ = try caseAtStep2("k-1")
        try store.save(try engine.handle(.complete(step: 2, by: StoreFixtures.kadis, answer: .yes), on: try caseAtStep2("k-2"), at: monday + 1200))
        for row in try store.list() {
            #expect(CaseSummary(try #require(try store.load(row.id))) == row)
        }
    }

    @Test func aTransitionFromAnOutdatedCopyIsRefused() throws {
        let atStep2 = try caseAtStep2()
        let first = try engine.handle(.complete(step: 2, by: StoreFixtures.kadis, answer: .no), on: atStep2, at: monday + 1200)
        let second = try engine.handle(.complete(step: 2, by: StoreFixtures.kadis, answer: .yes), on: atStep2, at: monday + 1200)
        try store.save(first)
        #expect(throws: CaseStoreError.conflict(caseID: "k-1", expectedVersion: atStep2.history.count)) {
            try store.save(second)
        }
        #expect(try store.load("k-1") == first.case)
    }

    @Test func historyRowsCannotBeChangedOrDeleted() throws {
        _ = try caseAtStep2()
        #expect(throws: SQLiteError.self) { try store.db.run("UPDATE case_history SET step = 9") }
        #expect(throws: SQLiteError.self) { try store.db.run("DELETE FROM case_history") }
    }

    @Test func talliesAndStepCountsAreWhatTheCasesAre() throws {
        _ = try caseAtStep2("k-1")
        let opened = engine.open(caseID: "k-2", at: monday)
        try store.save(opened)
        let late = try #require(opened.case.activeStep?.deadline)  // step 1: 60 minutes
        try store.save(try engine.handle(.deadlinePassed(step: 1, activation: 1), on: opened.case, at: late))
        try store.save(try engine.handle(.complete(step: 2, by: StoreFixtures.kadis, answer: .yes), on: try caseAtStep2("k-3"), at: monday + 1200))
        let tallies = try store.tallies().map { "\($0.sop) \($0.status.rawValue) \($0.outcome?.rawValue ?? "-") \($0.breached) \($0.count)" }.sorted()
        #expect(tallies == ["contoh active - false 1", "contoh active - true 1", "contoh ended approved false 1"])
        let waiting = try store.waitingBySteps().sorted { $0.step < $1.step }.map { "\($0.step): \($0.waiting) waiting, \($0.late) late" }
        #expect(waiting == ["1: 1 waiting, 1 late", "2: 1 waiting, 0 late"])
        #expect(try store.waitingBySteps().first { $0.step == 1 }?.earliestLate == late)
    }

    @Test func aStepsWaitingCasesComeMostOverdueFirstThenSoonestDue() throws {
        for (id, minutes) in [("late-a", 0), ("late-b", 30), ("due-c", 20), ("due-d", 10)] {
            let opened = engine.open(caseID: id, at: monday + TimeInterval(minutes * 60))
            try store.save(opened)
            if id.hasPrefix("late") {
                try store.save(try engine.handle(.deadlinePassed(step: 1, activation: 1), on: opened.case, at: try #require(opened.case.activeStep?.deadline)))
            }
        }
        #expect(try store.waiting(processID: "contoh", step: 1, late: true, limit: 10).map(\.id) == ["late-a", "late-b"])
        #expect(try store.waiting(processID: "contoh", step: 1, late: false, limit: 10).map(\.id) == ["due-d", "due-c"])
        #expect(try store.waiting(processID: "contoh", step: 1, late: false, limit: 1).map(\.id) == ["due-d"])
        #expect(try store.waiting(processID: "contoh", step: 2, late: false, limit: 10).isEmpty)
        #expect(try store.waiting(processID: "lain", step: 1, late: true, limit: 10).isEmpty)
    }

    @Test func theNewestCasesOfAnSOPAreTheLastOpened() throws {
        for (index, id) in ["k-1", "k-2", "k-3"].enumerated() { try store.save(engine.open(caseID: id, at: monday + TimeInterval(index))) }
        #expect(try store.newest(processID: "contoh", limit: 2).map(\.id) == ["k-3", "k-2"])
        #expect(try store.newest(processID: "lain", limit: 2).isEmpty)
    }

    @Test func aScheduledDeadlineIsOfferedOnceDueUntilItIsCancelled() throws {
        let opened = engine.open(caseID: "k-1", at: monday)
        try store.save(opened)
        let due = try #require(opened.case.activeStep?.deadline)
        try store.scheduleDeadline(caseID: "k-1", step: 1, activation: 1, at: due)
        #expect(try store.pendingDeadlines(dueBy: due - 1).isEmpty)
        #expect(try store.pendingDeadlines(dueBy: due) == [PendingDeadline(caseID: "k-1", processID: "contoh", step: 1, activation: 1, dueAt: due)])
        try store.markDeadline(caseID: "k-1", activation: 1, .cancelled)
        #expect(try store.pendingDeadlines(dueBy: due + 86_400).isEmpty)
    }

    @Test func aPassedDeadlineIsNotOfferedTwiceAndTheCaseShowsItPassed() throws {
        let opened = engine.open(caseID: "k-1", at: monday)
        try store.save(opened)
        let due = try #require(opened.case.activeStep?.deadline)
        try store.scheduleDeadline(caseID: "k-1", step: 1, activation: 1, at: due)
        try store.save(try engine.handle(.deadlinePassed(step: 1, activation: 1), on: opened.case, at: due))
        try store.markDeadline(caseID: "k-1", activation: 1, .passed)
        #expect(try store.pendingDeadlines(dueBy: due + 86_400).isEmpty)
        #expect(try store.list().first?.deadlinePassed == true)
        try store.markDeadline(caseID: "k-1", activation: 1, .cancelled)  // only a pending row changes
        #expect(try store.db.query("SELECT state FROM deadlines") { $0.string(0) } == ["passed"])
    }

    @Test func aDeadlineScheduledAgainReplacesItsRowAndIsPendingAgain() throws {
        let opened = engine.open(caseID: "k-1", at: monday)
        try store.save(opened)
        try store.scheduleDeadline(caseID: "k-1", step: 1, activation: 1, at: monday + 3600)
        try store.markDeadline(caseID: "k-1", activation: 1, .cancelled)
        try store.scheduleDeadline(caseID: "k-1", step: 1, activation: 1, at: monday + 7200)
        #expect(try store.pendingDeadlines(dueBy: monday + 3601).isEmpty)
        #expect(try store.pendingDeadlines(dueBy: monday + 7200).map(\.activation) == [1])
    }

    @Test func aFailedSaveLeavesNoPartOfTheTransition() throws {
        let atStep2 = try caseAtStep2()
        let next = try engine.handle(.complete(step: 2, by: StoreFixtures.kadis, answer: .no), on: atStep2, at: monday + 1200)
        // Writing the transition's history fails, after the case row was updated.
        let first = try #require(next.appended.first?.sequence)
        try store.db.run("CREATE TRIGGER refuse BEFORE INSERT ON case_history WHEN NEW.sequence = \(first) BEGIN SELECT RAISE(ABORT, 'disk full'); END")
        #expect(throws: SQLiteError.self) { try store.save(next) }
        #expect(try store.load("k-1") == atStep2)
    }

    @Test func aCommittedCaseIsReadableByAnotherConnectionWhileTheWriterStillHoldsItsOwn() throws {
        var writer: CaseStore? = try CaseStore.open(path: folder.path("other.sqlite"))
        let opened = engine.open(caseID: "k-9", at: monday)
        try writer?.save(opened)
        // The save committed (no transaction left open), though the WAL has not been checkpointed.
        let reader = try CaseStore.open(path: folder.path("other.sqlite"))
        #expect(try reader.load("k-9") == opened.case)
        writer = nil
    }

    @Test func everyCommitIsSyncedToDiskBeforeItReturns() throws {
        // A process crash cannot tell FULL from NORMAL (both keep what the WAL holds); a power cut can, and no test
        // can cut the power. So this pins the setting itself, as an operator would check it: WAL with synchronous=FULL
        // (2), which syncs the WAL at every commit (sqlite.org/pragma.html#pragma_synchronous).
        let store = try CaseStore.open(path: folder.path("synced.sqlite"))
        #expect(try store.db.firstText("PRAGMA journal_mode") == "wal")
        #expect(try store.db.firstText("PRAGMA synchronous") == "2")
    }
}
