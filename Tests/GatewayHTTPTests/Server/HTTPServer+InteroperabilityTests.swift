import Foundation
import GatewayTestSupport
import Testing
@testable import GatewayHTTP

/// Round trips with clients we did not write: curl and Python's http.client.
@Suite struct HTTPServerInteroperabilityTests {
    @Test(.enabled(if: ExternalProcess.exists("curl")))
    func curlReusesOneConnectionForTwoRequests() throws {
        let server = try TestServer()
        let url = "http://127.0.0.1:\(server.port)/hello"
        let output = try ExternalProcess.run("curl", ["-sS", "-v", url, url])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout == "hellohello")
        #expect(output.stderr.contains("Re-using existing connection"))
        #expect(server.server.statistics.connectionsAccepted == 1)
    }

    @Test(.enabled(if: ExternalProcess.exists("curl")))
    func curlUploadsWithContentLengthChunkedAndExpectContinue() throws {
        let server = try TestServer()
        let url = "http://127.0.0.1:\(server.port)/echo"
        let body = String(repeating: "gerbang ", count: 2000)
        let plain = try ExternalProcess.run("curl", ["-sS", "--data-binary", "@-", url], stdin: body)
        #expect(plain.stdout == body)
        let chunked = try ExternalProcess.run("curl", ["-sS", "-H", "Transfer-Encoding: chunked", "--data-binary", "@-", url], stdin: body)
        #expect(chunked.stdout == body)
        let expecting = try ExternalProcess.run("curl", ["-sS", "-v", "-H", "Expect: 100-continue", "--data-binary", "@-", url], stdin: body)
        #expect(expecting.stdout == body)
        #expect(expecting.stderr.contains("HTTP/1.1 100 Continue"))
    }

    @Test(.enabled(if: ExternalProcess.exists("curl")))
    func curlSpeaksHTTP10() throws {
        let server = try TestServer()
        let output = try ExternalProcess.run("curl", ["-sS", "-i", "--http1.0", "http://127.0.0.1:\(server.port)/hello"])
        #expect(output.stdout.hasPrefix("HTTP/1.1 200 OK"))
        #expect(output.stdout.contains("Connection: close"))
        #expect(output.stdout.hasSuffix("hello"))
    }

    @Test(.enabled(if: ExternalProcess.exists("curl")))
    func curlSeesTheErrorOfABodyTooLarge() throws {
        let server = try TestServer()  // 64 KiB body limit
        let output = try ExternalProcess.run(
            "curl", ["-sS", "-o", "/dev/null", "-w", "%{http_code}", "--data-binary", "@-", "http://127.0.0.1:\(server.port)/echo"],
            stdin: String(repeating: "x", count: 200_000))
        #expect(output.stdout == "413")
    }

    @Test(.enabled(if: ExternalProcess.exists("python3")))
    func pythonHTTPClientMakesSeveralRequestsOnOneConnection() throws {
        let server = try TestServer()
        let script = """
            import http.client, json
            connection = http.client.HTTPConnection("127.0.0.1", \(server.port), timeout=5)
            results = []
            connection.request("GET", "/hello")
            response = connection.getresponse(); results.append([response.status, response.read().decode()])
            connection.request("POST", "/echo", body=json.dumps({"nib": "1234567890123"}), headers={"Content-Type": "application/json"})
            response = connection.getresponse(); results.append([response.status, response.read().decode()])
            connection.request("POST", "/echo", body=iter([b"chunk-one ", b"chunk-two"]), encode_chunked=True)
            response = connection.getresponse(); results.append([response.status, response.read().decode()])
            connection.request("HEAD", "/hello")
            response = connection.getresponse(); results.append([response.status, response.getheader("Content-Length"), response.read().decode()])
            connection.request("GET", "/missing")
            response = connection.getresponse(); results.append([response.status, json.loads(response.read())["error"]["status"]])
            print(json.dumps(results))
            """
        let output = try ExternalProcess.run("python3", ["-c", script])
        #expect(output.status == 0, "\(output.stderr)")
        let results = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[Any]]
        #expect(results?[0][0] as? Int == 200 && results?[0][1] as? String == "hello")
        #expect(results?[1][1] as? String == #"{"nib": "1234567890123"}"#)
        #expect(results?[2][1] as? String == "chunk-one chunk-two")
        #expect(results?[3][1] as? String == "5" && results?[3][2] as? String == "")
        #expect(results?[4][0] as? Int == 404 && results?[4][1] as? Int == 404)
        #expect(server.server.statistics.connectionsAccepted == 1)
    }
}
