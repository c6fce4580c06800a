import Foundation
import GatewayCore

/// The username and password an agency registered with OSS, from which the
/// daily Token is derived. Secrets: never logged.
public struct OSSCredentials: Sendable, Equatable {
    public let username: String
    public let password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }
}

/// The `Token` header OSS sends with receiveNIB and receiveFileDS:
/// SHA1(USERNAME + PASSWORD + NIB + DATE(Ymd)) (PIA, receiveNIB header).
///
/// The date is OSS's, in Asia/Jakarta: a receiver whose clock or zone
/// differs near midnight computes another day's token (oss-rba.md §5,
/// failure mode 1), so a receiver accepts the days either side too.
public enum OSSToken {
    public static let zone = TimeZone(identifier: "Asia/Jakarta") ?? TimeZone(secondsFromGMT: 7 * 3600)!

    public static func token(_ credentials: OSSCredentials, nib: String, on date: LocalDate) -> String {
        Digest.sha1Hex(credentials.username + credentials.password + nib + ymd(date))
    }

    public static func token(_ credentials: OSSCredentials, nib: String, at instant: Date) -> String {
        token(credentials, nib: nib, on: LocalDate.of(instant, in: zone).date)
    }

    /// Whether `token` is the one for `nib` on the receiver's day or the day before or after.
    public static func accepts(_ token: String, credentials: OSSCredentials, nib: String, at instant: Date, toleranceDays: Int = 1) -> Bool {
        let today = LocalDate.of(instant, in: zone).date
        // Every candidate is compared, so the time taken does not tell which day matched.
        return (-toleranceDays...toleranceDays)
            .map { Digest.constantTimeEquals(token.lowercased(), self.token(credentials, nib: nib, on: today.adding(days: $0))) }
            .contains(true)
    }

    /// "20261231"
    public static func ymd(_ date: LocalDate) -> String {
        date.description.replacingOccurrences(of: "-", with: "")
    }
}
