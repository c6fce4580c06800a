import Foundation
import GatewayCore
import GatewayTestSupport
import NationalSystems
import Testing
@testable import GatewayDemo

@Suite struct ScenarioCopiesTests {
    func scenario(_ name: String) throws -> JSONValue {
        try JSONValue.decode(RepositoryFiles.read("fixtures/scenarios/\(name).json"))
    }

    @Test func aCopyHasItsOwnIdentifiersWhereverTheyAppear() throws {
        let copy = try ScenarioCopies.copy(scenario("izin-perluasan"), number: 3)
        #expect(copy["name"] == "izin-perluasan#3")
        let nib = copy["oss"]?["nibs"]?.array?.first
        #expect(nib?["nib"] == "8120000110021")
        #expect(nib?["data_checklist"]?.array?.first?["id_izin"] == "I-20261217090000000000121")
        #expect(copy["siinas"]?["requests"]?.array?.first?["id"] == "VT-2026-000121")
        // The events name the copy's NIB and request, so the copy runs by itself.
        #expect(copy["events"]?.array?.compactMap { $0["target"]?.text } == ["8120000110021", "VT-2026-000121", "VT-2026-000121"])
        #expect(try ScenarioCopies.copy(scenario("izin-perluasan"), number: 1) == scenario("izin-perluasan"))
    }

    @Test func copiesBeyondNineKeepEachIdentifiersLength() {
        #expect(ScenarioCopies.variant("8120000110001", number: 10) == "8120001110001")
        #expect(ScenarioCopies.variant("8120000110001", number: 11) == "8120001110011")
        #expect(ScenarioCopies.variant("I-20261217090000000000101", number: 500) == "I-20261217090000000550141")  // 499 = 9 × 55 + 4
        #expect(ScenarioCopies.variant("VT-2026-000101", number: 100) == "VT-2026-110101")
        // A SIPRO registration has no zeros to spare: its number grows.
        #expect(ScenarioCopies.variant("SIPRO/INS/2026/0001", number: 1001) == "SIPRO/INS/2026/10001")
    }

    @Test func copiesOfAllShippedScenariosNeverShareAnIdentifier() throws {
        var seen: [String: String] = [:]
        for name in ["izin-perluasan", "verifikasi-teknis-izin-usaha-industri", "rekomendasi-izin-usaha-industri", "izin-insidentil", "verifikasi-nib"] {
            // The demo's copies, and the chaos run's hundreds (blocks of nine).
            for number in Array(1...12) + [18, 19, 100, 243, 500] {
                let copy = try ScenarioCopies.copy(scenario(name), number: number)
                var identifiers: Set<String> = []
                func collect(_ value: JSONValue) {
                    switch value {
                    case .object(let fields):
                        for (key, field) in fields {
                            if ScenarioCopies.identifierFields.contains(key), let text = field.meaningfulText, text.count >= 6 { identifiers.insert(text) }
                            collect(field)
                        }
                    case .array(let items): items.forEach(collect)
                    default: break
                    }
                }
                for system in ["oss", "siinas", "sipro"] { copy[system].map(collect) }
                // Each scenario names at least its permit or registration and the applicant's identity: a collector
                // that found nothing would make the comparison below pass vacuously.
                #expect(identifiers.count >= 2, "\(name)#\(number): only \(identifiers.sorted()) collected")
                for identifier in identifiers {
                    let owner = "\(name)#\(number)"
                    #expect(seen[identifier] == nil || seen[identifier] == owner, "\(identifier) in \(owner) and \(seen[identifier] ?? "")")
                    seen[identifier] = owner
                }
            }
        }
    }
}
