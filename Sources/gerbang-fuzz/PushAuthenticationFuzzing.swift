import Foundation
import GatewayCore
import NationalSystems

/// Random Tokens and signatures over random bodies: a push is let past ``PushAuthentication`` (to be kept or
/// applied) only when its credential is the right one, recomputed here from the credentials and the bytes
/// without the code under test. Anything else let through is a finding, and stops the run.
///
/// The first byte chooses: bit 0 OSS (receiveNIB, receiveFileDS by bit 2) or SIINas; bit 1 whether the harness
/// signs correctly (so that the paths past authentication are fuzzed too) or takes the credential from the input
/// (its next 40 or 71 bytes), the rest being the body.
enum PushAuthenticationFuzzing {
    static let credentials = OSSCredentials(username: "fuzz-user", password: "fuzz-password")
    static let secret = "fuzz-signing-secret-5f0c9e1a7b3d"
    static let now = Date(timeIntervalSince1970: 1_797_469_200)  // 17 December 2026, 08:00 in Jakarta
    static let skew: Duration = .seconds(15 * 60)

    static func run(_ input: [UInt8]) {
        guard let mode = input.first else { return }
        let rest = Array(input.dropFirst())
        let signsCorrectly = mode & 2 != 0
        if mode & 1 == 0 {
            oss(rest, method: mode & 4 == 0 ? .receiveNIB : .receiveFileDS, signsCorrectly: signsCorrectly)
        } else {
            siinas(rest, signsCorrectly: signsCorrectly)
        }
    }

    /// The tokens good at `now` for `nib`: SHA1 of username, password, NIB and each day within the skew.
    static func goodTokens(_ nib: String) -> Set<String> {
        Set(OSSToken.days(at: now, skew: skew).map { Digest.sha1Hex(credentials.username + credentials.password + nib + OSSToken.ymd($0)) })
    }

    static func oss(_ rest: [UInt8], method: OSSMethod, signsCorrectly: Bool) {
        let token: String, body: [UInt8]
        if signsCorrectly {
            body = rest
            guard let nib = OSSInbound.claimedNIBs(in: body).first else { return }
            token = goodTokens(nib).sorted().first ?? ""
        } else {
            token = String(decoding: rest.prefix(40), as: UTF8.self)
            body = Array(rest.dropFirst(40))
        }
        let verdict = PushAuthentication.oss(body, method: method, token: token, credentials: credentials, at: now, skew: skew)
        guard case .refused = verdict else {
            // Past the gate: the Token must be one of a NIB the body names.
            let claimed = OSSInbound.claimedNIBs(in: body)
            guard claimed.contains(where: { goodTokens($0).contains(token.lowercased()) }) else {
                fatalError("an OSS push was let past authentication with a Token for none of its NIBs: \(verdict)")
            }
            if case .accepted(let message) = verdict {
                let nib = message.attributes["nib"] ?? message.messageID
                guard goodTokens(nib).contains(token.lowercased()) else {
                    fatalError("an OSS message about NIB \(nib) was accepted with another NIB's Token")
                }
            }
            return
        }
    }

    static func siinas(_ rest: [UInt8], signsCorrectly: Bool) {
        let signature: String, body: [UInt8]
        if signsCorrectly {
            body = rest
            signature = SIINasSignature.sign(body, secret: secret) ?? ""
        } else {
            signature = String(decoding: rest.prefix(71), as: UTF8.self)
            body = Array(rest.dropFirst(71))
        }
        let verdict = PushAuthentication.siinas(body, signature: signature, secret: secret, at: now, window: .seconds(15 * 60))
        guard case .refused = verdict else {
            guard let expected = Digest.hmacSHA256Hex(key: secret, message: body), signature == "sha256=" + expected else {
                fatalError("a SIINas push was let past authentication without its signature: \(verdict)")
            }
            return
        }
    }
}
