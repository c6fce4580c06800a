import Foundation

/// What becomes of a push, decided before anything of it is kept: whether its
/// sender proved who it is (OSS's daily Token, SIINas's signature), and only
/// then whether its body reads. A push that proves nothing is refused with
/// nothing of it kept; one that proves its sender but does not read is kept
/// for operators (within a cap); only a read one is applied (docs/security.md).
public enum PushAuthentication {
    public enum Verdict: Equatable {
        /// The sender proved nothing: answered `status`, nothing of the body kept but its size and hash.
        case refused(status: Int, reason: String)
        /// The sender proved itself, but the body does not read: answered `status`, kept for operators.
        case unreadable(status: Int, reason: String)
        case accepted(InboundMessage)
    }

    /// An OSS push (receiveNIB, receiveFileDS): the Token checked against the NIBs a scan of the bytes finds
    /// (``OSSInbound/claimedNIBs(in:limit:)``) before the body is parsed, and against the parsed message's NIB after:
    /// a Token for one NIB the body names carries no message about another.
    public static func oss(_ body: [UInt8], method: OSSMethod, token: String?, credentials: OSSCredentials, at now: Date,
                           skew: Duration) -> Verdict {
        func authenticates(_ nib: String) -> Bool {
            token.map { OSSToken.accepts($0, credentials: credentials, nib: nib, at: now, skew: skew) } ?? false
        }
        let unauthenticated = "Unauthenticated: the Token header does not match SHA1(username, password, NIB, date)"
        let claimed = OSSInbound.claimedNIBs(in: body)
        guard !claimed.isEmpty else {
            return .refused(status: 400, reason: "\(method.requestWrapper).nib is missing: the Token cannot be checked without it")
        }
        guard claimed.contains(where: authenticates) else { return .refused(status: 401, reason: unauthenticated) }
        let nib: String, message: InboundMessage
        do throws(InboundError) {
            (nib, message) = try OSSInbound.read(body, method: method)
        } catch {
            return .unreadable(status: error.status, reason: error.message)
        }
        guard authenticates(nib) else { return .refused(status: 401, reason: unauthenticated) }
        return .accepted(message)
    }

    /// A SIINas push: its signature over the raw bytes before they are read, then its freshness
    /// (``SIINasInbound/pushed(body:at:window:)``).
    public static func siinas(_ body: [UInt8], signature: String?, secret: String, at now: Date, window: Duration) -> Verdict {
        guard SIINasSignature.verify(signature, body: body, secret: secret) else {
            return .refused(status: 401, reason: "the \(SIINasSignature.header) header does not match the body: a notification must be signed")
        }
        do throws(InboundError) {
            return .accepted(try SIINasInbound.pushed(body: body, at: now, window: window))
        } catch {
            return .unreadable(status: error.status, reason: error.message)
        }
    }
}
