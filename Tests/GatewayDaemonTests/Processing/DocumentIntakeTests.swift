import Foundation
import GatewayCore
import GatewayStore
import NationalSystems
import Testing
@testable import GatewayDaemon

@Suite struct DocumentIntakeTests {
    let intake = DocumentIntake(limits: .init(maxBytes: 64, contentTypes: ["application/pdf", "image/png"], linkDays: 30))
    static let pdf = Data("%PDF-1.4\n%%EOF\n".utf8)

    func keep(_ name: String, _ type: String, _ bytes: Data? = pdf, base64: String? = nil) throws -> String {
        let fixture = try ProcessorFixture()
        return try fixture.job { unit in
            try intake.keep(.init(name: name, contentType: type, base64: base64 ?? bytes!.base64EncodedString()), caseID: "IP-1", step: 16, activation: 3,
                            in: unit).id
        }
    }

    @Test func aPDFIsKeptUnderItsCaseStepAndActivationWithItsDigest() throws {
        let fixture = try ProcessorFixture()
        let id = try fixture.job { unit in
            try intake.keep(.init(name: "bap.pdf", contentType: "application/pdf", base64: Self.pdf.base64EncodedString()), caseID: "IP-1", step: 16,
                            activation: 3, in: unit).id
        }
        #expect(id == "IP-1/16/3/bap.pdf")
        let kept = try #require(try fixture.database.documents.document(id))
        #expect(kept.bytes == Array(Self.pdf) && kept.sha256 == Digest.sha256Hex(Array(Self.pdf)))
    }

    @Test func whatTheLimitsRefuseIsNamed() {
        #expect(throws: ProcessingError.documentType(name: "a.doc", reason: "type application/msword is not accepted; send one of application/pdf, image/png")) {
            try keep("a.doc", "application/msword")
        }
        #expect(throws: ProcessingError.incomplete(step: 16, missing: ["document.base64 as base64"])) { try keep("a.pdf", "application/pdf", base64: "%%%") }
        #expect(throws: ProcessingError.documentTooLarge(name: "big.pdf", reason: "100 bytes is over the limit of 64 (settings: documents.maxBytes)")) {
            try keep("big.pdf", "application/pdf", Data(repeating: 0x25, count: 100))
        }
        #expect(throws: ProcessingError.documentName(name: "a/b.pdf", reason: "the file name holds '/' or '\\': give a name without a folder")) {
            try keep("a/b.pdf", "application/pdf")
        }
        #expect(ProcessingError.documentType(name: "a", reason: "").status == 415 && ProcessingError.documentTooLarge(name: "a", reason: "").status == 413)
    }

    @Test func aNameThatCouldBreakAHeaderOrAPageIsRefusedWith422() throws {
        let injected = "surat.pdf\r\nContent-Length: 0\r\nSet-Cookie: gerbang_sesi=x"
        for name in [injected, "surat\u{0}.pdf", "tab\tbed.pdf", String(repeating: "a", count: 201) + ".pdf", " ", "..", "c:\\x.pdf"] {
            #expect(throws: ProcessingError.self) { try keep(name, "application/pdf") }
            #expect(DocumentName.problem(name) != nil, "\(name.debugDescription)")
        }
        let error = ProcessingError.documentName(name: injected, reason: try #require(DocumentName.problem(injected)))
        #expect(error.status == 422 && !error.description.contains("\r") && !error.description.contains("\n"))
        #expect(try keep("Surat Rekomendasi № 12 (final).pdf", "application/pdf") == "IP-1/16/3/Surat Rekomendasi № 12 (final).pdf")
    }

    @Test func bytesThatAreNotWhatTheyWereSentAsAreRefusedNamingWhatTheyAre() {
        #expect(throws: ProcessingError.documentContent(name: "scan.png", declared: "image/png", found: "application/pdf")) { try keep("scan.png", "image/png") }
        #expect(throws: ProcessingError.documentContent(name: "x.pdf", declared: "application/pdf", found: nil)) {
            try keep("x.pdf", "application/pdf", Data("hello".utf8))
        }
    }
}
