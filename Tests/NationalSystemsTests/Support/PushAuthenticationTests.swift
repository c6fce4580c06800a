import Foundation
import GatewayCore
import NationalSystems
import Testing

@Suite struct PushAuthenticationTests {
    let credentials = OSSCredentials(username: "u", password: "p")
    let now = Date(timeIntervalSince1970: 1_797_469_200)  // 17 December 2026, 08:00 in Jakarta

    func oss(_ body: String, token: String?, method: OSSMethod = .receiveNIB) -> PushAuthentication.Verdict {
        PushAuthentication.oss(Array(body.utf8), method: method, token: token, credentials: credentials, at: now, skew: .seconds(900))
    }

    func token(_ nib: String) -> String { OSSToken.token(credentials, nib: nib, at: now) }

    @Test func anOSSPushIsReadOnlyAfterItsTokenMatchesANIBItNames() {
        let body = #"{"dataNIB": {"nib": "8120000110001", "data_checklist": []}}"#
        guard case .accepted(let message) = oss(body, token: token("8120000110001")) else { Issue.record("not accepted"); return }
        #expect(message.messageID == "8120000110001")
        #expect(oss(body, token: token("8120000110002")) == .refused(status: 401, reason: "Unauthenticated: the Token header does not match SHA1(username, password, NIB, date)"))
        #expect(oss(body, token: nil) == oss(body, token: ""))
        guard case .refused(400, let reason) = oss("bukan json", token: token("8120000110001")) else { Issue.record("not refused"); return }
        #expect(reason.contains("nib is missing"))
        // Its sender proved itself, so a body that does not read is kept: unreadable, not refused.
        guard case .unreadable(400, _) = oss(#"{"dataNIB": {"nib": "8120000110001", "data_checklist": [}"#, token: token("8120000110001")) else {
            Issue.record("not unreadable"); return
        }
        let smuggled = #"{"x": {"nib": "8120000110002"}, "dataNIB": {"nib": "8120000110003", "data_checklist": []}}"#
        guard case .refused(401, _) = oss(smuggled, token: token("8120000110002")) else { Issue.record("smuggled through"); return }
    }

    @Test func aSIINasPushIsReadOnlyWhenSignedAndThenOnlyWhenFresh() throws {
        let body = Array(#"{"id": "N-1", "type": "data_industri.dipenuhi", "id_izin": "I-1", "occurred_at": "2026-12-17T08:05:00+07:00"}"#.utf8)
        let signature = try #require(SIINasSignature.sign(body, secret: "s"))
        func verdict(_ body: [UInt8], _ signature: String?, at instant: Date? = nil) -> PushAuthentication.Verdict {
            PushAuthentication.siinas(body, signature: signature, secret: "s", at: instant ?? now, window: .seconds(900))
        }
        guard case .accepted = verdict(body, signature) else { Issue.record("not accepted"); return }
        guard case .refused(401, _) = verdict(body, "sha256=00") else { Issue.record("not refused"); return }
        guard case .refused(401, _) = verdict(body + [0x20], signature) else { Issue.record("a changed body passed"); return }
        guard case .unreadable(400, _) = verdict(body, signature, at: now.addingTimeInterval(86_400)) else { Issue.record("a day-old push passed"); return }
    }
}
