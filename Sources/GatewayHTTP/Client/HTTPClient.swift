import CCurl
import Foundation
import GatewayCore

/// An outbound request.
public struct ClientRequest: Sendable {
    public var method: HTTPMethod
    public var url: String
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The whole exchange must finish within this; nil takes the client's default.
    public var timeout: Duration?
    /// Sent on a connection of its own, never a reused one. libcurl resends, unseen, a request whose reused
    /// connection died before any answer came; a receiver that already applied it and keeps no idempotency
    /// (OSS) would then apply it twice. On a fresh connection libcurl does not retry: the caller decides.
    public var freshConnection = false

    public init(method: HTTPMethod = .get, url: String, headers: HTTPHeaders = [:], body: [UInt8] = [], timeout: Duration? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// A response from the other side, whatever its status.
public struct ClientResponse: Sendable {
    public let url: String
    public let status: HTTPStatus
    public let headers: HTTPHeaders
    public let body: [UInt8]

    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The response when its status is 2xx; otherwise ``HTTPClientError/httpStatus(url:status:body:)``.
    @discardableResult
    public func requireSuccess() throws(HTTPClientError) -> ClientResponse {
        guard status.isSuccess else {
            throw .httpStatus(url: url, status: status, body: String(bodyText.prefix(500)))
        }
        return self
    }

    public func decodeJSON<T: Decodable>(_ type: T.Type, using decoder: JSONDecoder = JSONDecoder()) throws -> T {
        try decoder.decode(T.self, from: Data(body))
    }
}

/// Settings shared by every request of a client.
public struct ClientConfiguration: Sendable {
    public var connectTimeout: Duration = .seconds(5)
    public var timeout: Duration = .seconds(30)
    /// Larger responses are refused, whether their size is declared or not.
    public var maxResponseBytes = 16 * 1024 * 1024
    /// A PEM file of CAs to trust besides the system's (a national system's own CA, a test CA).
    /// Certificate verification itself cannot be turned off.
    public var extraCAFile: String?
    /// Idle handles (each with its open connections) kept for reuse.
    public var maxIdleHandles = 8
    public var userAgent = "gerbang"

    public init() {}
}

/// A blocking HTTP client over libcurl.
///
/// libcurl rather than URLSession: on Linux URLSession truncates
/// `timeoutInterval` to whole seconds, so a 250 ms deadline fires at once or
/// after a second, and its RSS grew by about 115 bytes per request over 50,000
/// requests; libcurl takes millisecond timeouts and keeps connections alive in
/// its reused handles. Safe to call from many threads: each call takes its
/// own handle from a small pool.
public final class HTTPClient: Sendable {
    public let configuration: ClientConfiguration
    private let idleHandles = Locked<[Handle]>([])

    /// libcurl's global state, set up once before the first handle (curl_global_init is not thread-safe).
    private static let globalInit: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    public init(configuration: ClientConfiguration = ClientConfiguration()) {
        self.configuration = configuration
        _ = Self.globalInit
    }

    /// Sends the request and waits for the response, within its timeout.
    public func send(_ request: ClientRequest) throws(HTTPClientError) -> ClientResponse {
        let handle = idleHandles.withLock { $0.popLast() } ?? Handle()
        guard let easy = handle.easy else {
            throw .transport(url: request.url, detail: "libcurl could not create a handle")
        }
        let result = perform(request, on: easy)
        idleHandles.withLock { idle in
            if idle.count < configuration.maxIdleHandles { idle.append(handle) }
        }
        return try result.get()
    }

    public func get(_ url: String, headers: HTTPHeaders = [:], timeout: Duration? = nil) throws(HTTPClientError) -> ClientResponse {
        try send(ClientRequest(method: .get, url: url, headers: headers, timeout: timeout))
    }

    /// POSTs a value as JSON.
    public func postJSON<T: Encodable>(_ url: String, _ value: T, headers: HTTPHeaders = [:], timeout: Duration? = nil) throws(HTTPClientError) -> ClientResponse {
        let body: [UInt8]
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            body = Array(try encoder.encode(value))
        } catch {
            throw .invalidRequest(url: url, detail: "the body cannot be encoded as JSON: \(error)")
        }
        var fields = headers
        if fields["Content-Type"] == nil { fields.set("Content-Type", "application/json") }
        return try send(ClientRequest(method: .post, url: url, headers: fields, body: body, timeout: timeout))
    }

    // MARK: libcurl

    private func perform(_ request: ClientRequest, on easy: UnsafeMutableRawPointer) -> Result<ClientResponse, HTTPClientError> {
        let url = request.url
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            return .failure(.invalidRequest(url: url, detail: "only http:// and https:// URLs are sent"))
        }
        // Keeps the connection cache and TLS sessions; clears the previous request's options.
        curl_easy_reset(easy)
        let timeout = request.timeout ?? configuration.timeout
        let sink = ResponseSink(limit: configuration.maxResponseBytes)
        var errorText = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)

        var fields: UnsafeMutablePointer<curl_slist>?
        for field in request.headers where !HTTPHeaders.same(field.name, "Content-Length") {
            fields = curl_slist_append(fields, "\(field.name): \(field.value)")
        }
        // curl would otherwise send "Expect: 100-continue" for larger bodies and wait a round trip.
        fields = curl_slist_append(fields, "Expect:")
        defer { curl_slist_free_all(fields) }

