import GatewayCore
import Testing

@Suite struct DocumentNameTests {
    @Test func plainNamesInAnyScriptAreTaken() {
        for name in ["surat.pdf", "BAP Verifikasi 2026-12.pdf", "Surat № 12 (final).pdf", "izin_usaha-industri.PNG", String(repeating: "é", count: 100)] {
            #expect(DocumentName.problem(name) == nil, "\(name)")
        }
    }

    @Test func controlCharactersFoldersAndLongNamesAreNamedAsTheProblem() {
        #expect(DocumentName.problem("a\r\nb.pdf")?.contains("control character") == true)
        #expect(DocumentName.problem("a\u{0}.pdf")?.contains("control character") == true)
        #expect(DocumentName.problem("a\u{85}.pdf")?.contains("control character") == true)  // NEL, a C1 line break
        #expect(DocumentName.problem("../x.pdf")?.contains("'/'") == true)
        #expect(DocumentName.problem("laporan\u{202E}fdp.exe")?.contains("direction override") == true)  // reads as "laporanexe.pdf"
        #expect(DocumentName.problem("a\u{200B}b.pdf") != nil && DocumentName.problem("a\u{2028}b.pdf") != nil)
        #expect(DocumentName.problem(String(repeating: "a", count: 201))?.contains("201 bytes") == true)
        #expect(DocumentName.problem(String(repeating: "é", count: 101))?.contains("202 bytes") == true)  // bytes, not characters
        #expect(DocumentName.problem("  ") != nil && DocumentName.problem("") != nil)
    }

    @Test func anErrorShowsANameEscapedAndShort() {
        #expect(DocumentName.shown("a\r\nb") == #"a\r\nb"#)
        #expect(DocumentName.shown(String(repeating: "x", count: 500)).count == 81)
    }

    /// RFC 6266 §4.3 and RFC 8187 §3.2.3's own example: "€ rates" is filename*=UTF-8''%e2%82%ac%20rates.
    @Test func theHeaderCarriesAnASCIIStandInAndThePercentEncodedName() {
        #expect(DocumentName.contentDisposition("€ rates.pdf") == #"inline; filename="_ rates.pdf"; filename*=UTF-8''%E2%82%AC%20rates.pdf"#)
        #expect(DocumentName.contentDisposition("a\"b;c%.pdf", "attachment") == #"attachment; filename="a_b_c_.pdf"; filename*=UTF-8''a%22b%3Bc%25.pdf"#)
        let header = DocumentName.contentDisposition("x\r\nSet-Cookie: a=b")
        #expect(!header.contains("\r") && !header.contains("\n"))
    }
}
