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
/// The date is OSS's, in Asia/Jakarta: a receiver whose clock differs a little
/// computes the other day's token near midnight (oss-rba.md §1.3), so a
/// receiver accepts the neighbouring day's token too, but only within a few
/// minutes of midnight: a token seen yesterday afternoon is useless today.
public enum OSSToken {
    public static let zone = TimeZone(identifier: "Asia/Jakarta") ?? TimeZone(secondsFromGMT: 7 * 3600)!

    /// How far either side of midnight the neighbouring day's token is accepted unless configured
    /// (`security.ossTokenSkewMinutes`).
    public static let defaultSkew: Duration = .seconds(15 * 60)

    public static func token(_ credentials: OSSCredentials, nib: String, on date: LocalDate) -> String {
        Digest.sha1Hex(credentials.username + credentials.password + nib + ymd(date))
    }

    public static func token(_ credentials: OSSCredentials, nib: String, at instant: Date) -> String {
        token(credentials, nib: nib, on: LocalDate.of(instant, in: zone).date)
    }

    /// The Jakarta days whose token is good at `instant`: today's, and the neighbouring day's while
    /// `instant` is within `skew` of the midnight between them.
    public static func days(at instant: Date, skew: Duration) -> Set<LocalDate> {
        let seconds = Double(skew.components.seconds)
        return Set([instant.addingTimeInterval(-seconds), instant, instant.addingTimeInterval(seconds)].map { LocalDate.of($0, in: zone).date })
    }

    /// Whether `token` is the one for `nib` on one of ``days(at:skew:)``.
    public static func accepts(_ token: String, credentials: OSSCredentials, nib: String, at instant: Date, skew: Duration = defaultSkew) -> Bool {
        let given = token.lowercased()
        // Every candidate is compared, so the time taken does not tell which day matched.
        return days(at: instant, skew: skew)
            .map { Digest.constantTimeEquals(given, self.token(credentials, nib: nib, on: $0)) }
            .contains(true)
    }

    /// "20261231". By arithmetic: every push's Token is checked against up to three days, and Foundation's
    /// string replacing took a few microseconds each time (perf, `gerbang bench ingest`).
    public static func ymd(_ date: LocalDate) -> String {
        let digits = String(date.year * 10_000 + date.month * 100 + date.day)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}
