import Foundation
import GatewayCore
import GatewayHTTP

/// Officers in a browser: each role logs in once at `/masuk` with its token, and decides through the desk's pages as
/// a person would: the case at work (`/meja/kasus/{id}`, for its form's CSRF token and activation), the upload of the
/// step's paper, the check (`…/periksa`), then the send (`…/putuskan`). What `gerbang demo --officers browser` uses,
/// so the oracle judges what the national systems received from decisions made on the pages (issue 30).
public final class DeskBrowser: @unchecked Sendable {
    /// Sends a request to the gateway: method, path, header fields, body.
    public typealias Send = @Sendable (HTTPMethod, String, HTTPHeaders, [UInt8]) throws -> ClientResponse

    /// A page answered with a status the officer cannot go on from, with its text (the page says why).
    public struct Refused: Error, CustomStringConvertible {
        public let path: String
        public let status: Int
        public let page: String
        public var description: String { "\(path) answered \(status): " + page.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression) }
    }

    private let send: Send
    private var sessions: [String: String] = [:]
    private let lock = NSLock()

    public init(send: @escaping Send) {
        self.send = send
    }

    /// Makes the decision through the pages: true once sent, false when the case moved meanwhile (409, as the API's) or the
    /// page offers this role no form.
    /// - Parameter choice: the form's answer: ya, tidak, selesai or kembalikan.
    public func decide(caseID: String, step: Int, role: String, choice: String, note: String?, attributes: [String: String],
                       paper: (name: String, bytes: Data)?) throws -> Bool {
        do {
            return try decide(caseID: caseID, step: step, role: role, choice: choice, note: note, attributes: attributes, paper: paper,
                              cookie: session(for: role))
        } catch let refused as Refused where refused.status == 303 || refused.status == 403 {
            // The session ended (the demo's clock runs hours a second past statusPage.sessionMinutes): log in again, once.
            lock.withLock { _ = sessions.removeValue(forKey: role) }
            return try decide(caseID: caseID, step: step, role: role, choice: choice, note: note, attributes: attributes, paper: paper,
                              cookie: session(for: role))
        }
    }

    private func decide(caseID: String, step: Int, role: String, choice: String, note: String?, attributes: [String: String],
                        paper: (name: String, bytes: Data)?, cookie: String) throws -> Bool {
        let casePath = "/meja/kasus/\(caseID.percentEncodedSegment)"
        let page = try expect(casePath, [200], send(.get, casePath, ["Cookie": cookie], []))
        guard let csrf = Self.field("csrf", in: page), let activation = Self.field("aktivasi", in: page) else {
            return false  // no form: the step is no longer this role's to decide
        }
        if let paper {
            let boundary = "----GerbangDemoBoundary\(step)x\(activation)"
            let body = Self.part("csrf", csrf, boundary) + Self.part("langkah", "\(step)", boundary)
                + Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"\(paper.name)\"\r\nContent-Type: application/pdf\r\n\r\n".utf8)
                + Array(paper.bytes) + Array("\r\n--\(boundary)--\r\n".utf8)
            let uploaded = try send(.post, casePath + "/berkas", ["Cookie": cookie, "Content-Type": "multipart/form-data; boundary=\(boundary)"], body)
            if uploaded.status.code == 409 { return false }
            _ = try expect(casePath + "/berkas", [201], uploaded)
        }
        var fields = [("csrf", csrf), ("langkah", "\(step)"), ("aktivasi", activation), ("jawaban", choice)]
        if let note { fields.append(("catatan", note)) }
        fields += attributes.sorted { $0.key < $1.key }.map { ("atribut." + $0.key, $0.value) }
        let form = Array(fields.map { "\($0.0)=\(Self.formEncoded($0.1))" }.joined(separator: "&").utf8)
        let headers: HTTPHeaders = ["Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"]
        // Checked first, as the page asks, then sent.
        let checked = try send(.post, casePath + "/periksa", headers, form)
        if checked.status.code == 409 { return false }
        _ = try expect(casePath + "/periksa", [200], checked)
        let sent = try send(.post, casePath + "/putuskan", headers, form)
        if sent.status.code == 409 { return false }
        _ = try expect(casePath + "/putuskan", [200], sent)
        return true
    }

    /// The role's session cookie, logging in the first time: the form's own cookie and CSRF field, then the token.
    private func session(for role: String) throws -> String {
        if let known = lock.withLock({ sessions[role] }) { return known }
        let form = try send(.get, "/masuk", [:], [])
        guard let nonce = form.headers["Set-Cookie"].map({ String($0.prefix { $0 != ";" }) }),
              let csrf = Self.field("csrf", in: String(decoding: form.body, as: UTF8.self)) else {
            throw Refused(path: "/masuk", status: form.status.code, page: String(decoding: form.body, as: UTF8.self))
        }
        let body = Array("token=\(Self.formEncoded(OfficerDesk.token(for: role)))&csrf=\(csrf)&lanjut=%2Fmeja".utf8)
        let answer = try send(.post, "/masuk", ["Cookie": nonce, "Content-Type": "application/x-www-form-urlencoded"], body)
        guard answer.status.code == 303, let cookie = answer.headers["Set-Cookie"].map({ String($0.prefix { $0 != ";" }) }) else {
            throw Refused(path: "/masuk", status: answer.status.code, page: String(decoding: answer.body, as: UTF8.self))
        }
        lock.withLock { sessions[role] = cookie }
        return cookie
    }

    private func expect(_ path: String, _ statuses: Set<Int>, _ response: ClientResponse) throws -> String {
        let page = String(decoding: response.body, as: UTF8.self)
        guard statuses.contains(response.status.code) else { throw Refused(path: path, status: response.status.code, page: page) }
        return page
    }

    /// The value of a form's hidden field on a page (the last one: the decision form's).
    static func field(_ name: String, in page: String) -> String? {
        let marker = "name=\"\(name)\" value=\""
        guard let start = page.range(of: marker, options: .backwards)?.upperBound else { return nil }
        return String(page[start...].prefix { $0 != "\"" })
    }

    private static func part(_ name: String, _ value: String, _ boundary: String) -> [UInt8] {
        Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
    }

    /// application/x-www-form-urlencoded, as a browser encodes a field (WHATWG URL §5.2).
    static func formEncoded(_ text: String) -> String {
        text.percentEncodedSegment
    }
}