        let code: CURLcode = request.body.withUnsafeBufferPointer { body in
            errorText.withUnsafeMutableBufferPointer { errorBuffer in
                withExtendedLifetime(sink) {
                    _ = ccurl_set_string(easy, CURLOPT_URL, url)
                    _ = ccurl_set_string(easy, CURLOPT_PROTOCOLS_STR, "http,https")
                    _ = ccurl_set_long(easy, CURLOPT_NOSIGNAL, 1)  // required with timeouts in threaded programs
                    _ = ccurl_set_long(easy, CURLOPT_TIMEOUT_MS, Self.milliseconds(timeout))
                    _ = ccurl_set_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(min(timeout, configuration.connectTimeout)))
                    _ = ccurl_set_long(easy, CURLOPT_SSL_VERIFYPEER, 1)
                    _ = ccurl_set_long(easy, CURLOPT_SSL_VERIFYHOST, 2)
                    if let extra = configuration.extraCAFile {
                        // The extra file plus the system's CA directory: both are trusted.
                        _ = ccurl_set_string(easy, CURLOPT_CAINFO, extra)
                        _ = ccurl_set_string(easy, CURLOPT_CAPATH, "/etc/ssl/certs")
                    }
                    _ = ccurl_set_long(easy, CURLOPT_FOLLOWLOCATION, 0)
                    if request.freshConnection {
                        _ = ccurl_set_long(easy, CURLOPT_FRESH_CONNECT, 1)
                        _ = ccurl_set_long(easy, CURLOPT_FORBID_REUSE, 1)
                    }
                    _ = ccurl_set_offset(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(configuration.maxResponseBytes))
                    _ = ccurl_set_string(easy, CURLOPT_USERAGENT, configuration.userAgent)
                    _ = ccurl_set_pointer(easy, CURLOPT_HTTPHEADER, fields)
                    _ = ccurl_set_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer.baseAddress)
                    let context = Unmanaged.passUnretained(sink).toOpaque()
                    _ = ccurl_set_callback(easy, CURLOPT_WRITEFUNCTION, ResponseSink.receiveBody)
                    _ = ccurl_set_pointer(easy, CURLOPT_WRITEDATA, context)
                    _ = ccurl_set_callback(easy, CURLOPT_HEADERFUNCTION, ResponseSink.receiveHeader)
                    _ = ccurl_set_pointer(easy, CURLOPT_HEADERDATA, context)
                    switch request.method {
                    case .get where request.body.isEmpty:
                        _ = ccurl_set_long(easy, CURLOPT_HTTPGET, 1)
                    case .head:
                        _ = ccurl_set_long(easy, CURLOPT_NOBODY, 1)
                    default:
                        _ = ccurl_set_string(easy, CURLOPT_CUSTOMREQUEST, request.method.rawValue)
                        if !request.body.isEmpty || request.method == .post || request.method == .put || request.method == .patch {
                            _ = ccurl_set_offset(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
                            _ = ccurl_set_pointer(easy, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: body.baseAddress ?? UnsafePointer(bitPattern: 1)!))
                        }
                    }
                    return curl_easy_perform(easy)
                }
            }
        }

        guard code == CURLE_OK else {
            let written = String(decoding: errorText.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let detail = written.isEmpty ? String(cString: curl_easy_strerror(code)) : written
            return .failure(Self.error(code, url: url, detail: detail, timeout: timeout, sink: sink))
        }
        var status = 0
        _ = ccurl_get_long(easy, CURLINFO_RESPONSE_CODE, &status)
        return .success(ClientResponse(url: url, status: HTTPStatus(status), headers: sink.headers, body: sink.body))
    }

    private static func error(_ code: CURLcode, url: String, detail: String, timeout: Duration, sink: ResponseSink) -> HTTPClientError {
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_PROXY:
            return .couldNotConnect(url: url, detail: detail)
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut(url: url, after: timeout)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS,
             CURLE_SSL_CRL_BADFILE, CURLE_SSL_SHUTDOWN_FAILED:
            return .tlsFailed(url: url, detail: detail)
        case CURLE_FILESIZE_EXCEEDED:
            return .responseTooLarge(url: url, limit: sink.limit)
        case CURLE_WRITE_ERROR where sink.exceeded:
            return .responseTooLarge(url: url, limit: sink.limit)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return .invalidRequest(url: url, detail: detail)
        default:
            return .transport(url: url, detail: detail)
        }
    }

    /// What CURLOPT_TIMEOUT_MS gets: whole milliseconds, at least one (0 would mean no deadline at all).
    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }

    /// One libcurl easy handle; it keeps its connections open between requests.
    private final class Handle: @unchecked Sendable {
        // Only one thread uses a handle at a time: it is out of the pool while in use.
        let easy: UnsafeMutableRawPointer?

        init() {
            easy = curl_easy_init()
        }

        deinit {
            if let easy { curl_easy_cleanup(easy) }
        }
    }
}

/// Collects a response's status line, header fields and body from libcurl's callbacks.
private final class ResponseSink {
    let limit: Int
    var body: [UInt8] = []
    var headers = HTTPHeaders()
    var exceeded = false

    init(limit: Int) {
        self.limit = limit
    }

    static let receiveBody: ccurl_data_callback = { data, size, count, context in
        let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
        let length = size * count
        guard sink.body.count + length <= sink.limit else {
            sink.exceeded = true
            return 0  // makes libcurl stop with CURLE_WRITE_ERROR
        }
        if let data { sink.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length)) }
        return length
    }

    static let receiveHeader: ccurl_data_callback = { data, size, count, context in
        let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
        let length = size * count
        guard let data else { return length }
        let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
            .trimmingCharacters(in: .newlines)
        if line.hasPrefix("HTTP/") {
            sink.headers = HTTPHeaders()  // a new response (after a 100 Continue or a redirect)
        } else if let colon = line.firstIndex(of: ":") {
            sink.headers.add(String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
        return length
    }
}
