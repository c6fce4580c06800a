import GatewayCore
import Glibc

/// Writes a response head and body in HTTP/1.1 form, adding the fields the
/// server owns: `Date` (RFC 9110 §6.6.1), `Content-Length` (every response
/// that may have content, RFC 9110 §8.6) and `Connection`.
struct ResponseSerializer {
    /// The `Date` value, recomputed once a second.
    private var dateSecond = -1
    private var dateText: [UInt8] = []

    mutating func serialize(
        _ response: HTTPResponse, keepAlive: Bool, version: (major: Int, minor: Int), headOnly: Bool, into output: inout [UInt8]
    ) {
        output.reserveCapacity(output.count + 128 + response.body.count)
        output.append(contentsOf: "HTTP/1.1 \(response.status.code) \(response.status.reason)\r\n".utf8)
        output.append(contentsOf: "Date: ".utf8)
        output.append(contentsOf: currentDate())
        output.append(contentsOf: "\r\n".utf8)
        for field in response.headers where !Self.serverOwned(field.name) {
            Self.appendField(field.name, to: &output)
            output.append(contentsOf: ": ".utf8)
            Self.appendField(field.value, to: &output)
            output.append(contentsOf: "\r\n".utf8)
        }
        if response.status.allowsBody {
            output.append(contentsOf: "Content-Length: \(response.body.count)\r\n".utf8)
        }
        if !keepAlive {
            output.append(contentsOf: "Connection: close\r\n".utf8)
        } else if version.minor == 0 {
            output.append(contentsOf: "Connection: keep-alive\r\n".utf8)  // RFC 9112 §9.3: 1.0 persists only when asked
        }
        output.append(contentsOf: "\r\n".utf8)
        if response.status.allowsBody, !headOnly {
            output.append(contentsOf: response.body)
        }
    }

    /// Appends a header name or value with every control character but HT written as a space (RFC 9110 §5.5:
    /// CR, LF and NUL are never part of a field). Whatever a handler put in a header, a value can then never end
    /// the field or the head early and add fields of its own (response splitting).
    private static func appendField(_ text: String, to output: inout [UInt8]) {
        let start = output.count
        output.append(contentsOf: text.utf8)
        for index in start..<output.count where output[index] < 0x20 && output[index] != 0x09 || output[index] == 0x7F {
            output[index] = 0x20
        }
    }

    static let continueLine = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    private static func serverOwned(_ name: String) -> Bool {
        HTTPHeaders.same(name, "Content-Length") || HTTPHeaders.same(name, "Date")
            || HTTPHeaders.same(name, "Connection") || HTTPHeaders.same(name, "Transfer-Encoding")
    }

    private mutating func currentDate() -> [UInt8] {
        let second = time(nil)
        if second != dateSecond {
            dateSecond = second
            dateText = Array(HTTPDate.format(secondsSince1970: second).utf8)
        }
        return dateText
    }
}

/// IMF-fixdate, the one date format a server sends (RFC 9110 §5.6.7): "Sun, 06 Nov 1994 08:49:37 GMT".
enum HTTPDate {
    private static let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(secondsSince1970 seconds: Int) -> String {
        let dayNumber = Int((Double(seconds) / 86_400).rounded(.down))
        let date = LocalDate(dayNumber: dayNumber)
        let clock = seconds - dayNumber * 86_400
        let weekday = days[Weekday.allCases.firstIndex(of: date.weekday) ?? 0]
        return "\(weekday), \(pad(date.day)) \(months[date.month - 1]) \(date.year) \(pad(clock / 3600)):\(pad(clock % 3600 / 60)):\(pad(clock % 60)) GMT"
    }

    private static func pad(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
