import Foundation
import GatewayTestSupport
import Testing
@testable import gerbang_fuzz

/// Every input kept under fixtures/fuzz (the seed corpus, and any input that once crashed a harness)
/// still goes through its parser without a crash: the fuzzers' findings stay fixed.
@Suite struct FuzzCorpusTests {
    @Test(arguments: FuzzTarget.allCases)
    func everyKeptInputGoesThroughWithoutACrash(_ target: FuzzTarget) throws {
        let folder = RepositoryFiles.root.appendingPathComponent("fixtures/fuzz/\(target.rawValue)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(!files.isEmpty, "fixtures/fuzz/\(target.rawValue) has no inputs")
        for file in files {
            let input = try Data(contentsOf: folder.appendingPathComponent(file))
            target.run(Array(input))  // a crash ends the test run, naming this test
        }
    }
}
