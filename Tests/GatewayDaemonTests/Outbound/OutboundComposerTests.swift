import Testing
@testable import GatewayDaemon

@Suite struct OutboundComposerTests {
    func rule(_ operation: String, withDocument: Bool? = nil) -> RoutingRules.Outbound {
        RoutingRules.Outbound(operation: OutboundOperation(rawValue: operation), status: nil, perihal: nil, onDelivered: nil, withDocument: withDocument)
    }

    func pdf(_ size: Int = 1_000) -> (type: String, size: Int) {
        ("application/pdf", size)
    }

    @Test func aStepThatSendsTheBAPNeedsItsNumberResultAndDocument() {
        #expect(OutboundComposer.missing(rule("siinas.uploadBAP"), attributes: [:], document: nil).count == 3)
        #expect(OutboundComposer.missing(rule("siinas.uploadBAP"), attributes: ["nomor_bap": "1", "hasil": "siap"], document: pdf()).isEmpty)
        #expect(OutboundComposer.missing(rule("sipro.status"), attributes: [:], document: nil).isEmpty)
    }

    @Test func aMessageThatCarriesTheStepsLetterNeedsItAsAPDF() {
        // SOP 000 step 8: the numbered letter goes to OSS with the status (file_lampiran); its size is checked against
        // the receiver's limit when the officer gives it (OfficerActions).
        let letter = rule("oss.status", withDocument: true)
        #expect(OutboundComposer.missing(letter, attributes: [:], document: nil).first?.contains("the letter as a PDF") == true)
        #expect(OutboundComposer.missing(letter, attributes: [:], document: ("image/png", 10)).count == 1)
        #expect(OutboundComposer.missing(letter, attributes: [:], document: pdf(2 * 1024 * 1024)).isEmpty)
    }

    @Test func aStatusMayCarryTheFormsApprovalAndAWholePNBPBill() {
        let status = rule("oss.status")
        #expect(OutboundComposer.missing(status, attributes: ["persetujuan_form": "ya"], document: nil).isEmpty)
        #expect(OutboundComposer.missing(status, attributes: ["persetujuan_form": "mungkin"], document: nil)
            == ["attributes.persetujuan_form (ya or tidak, not 'mungkin')"])
        let bill = ["pnbp.kd_akun": "425111", "pnbp.kd_penerimaan": "01", "pnbp.kd_billing": "820261217000001", "pnbp.tgl_billing": "2026-12-17",
                    "pnbp.tgl_expire": "2026-12-24", "pnbp.nominal": "500000", "pnbp.url_dokumen": "https://simponi.example/sps.pdf"]
        #expect(OutboundComposer.missing(status, attributes: bill, document: nil).isEmpty)
        #expect(OSSStatusAttributes.pnbp(bill)?.nominal == 500_000)
        let partial = bill.filter { $0.key != "pnbp.kd_billing" }.merging(["pnbp.tgl_expire": "24-12-2026"]) { $1 }
        let problems = OutboundComposer.missing(status, attributes: partial, document: nil)
        #expect(problems.count == 2 && problems[0].hasPrefix("attributes.pnbp.kd_billing") && problems[1].hasPrefix("attributes.pnbp.tgl_expire"))
        #expect(OSSStatusAttributes.pnbp(partial) == nil)
    }
}
