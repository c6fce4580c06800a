import Foundation
import Testing
@testable import GatewayCore

@Suite struct ProcessDefinitionValidationTests {
    let file = "config/sop/contoh.json"

    func problems(_ definition: ProcessDefinition) -> [String] {
        definition.problems(file: file).map(\.description)
    }

    @Test func aWellFormedDefinitionHasNoProblems() {
        let definition = ProcessDefinition.make(steps: [
            .make(1, role: "pemohon", awaits: "oss.receiveNIB"),
            .make(2, time: "60 menit", decision: .make(yes: .step(3), no: .returnToApplicant(step: 1))),
            .make(3, role: "kadis"),
        ])
        #expect(problems(definition) == [])
    }

    @Test func aBranchToAMissingStepNamesTheFileTheStepAndTheTarget() {
        let definition = ProcessDefinition.make(steps: [
            .make(1), .make(2, decision: .make(yes: .step(3), no: .step(30))), .make(3),
        ])
        #expect(problems(definition) == ["config/sop/contoh.json: step 2: decision 'no' points to step 30, which does not exist"])
    }

    @Test func stepNumbersMustRunOneTwoThreeInOrder() {
        let definition = ProcessDefinition.make(steps: [.make(1), .make(3), .make(3)])
        #expect(problems(definition) == [
            "config/sop/contoh.json: step 3: field 'number' is 3 at steps[1]: steps are numbered 1, 2, 3, … in order, so this one should be 2",
        ])
    }

    @Test func aRoleMustBeDeclared() {
        let definition = ProcessDefinition.make(steps: [.make(1, role: "caraka")])
        #expect(problems(definition) == ["config/sop/contoh.json: step 1: field 'role' names role 'caraka', which is not declared in 'roles'"])
    }

    @Test func applicantAndSystemStepsNameTheirEventAndOfficerStepsDoNot() {
        let definition = ProcessDefinition.make(steps: [
            .make(1, role: "pemohon"), .make(2, role: "oss"), .make(3, role: "kabid", awaits: "oss.receiveNIB"),
        ])
        let found = problems(definition)
        #expect(found.count == 3)
        #expect(found[0].hasPrefix("config/sop/contoh.json: step 1: field 'awaits' is missing"))
        #expect(found[1].hasPrefix("config/sop/contoh.json: step 2: field 'awaits' is missing"))
        #expect(found[2].hasPrefix("config/sop/contoh.json: step 3: field 'awaits' names 'oss.receiveNIB'"))
    }

    @Test func aStepNoSystemCanSeeWaitsForNothingAndIsNoOfficersStep() {
        let definition = ProcessDefinition.make(steps: [
            .make(1, role: "pemohon", observable: false),
            .make(2, role: "oss", awaits: "oss.receiveFileDS", observable: false),
            .make(3, role: "kabid", observable: false),
        ])
        #expect(problems(definition) == [
            "config/sop/contoh.json: step 2: field 'awaits' names 'oss.receiveFileDS' but the step is not observable: no system can send it; leave 'awaits' out",
            "config/sop/contoh.json: step 3: field 'observable' is false but officer role 'kabid' completes the step through the gateway: only an applicant's or a system's step can be unseen",
        ])
    }

    @Test func returningToTheApplicantMustLandOnAnApplicantStep() {
        let definition = ProcessDefinition.make(steps: [.make(1), .make(2, returnsIncompleteTo: 1)])
        #expect(problems(definition) == [
            "config/sop/contoh.json: step 2: field 'returnsIncompleteTo' returns to the applicant at step 1, but step 1 is performed by 'kabid', not by the applicant",
        ])
    }

    @Test func aBranchToItsOwnStepIsRefused() {
        let definition = ProcessDefinition.make(steps: [.make(1, decision: .make(yes: .end(.approved), no: .step(1)))])
        #expect(problems(definition) == ["config/sop/contoh.json: step 1: decision 'no' points to step 1 itself: a branch leads to another step or to the end"])
    }

    @Test func aStepNoBranchLeadsToIsUnreachable() {
        let definition = ProcessDefinition.make(steps: [
            .make(1, decision: .make(yes: .step(3), no: .end(.rejected))), .make(2), .make(3),
        ])
        #expect(problems(definition) == ["config/sop/contoh.json: step 2: cannot be reached from step 1: no step leads to it"])
    }

    @Test func aStatedTotalMustMatchTheSteps() {
        let definition = ProcessDefinition.make(
            steps: [.make(1, time: "10 menit"), .make(2, time: "1 jam")], statedTotal: "1 Jam 20 Menit")
        #expect(problems(definition) == [
            "config/sop/contoh.json: field 'statedTotal' is '1 Jam 20 Menit' (80 minutes) but the steps' times add up to 70 minutes",
        ])
    }

    @Test func theIDMustMatchTheFileName() {
        let definition = ProcessDefinition.make(id: "lain", steps: [.make(1)])
        #expect(problems(definition) == [
            "config/sop/contoh.json: field 'id' is 'lain' but the file is named 'contoh.json': make them equal so the id finds the file",
        ])
    }

    @Test func aDurationThatDoesNotParseIsReportedWithItsPlace() throws {
        let json = #"{"id":"contoh","title":"t","source":"s","roles":[{"id":"kabid","title":"Kabid","kind":"officer"}],"steps":[{"number":1,"activity":"a","role":"kabid","duration":"3 minggu"}]}"#
        #expect(throws: DefinitionError.self) { try ProcessDefinition.load(from: Data(json.utf8), file: file) }
        do {
            _ = try ProcessDefinition.load(from: Data(json.utf8), file: file)
        } catch {
            #expect(error.description.hasPrefix("config/sop/contoh.json: field 'steps[0].duration' cannot read '3 minggu' as a duration"))
        }
    }

    @Test func aBranchMustNameExactlyOneTarget() {
        let json = #"{"id":"contoh","title":"t","source":"s","roles":[{"id":"kabid","title":"Kabid","kind":"officer"}],"steps":[{"number":1,"activity":"a","role":"kabid","decision":{"question":"q","yes":{"step":2,"end":"approved"},"no":{"end":"rejected"}}}]}"#
        do {
            _ = try ProcessDefinition.load(from: Data(json.utf8), file: file)
            Issue.record("a branch with two targets loaded")
        } catch {
            #expect(error.description == "config/sop/contoh.json: field 'steps[0].decision.yes' a branch names exactly one of 'step', 'returnToApplicant' or 'end'")
        }
    }

    @Test func invalidJSONSaysSoWithTheLineAndColumnToLookAt() {
        do {
            _ = try ProcessDefinition.load(from: Data("{\n  \"id\": \"contoh\",\n  \"steps\": [1,, 2]\n}".utf8), file: file)
            Issue.record("invalid JSON loaded")
        } catch {
            #expect(error.description == "config/sop/contoh.json: the file is not valid JSON: line 3, column 15: ',' cannot start a JSON value")
        }
    }
}
