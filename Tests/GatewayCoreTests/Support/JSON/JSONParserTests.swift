import Foundation
import GatewayTestSupport
@testable import GatewayCore
import Testing

@Suite struct JSONParserTests {
    @Test func readsEveryKindOfValue() throws {
        let text = #"{"s": "a\"b\\c\/d\n\u00e9\ud83d\ude00", "i": -42, "d": 1.5e3, "t": true, "f": false, "n": null, "a": [1, [], {}], "o": {"k": "v"}}"#
        let value = try JSONParser.parse(Array(text.utf8))
        #expect(value["s"] == .string("a\"b\\c/d\né😀"))
        #expect(value["i"] == .integer(-42))
        #expect(value["d"] == .number(1500))
        #expect(value["t"] == .bool(true) && value["f"] == .bool(false) && value["n"] == .null)
        #expect(value["a"] == .array([.integer(1), .array([]), .object([:])]))
        #expect(value["o"]?["k"] == .string("v"))
    }

    @Test func aKeyRepeatedInOneObjectIsRefusedAndNamedButNotOneRepeatedInAnother() throws {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(#"{"step": 1, "step": 2}"#.utf8)) }
        do {
            _ = try JSONParser.parse(Array(#"{"a": {"nib": "1", "x": 0, "nib": "2"}}"#.utf8))
        } catch {
            #expect(error.description.contains(#"the key "nib" appears twice"#))
        }
        #expect(try JSONParser.parse(Array(#"{"a": {"k": 1}, "b": {"k": 2}, "k": 3}"#.utf8)).field("k") == 3)
    }

    @Test func agreesWithFoundationOnAScenarioFile() throws {
        let data = try Data(contentsOf: RepositoryFiles.root.appendingPathComponent("fixtures/scenarios/izin-perluasan.json"))
        let ours = try JSONParser.parse(data)
        let foundation = try JSONDecoder().decode(JSONValue.self, from: data)
        #expect(ours == foundation)
        // And what it writes, Foundation reads back as the same value.
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(JSONParser.serialize(ours))) == ours)
    }

    @Test(arguments: [
        ("{\"a\": 1,}", "expected a key in quotes"),
        ("[1 2]", "expected ',' or ']'"),
        ("{\"a\" 1}", "expected ':'"),
        ("\"tab\there\"", "control character"),
        ("01", "unexpected text after"),
        ("-", "a number needs digits"),
        ("\"\\x\"", "is not a JSON escape"),
        ("[1, 2", "ends inside an array"),
        ("nul", "expected null"),
    ])
    func refusesBrokenJSONSayingWhereAndWhy(text: String, problem: String) {
        #expect {
            _ = try JSONParser.parse(Array(text.utf8))
        } throws: { error in
            (error as? JSONParseError)?.description.contains(problem) == true
        }
    }

    @Test func refusesNestingDeeperThanItsLimit() {
        let deep = String(repeating: "[", count: JSONParser.maximumDepth + 1) + String(repeating: "]", count: JSONParser.maximumDepth + 1)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(deep.utf8)) }
        let fine = String(repeating: "[", count: JSONParser.maximumDepth) + String(repeating: "]", count: JSONParser.maximumDepth)
        #expect(throws: Never.self) { try JSONParser.parse(Array(fine.utf8)) }
    }

    @Test func writesSortedKeysAndEscapesOnlyWhatJSONNeeds() {
        let value: JSONValue = ["b": "x/y\n\u{01}", "a": [1, 2.5, nil, true]]
        #expect(String(decoding: JSONParser.serialize(value), as: UTF8.self) == #"{"a":[1,2.5,null,true],"b":"x/y\n\u0001"}"#)
    }

    @Test func theCanonicalFormIgnoresTheQuirksALenientReaderTolerates() {
        let quirky: JSONValue = ["tipe_dokumen ": "9", "telepon": "-", "nested": ["kode_pos ": " - "]]
        let clean: JSONValue = ["tipe_dokumen": "9", "telepon": "", "nested": ["kode_pos": ""]]
        #expect(JSONParser.canonical(quirky) == JSONParser.canonical(clean))
        #expect(JSONParser.canonical(quirky) == JSONParser.serialize(clean))
        #expect(JSONParser.canonical(["telepon": "0812"]) != JSONParser.canonical(clean))
    }

    @Test func anErrorIsLocatedByLineAndColumnCountingCharactersNotBytes() {
        let text = Array("{\n  \"nama\": \"Dinas Perindustrian é\" x\n}".utf8)
        #expect {
            try JSONParser.parse(text)
        } throws: { error in
            (error as? JSONParseError)?.located(in: text) == "line 2, column 35: expected ',' or '}' in an object"
        }
    }
}
