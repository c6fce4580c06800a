import Foundation
import GatewayCore
import NationalSystems
import Testing
@testable import GatewayDemo
@testable import MockNationalSystems

/// The oracle judges by what the systems applied, by content: these pin that a missing, a repeated and an
/// unplanned message each fail the run, that a message a system refused by itself is a finding, and that an
/// injected error or a replay is not an arrival.
@Suite struct DeliveryOracleTests {
    let oracle = DeliveryOracle(siinasInstansiCode: "999")

    func received(_ path: String, _ body: JSONValue, status: Int = 200, fault: String? = nil) -> Journal.Entry {
        Journal.Entry(sequence: 1, time: "2026-12-17T08:00:00+07:00", direction: .received, method: "POST", target: path, headers: [],
                      body: String(decoding: body.encoded(), as: UTF8.self), bodyEncoding: "utf8", status: status, fault: fault, error: nil)
    }

    func status(_ idIzin: String, _ code: String, instansi: String = "998") -> JSONValue {
        ["IZINSTATUS": ["id_izin": .string(idIzin), "kd_status": .string(code), "kd_instansi": .string(instansi)]]
    }

    /// One case of each kind the demo plans: an effective permit told to OSS, a BAP with its copy, a SIPRO permit.
    var planned: [Delivery] {
        [PlannedDelivery.ossStatus("45").resolved(reference: "I-1", siinasRequest: nil),
         PlannedDelivery.bap(number: "BAP/01").resolved(reference: "I-2", siinasRequest: "VT-2"),
         PlannedDelivery.letter(step: 17).resolved(reference: "I-2", siinasRequest: "VT-2"),
         PlannedDelivery.siproStatus("diproses").resolved(reference: "SIPRO/INS/1", siinasRequest: nil),
         PlannedDelivery.permitNumber.resolved(reference: "SIPRO/INS/1", siinasRequest: nil)]
    }

    var everythingOnce: [String: [Journal.Entry]] {
        ["oss": [received("/v1/kl/rba/receiveLicenseStatus", status("I-1", "45"))],
         "siinas": [received("/api/v1/verifikasi-teknis/VT-2/bap", ["nomor_bap": "BAP/01"])],
         "sipro": [received("/api/v1/surat-masuk", ["id_izin": "I-2", "nomor_surat": "001/998/XII/2026", "referensi": "IP-2026-000002/17"]),
                   received("/api/v1/permohonan/SIPRO%2FINS%2F1/status", ["status": "diproses"]),
                   received("/api/v1/permohonan/SIPRO%2FINS%2F1/nomor-izin", ["nomor_izin": "551/1"])]]
    }

    @Test func everyPlannedMessageAppliedOnceIsAPerfectRun() {
        let report = oracle.judge(expected: planned, journals: everythingOnce)
        #expect(report.perfect)
        #expect(report.expected == 5 && report.arrivedOnce == 5)
        #expect(report.targets["dpmptsp"] == DeliveryOracle.TargetReport(expected: 1, arrivedOnce: 1))
    }

    @Test func aMessageThatNeverArrivedFailsTheRunAndIsNamed() {
        var journals = everythingOnce
        journals["siinas"] = []
        let report = oracle.judge(expected: planned, journals: journals)
        #expect(!report.perfect)
        #expect(report.missing == ["siinas bap VT-2 BAP/01"])
        #expect(report.targets["siinas"]?.missing == 1)
    }

    @Test func aMessageAppliedTwiceIsADuplicateEvenUnderAnotherKey() {
        var journals = everythingOnce
        // The same status again, as a retry after a lost reply would send it to a receiver without idempotency.
        journals["oss"]?.append(received("/v1/kl/rba/receiveLicenseStatus", status("I-1", "45")))
        let report = oracle.judge(expected: planned, journals: journals)
        #expect(report.duplicated == ["oss receiveLicenseStatus I-1 45 ×2"])
        #expect(report.targets["oss"] == DeliveryOracle.TargetReport(expected: 1, arrivedMoreThanOnce: 1, duplicates: 1))
    }

    @Test func aMessageNoPlanImpliesIsUnexpected() {
        var journals = everythingOnce
        journals["oss"]?.append(received("/v1/kl/rba/receiveLicenseStatus", status("I-1", "93")))
        let report = oracle.judge(expected: planned, journals: journals)
        #expect(report.unexpected == ["oss receiveLicenseStatus I-1 93"])
        #expect(!report.perfect)
    }

    @Test func injectedErrorsReplaysAndOtherSendersRequestsAreNotArrivals() {
        var journals = everythingOnce
        journals["oss"]? += [
            received("/v1/kl/rba/receiveLicenseStatus", status("I-1", "45"), status: 503, fault: "error"),
            received("/v1/kl/rba/receiveLicenseStatus", status("I-1", "45"), status: 429, fault: "error"),
            received("/v1/kl/rba/receiveLicenseStatus", status("I-1", "45"), fault: "replay"),
            // SIINas reports a permit's effectiveness itself (SOP 002 steps 18-19), under its own kd_instansi.
            received("/v1/kl/rba/receiveLicenseStatus", status("I-1", "12", instansi: "999")),
            received("/v1/kl/rba/checkLicenseStatus", ["CHECKLICENSESTATUS": ["id_izin": "I-1"]]),
        ]
        #expect(oracle.judge(expected: planned, journals: journals).perfect)
    }

    @Test func aMessageTheReceiverRefusedByItselfIsAFindingEvenWhenItArrivedLater() {
        var journals = everythingOnce
        // SIPRO refused the status once (no fault was injected), then took it: the refusal still fails the run.
        journals["sipro"]?.insert(received("/api/v1/permohonan/SIPRO%2FINS%2F1/status", ["status": "diproses"], status: 409), at: 1)
        let report = oracle.judge(expected: planned, journals: journals)
        #expect(!report.perfect)
        #expect(report.refused == ["sipro status SIPRO/INS/1 diproses"])
        #expect(report.targets["sipro"] == DeliveryOracle.TargetReport(expected: 2, arrivedOnce: 2, refused: 1))
    }
}
