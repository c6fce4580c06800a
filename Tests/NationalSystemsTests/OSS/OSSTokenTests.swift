import Foundation
import GatewayCore
import GatewayTestSupport
import Testing
@testable import NationalSystems

@Suite struct OSSTokenTests {
    let credentials = OSSCredentials(username: "dinas-perindustrian", password: "rahasia")
    let nib = "8120207730001"

    /// SHA-1 by a program we did not write.
    func independentSHA1(_ text: String) throws -> String {
        let output = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/sha1sum"), [], stdin: text)
        return String(output.stdout.prefix(40))
    }

    @Test func theTokenIsSHA1OfUsernamePasswordNIBAndTheDate() throws {
        let token = OSSToken.token(credentials, nib: nib, on: LocalDate(iso: "2026-12-31")!)
        #expect(token == (try independentSHA1("dinas-perindustrianrahasia812020773000120261231")))
    }

    @Test func theDateIsJakartasNotUTCs() throws {
        // 2026-12-31 18:30 UTC is already 1 January 2027, 01:30 in Jakarta.
        let instant = ISO8601DateFormatter().date(from: "2026-12-31T18:30:00Z")!
        #expect(OSSToken.token(credentials, nib: nib, at: instant) == (try independentSHA1("dinas-perindustrianrahasia812020773000120270101")))
    }

    /// The tokens of 31 December, 1 and 2 January for this NIB, each computed by sha1sum.
    func independentTokens() throws -> (december31: String, january1: String, january2: String) {
        (try independentSHA1("dinas-perindustrianrahasia812020773000120261231"),
         try independentSHA1("dinas-perindustrianrahasia812020773000120270101"),
         try independentSHA1("dinas-perindustrianrahasia812020773000120270102"))
    }

    func accepted(at time: String, skewMinutes: Int = 15) throws -> [Bool] {
        let instant = try #require(ISO8601DateFormatter().date(from: time))
        let tokens = try independentTokens()
        return [tokens.december31, tokens.january1, tokens.january2].map {
            OSSToken.accepts($0, credentials: credentials, nib: nib, at: instant, skew: .seconds(skewMinutes * 60))
        }
    }

    @Test func atTenToMidnightTomorrowsTokenIsAcceptedButNotYesterdays() throws {
        // 1 January 23:50 WIB: 1 January's token, and 2 January's for a clock 10 minutes ahead.
        #expect(try accepted(at: "2027-01-01T23:50:00+07:00") == [false, true, true])
    }

    @Test func atTenPastMidnightYesterdaysTokenIsAcceptedButNotTomorrows() throws {
        // 1 January 00:10 WIB: 1 January's token, and 31 December's for a clock 10 minutes behind.
        #expect(try accepted(at: "2027-01-01T00:10:00+07:00") == [true, true, false])
    }

    @Test func atNoonOnlyTodaysTokenIsAccepted() throws {
        #expect(try accepted(at: "2027-01-01T12:00:00+07:00") == [false, true, false])
    }

    @Test func theWindowFollowsTheConfiguredSkew() throws {
        // 00:10 is outside a 5-minute window, and a token for another NIB is never accepted.
        #expect(try accepted(at: "2027-01-01T00:10:00+07:00", skewMinutes: 5) == [false, true, false])
        let instant = try #require(ISO8601DateFormatter().date(from: "2027-01-01T12:00:00+07:00"))
        #expect(!OSSToken.accepts(try independentTokens().january1, credentials: credentials, nib: "8120207730002", at: instant))
    }

    @Test func anUpperCaseTokenIsTheSameToken() {
        let today = Date(timeIntervalSince1970: 1_797_814_800)
        let token = OSSToken.token(credentials, nib: nib, at: today)
        #expect(OSSToken.accepts(token.uppercased(), credentials: credentials, nib: nib, at: today))
    }
}

@Suite struct OSSCodesTests {
    @Test func listedCodesHaveTheirLampiran10Names() {
        #expect(OSSStatusCode("50").name == "Disetujui")
        #expect(OSSStatusCode("57").isListed)
        #expect(OSSStatusCode("5").code == "05")
    }

    @Test func theCodeOSSItselfAnswersWithIsNotListedButKept() {
        let code = OSSStatusCode("58")
        #expect(!code.isListed)
        #expect(code.description == "58 (not in Lampiran 10)")
    }

    @Test func methodsKnowTheirWrappers() {
        #expect(OSSMethod.checkLicenseStatus.requestWrapper == "CHECKLICENSESTATUS")
        #expect(OSSMethod.checkLicenseStatus.replyWrapper == "responcheckLicenseStatus")
        #expect(OSSMethod.inqueryFileDS.replyWrapper == "responInqueryFileDS")
        #expect(OSSMethod.receiveLicenseStatus.path == "/v1/kl/rba/receiveLicenseStatus")
    }
}

@Suite struct IzinStatusTests {
    @Test func anIzinStatusRoundTripsThroughItsJSON() {
        let status = IzinStatus(idIzin: "I-1", kdStatus: .requirementsVerified, nib: "8120207730001", kdInstansi: "033", tglStatus: "2026-12-17 09:00:00")
        #expect(IzinStatus(status.json) == status)
        #expect(status.json["kd_status"] == "45")
    }

    @Test func withoutIdIzinOrKdStatusItIsNotAStatus() {
        #expect(IzinStatus(["kd_status": "50"]) == nil)
        #expect(IzinStatus(["id_izin": "I-1"]) == nil)
        #expect(IzinStatus(["id_izin": "I-1", "kd_status": 50])?.kdStatus == .approved)
    }
}
