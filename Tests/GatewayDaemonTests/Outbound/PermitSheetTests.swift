import Foundation
import Testing
@testable import GatewayDaemon

/// The page stating a permit's number: a PDF a reader opens, whose cross-reference table points at its objects
/// (ISO 32000-1 §7.5.4), with the lines as written.
@Suite struct PermitSheetTests {
    let sheet = PermitSheet(lines: ["LEMBAR NOMOR IZIN", "Nomor izin: 503/012/INS/2026", "Catatan (lihat lampiran) \\ Ø"])

    @Test func itIsAPDFWhoseCrossReferencesPointAtItsObjects() throws {
        let bytes = sheet.pdf
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("%PDF-1.4\n") && text.hasSuffix("%%EOF\n"))
        // startxref gives the table's offset; each in-use entry gives its object's.
        let startxref = try #require(text.components(separatedBy: "startxref\n").last?.split(separator: "\n").first.flatMap { Int($0) })
        #expect(String(decoding: bytes[startxref..<startxref + 4], as: UTF8.self) == "xref")
        let entries = text[text.range(of: "xref\n")!.upperBound...].split(separator: "\n").dropFirst(2).prefix(5)
        for (index, entry) in entries.enumerated() {
            #expect(entry.count == 19 && entry.hasSuffix(" 00000 n "))  // 20 bytes with the newline: its end of line is space and LF
            let offset = try #require(Int(entry.prefix(10)))
            #expect(String(decoding: bytes[offset..<offset + 8], as: UTF8.self) == "\(index + 1) 0 obj\n")
        }
        // The content stream's declared length is its length.
        let stream = try #require(text.range(of: "stream\n")?.upperBound)
        let end = try #require(text.range(of: "endstream")?.lowerBound)
        let length = try #require(text.components(separatedBy: "/Length ").last?.split(separator: " ").first.flatMap { Int($0) })
        #expect(text.utf8.distance(from: stream, to: end) == length)
    }

    @Test func itsLinesAreWrittenAsPDFStringsWithWhatNeedsEscapingEscaped() {
        let text = String(decoding: sheet.pdf, as: UTF8.self)
        #expect(text.contains("(Nomor izin: 503/012/INS/2026) Tj"))
        #expect(text.contains(#"(Catatan \(lihat lampiran\) \\ ?) Tj"#))
    }
}
