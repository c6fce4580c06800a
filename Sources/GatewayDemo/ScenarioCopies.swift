import Foundation
import GatewayCore
import NationalSystems

/// More cases from one scenario: a copy with its own identifiers (NIB,
/// id_izin, project, product, SIINas request, SIPRO registration), so the demo can
/// run several cases of each SOP from the five shipped scenarios.
public enum ScenarioCopies {
    /// The fields, in the systems' sections, whose values identify something.
    static let identifierFields: Set<String> = ["nib", "oss_id", "id_izin", "id_proyek", "id_produk", "nomor_proyek", "id", "nomor_pendaftaran"]

    /// Copy `number` (1 is the scenario itself): every identifier's last four digits moved up by 10 per copy,
    /// "8120000110001" → "8120000110011" for copy 2, wherever it appears (events' targets, URLs). The shipped
    /// scenarios number their identifiers x01, x02 per SOP (…0101, …0201), so nine copies of one scenario never
    /// take another's; beyond nine (the chaos run's hundreds), each further block of nine writes its block number
    /// into the identifier's zeros ("8120000110001" → "8120001110001"), keeping its length, as the PIA's field
    /// lengths require.
    public static func copy(_ scenario: JSONValue, number: Int) throws -> JSONValue {
        guard number > 1 else { return scenario }
        var identifiers: Set<String> = []
        for system in ["oss", "siinas", "sipro"] {
            if let section = scenario.field(system) { collect(section, into: &identifiers) }
        }
        var text = String(decoding: scenario.encoded(), as: UTF8.self)
        for identifier in identifiers.sorted(by: { $0.count > $1.count }) {
            text = text.replacingOccurrences(of: identifier, with: variant(identifier, number: number))
        }
        var copied = try JSONValue.decode(Data(text.utf8))
        if let name = scenario.field("name")?.text { copied = copied.merging(["name": .string("\(name)#\(number)")]) }
        return copied
    }

    static func variant(_ identifier: String, number: Int) -> String {
        guard number > 1 else { return identifier }
        var characters = Array(identifier)
        let trailingDigits = characters.reversed().prefix { $0.isASCII && $0.isNumber }.count
        guard trailingDigits >= 4, let tail = Int(String(characters.suffix(4))) else { return "\(identifier)-\(number)" }
        let (block, within) = ((number - 1) / 9, (number - 1) % 9)
        let blockText = Array(String(block))
        // The rightmost run of at least two zeros among the trailing digits before the last four.
        var run: Range<Int>?
        if block > 0 {
            var end = characters.count - 4
            while end > characters.count - trailingDigits {
                var start = end
                while start > characters.count - trailingDigits, characters[start - 1] == "0" { start -= 1 }
                if end - start >= max(2, blockText.count) { run = start..<end; break }
                end = start == end ? end - 1 : start
            }
        }
        let moved: Int
        if let run {
            characters.replaceSubrange(run.upperBound - blockText.count..<run.upperBound, with: blockText)
            moved = tail + 10 * within
        } else {
            moved = tail + 10 * (number - 1)  // no zeros to spare: the number grows (SIPRO registrations have no fixed length)
        }
        let movedText = String(moved)
        return String(characters.dropLast(4)) + String(repeating: "0", count: max(0, 4 - movedText.count)) + movedText
    }

    private static func collect(_ value: JSONValue, into identifiers: inout Set<String>) {
        switch value {
        case .object(let fields):
            for (key, field) in fields {
                if identifierFields.contains(key), let text = field.meaningfulText, text.count >= 6 { identifiers.insert(text) }
                collect(field, into: &identifiers)
            }
        case .array(let items):
            for item in items { collect(item, into: &identifiers) }
        default:
            break
        }
    }
}
