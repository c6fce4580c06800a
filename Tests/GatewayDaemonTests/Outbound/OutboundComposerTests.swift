import Testing
@testable import GatewayDaemon

@Suite struct OutboundComposerTests {
    func rule(_ operation: String, withDocument: Bool? = nil) -> RoutingRules.Outbound {
        RoutingRules.Outbound(operation: operation, status: nil, perihal: nil, onDelivered: nil, withDocument: withDocument)
    }

    @Test func aStepThatSendsTheBAPNeedsItsNumberResultAndDocument() {
        #expect(OutboundComposer.missing(rule("siinas.uploadBAP"), attributes: [:], documentType: nil).count == 3)
        #expect(OutboundComposer.missing(rule("siinas.uploadBAP"), attributes: ["nomor_bap": "1", "hasil": "siap"], documentType: "application/pdf").isEmpty)
        #expect(OutboundComposer.missing(rule("sipro.status"), attributes: [:], documentType: nil).isEmpty)
    }

    @Test func aMessageThatCarriesTheStepsLetterNeedsItAsAPDF() {
        // SOP 000 step 8: the numbered letter goes to OSS with the status (file_lampiran).
        let letter = rule("oss.status", withDocument: true)
        #expect(OutboundComposer.missing(letter, attributes: [:], documentType: nil).first?.contains("the letter as a PDF") == true)
        #expect(OutboundComposer.missing(letter, attributes: [:], documentType: "image/png").count == 1)
        #expect(OutboundComposer.missing(letter, attributes: [:], documentType: "application/pdf").isEmpty)
    }
}
