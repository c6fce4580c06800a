import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import GatewayCore
import GatewayTestSupport
import Testing
@testable import GatewayDaemon

/// The diagram read back as XML: what a browser or a tool finds in it.
@Suite struct SOPDiagramTests {
    /// The elements of an SVG document by their class, with their attributes; throws when it is not well-formed XML.
    final class Elements: NSObject, XMLParserDelegate {
        var byClass: [String: [[String: String]]] = [:]
        var texts: [String] = []
        private var error: (any Error)?

        init(_ svg: String) throws {
            super.init()
            let parser = XMLParser(data: Data(svg.utf8))
            parser.delegate = self
            guard parser.parse() else { throw parser.parserError ?? error ?? CancellationError() }
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            for kind in (attributes["class"] ?? "").split(separator: " ") { byClass[String(kind), default: []].append(attributes) }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { texts.append(string) }
    }

    /// What the definition says each step leads to, derived here from its data: (from, to, label).
    static func expectedFlows(_ definition: ProcessDefinition) -> Set<[String]> {
        func key(_ target: BranchTarget) -> String {
            switch target {
            case .step(let number), .returnToApplicant(let number): "step:\(number)"
            case .end(let outcome): "end:\(outcome.rawValue)"
            }
        }
        var flows: Set<[String]> = []
        for (index, step) in definition.steps.enumerated() {
            if let decision = step.decision {
                flows.insert(["\(step.number)", key(decision.yes.target), "ya"])
                flows.insert(["\(step.number)", key(decision.no.target), "tidak"])
            } else {
                flows.insert(["\(step.number)", index + 1 < definition.steps.count ? "step:\(definition.steps[index + 1].number)" : "end:approved", "lanjut"])
            }
        }
        return flows
    }

    @Test func theRecommendationSOPIsDrawnWithTheArrowsItsSeedStates() throws {
        // Written from seed 001 (Rekomendasi Izin Usaha Industri), not from the definition: step 2 goes on to the site
        // visit or back to the Kabid, step 4 to the draft or back to the Kabid, step 6 back to the Tim Teknis, step 7
        // back to the Kabid Industri; the rest follow each other, and step 8 (sent to DPMPTSP) ends the SOP.
        let seed: Set<[String]> = [
            ["1", "step:2", "lanjut"], ["2", "step:3", "ya"], ["2", "step:1", "tidak"], ["3", "step:4", "lanjut"],
            ["4", "step:5", "ya"], ["4", "step:1", "tidak"], ["5", "step:6", "lanjut"], ["6", "step:7", "ya"], ["6", "step:5", "tidak"],
            ["7", "step:8", "ya"], ["7", "step:6", "tidak"], ["8", "end:approved", "lanjut"],
        ]
        let svg = try Elements(SOPDiagram(try RepositoryFiles.definition("rekomendasi-izin-usaha-industri"), clockStartsAt: nil).svg)
        let drawn = (svg.byClass["flow"] ?? []).map { [$0["data-from"] ?? "", $0["data-to"] ?? "", $0["data-label"] ?? ""] }
        #expect(Set(drawn) == seed)
    }

    @Test(arguments: RepositoryFiles.definitionIDs)
    func everyStepAndBranchOfAShippedSOPIsDrawn(_ id: String) throws {
        let definition = try RepositoryFiles.definition(id)
        let svg = try Elements(SOPDiagram(definition, clockStartsAt: nil).svg)
        #expect((svg.byClass["step"] ?? []).compactMap { $0["data-step"] } == definition.steps.map { "\($0.number)" })
        let drawn = (svg.byClass["flow"] ?? []).map { [$0["data-from"] ?? "", $0["data-to"] ?? "", $0["data-label"] ?? ""] }
        #expect(drawn.count == Set(drawn).count)
        #expect(Set(drawn) == Self.expectedFlows(definition))
        // Each step sits in its role's lane, and each role that performs a step has one.
        #expect(Set((svg.byClass["lane"] ?? []).compactMap { $0["data-role"] }) == Set(definition.steps.map(\.role)))
        #expect((svg.byClass["step"] ?? []).allSatisfy { step in definition.step(Int(step["data-step"] ?? "") ?? 0)?.role == step["data-role"] })
        // Ya and Tidak are written beside each decision's arrows.
        let decisions = definition.steps.filter { $0.decision != nil }.count
        #expect(svg.texts.filter { $0 == "Ya" }.count == decisions && svg.texts.filter { $0 == "Tidak" }.count == decisions)
    }

    @Test func theCountsAndTheLegalClocksStartAreOnTheirSteps() throws {
        let definition = try RepositoryFiles.definition("izin-perluasan")
        let svg = try Elements(SOPDiagram(definition, clockStartsAt: 4, counts: [9: .init(waiting: 3, late: 1), 5: .init(waiting: 2, late: 0)]).svg)
        let steps = Dictionary(uniqueKeysWithValues: (svg.byClass["step"] ?? []).map { ($0["data-step"] ?? "", $0) })
        #expect(steps["9"]?["data-waiting"] == "3" && steps["9"]?["data-late"] == "1" && steps["5"]?["data-waiting"] == "2")
        #expect(steps["1"]?["data-waiting"] == "0")
        #expect(svg.texts.contains("3 menunggu") && svg.texts.contains("1 terlambat") && !svg.texts.contains("0 terlambat"))
        #expect(svg.texts.filter { $0.contains("jam hukum mulai") }.count == 1)
        // Without counts (gerbang sop show --svg) no step carries any.
        #expect(try Elements(SOPDiagram(definition, clockStartsAt: nil).svg).byClass["step"]?.allSatisfy { $0["data-waiting"] == nil } == true)
    }

    @Test func markupInAnActivityOrRoleIsTextNotMarkup() throws {
        let definition = ProcessDefinition(
            id: "contoh", title: "A <b> & \"c\"", source: "x.txt", roles: [Role(id: "kabid", title: "Kabid <script>", kind: .officer)],
            steps: [Step(number: 1, activity: "Memeriksa <script>alert(1)</script> & 'lain'", role: "kabid")])
        let svg = SOPDiagram(definition, clockStartsAt: nil).svg
        let parsed = try Elements(svg)
        #expect(!svg.contains("<script>") && parsed.texts.joined().contains("<script>alert(1)</script>"))
    }
}
