import Foundation
import GatewayCore
import GatewayHTTP
import NationalSystems

/// One authenticated, harmless call to a national system with the configured address, TLS trust and
/// credentials, as `gerbang doctor` makes it: a reply proves the path the gateway's own calls take, where
/// "something answers on the port" did not (a 404 from the wrong base URL, a 401 for a wrong key).
///
/// OSS: checkLicenseStatus of a permit (one the database holds, else a dummy id_izin, which OSS answers
/// 400 "Data izin tidak ditemukan" after accepting the credentials). SIINas and SIPRO: one item of the
/// feed the pollers read. DPMPTSP: the letter box's listing.
public enum SystemProbe {
    public struct Result: Sendable, Equatable {
        public let passed: Bool
        public let detail: String
    }

    /// An id_izin no permit has: OSS's answer to it still proves the address and the credentials.
    static let dummyPermit = "I-000000000000000000000000"

    public static func probe(_ system: String, settings: GatewaySettings, secrets: Secrets, knownPermit: String?,
                             timeout: Duration = .seconds(5)) -> Result {
        guard var target = settings.systems.target(system) else { return Result(passed: false, detail: "no system \(system)") }
        target.timeoutMilliseconds = Int(timeout.milliseconds)
        let started = ContinuousClock.now
        let call: String
        do {
            switch system {
            case "oss":
                let permit = knownPermit ?? dummyPermit
                call = "checkLicenseStatus \(permit)"
                do {
                    _ = try OSSClient(target: target, secrets: secrets).call(.checkLicenseStatus, ["id_izin": .string(permit)])
                } catch HTTPClientError.httpStatus(_, let status, _) where status.code == 400 && knownPermit == nil {
                    // The dummy permit is unknown, as it should be: the credentials were taken.
                }
            default:
                let path = SystemFeed.probePath(system)
                call = "GET \(path)"
                let client = HTTPClient(configuration: target.clientConfiguration)
                let response = try client.send(ClientRequest(url: target.url + path, headers: Dispatcher.credentials(for: system, secrets: secrets)))
                    .requireSuccess()
                _ = try JSONValue.decode(Data(response.body))
            }
        } catch HTTPClientError.httpStatus(_, let status, _) where status.code == 401 || status.code == 403 {
            return Result(passed: false, detail: "\(target.url) refused the credentials (HTTP \(status.code)): check the secrets of \(system)")
        } catch HTTPClientError.httpStatus(_, let status, _) where status.code == 404 {
            return Result(passed: false, detail: "\(target.url) has no such path (HTTP 404 for the probe): check systems.\(system).url")
        } catch {
            return Result(passed: false, detail: "\(target.url): \(error); the outbox keeps its messages until it answers")
        }
        let milliseconds = (ContinuousClock.now - started).milliseconds
        return Result(passed: true, detail: "\(target.url) took the credentials (\(call), \(String(format: "%.0f", milliseconds)) ms)")
    }
}
