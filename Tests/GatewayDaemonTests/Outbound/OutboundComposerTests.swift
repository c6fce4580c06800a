import Testing
@testable import GatewayDaemon

@Suite struct OutboundComposerTests {
    @Test func aStepThatSendsTheBAPNeedsItsNumberResultAndDocument() {
        #expect(OutboundComposer.missing(operation: "siinas.uploadBAP", attributes: [:], documentType: nil).count == 3)
        #expect(OutboundComposer.missing(operation: "siinas.uploadBAP", attributes: ["nomor_bap": "1", "hasil": "siap"], documentType: "application/pdf").isEmpty)
        #expect(OutboundComposer.missing(operation: "sipro.status", attributes: [:], documentType: nil).isEmpty)
    }
}
