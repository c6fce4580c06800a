import Foundation
import Glibc
import GatewayTestSupport

/// A small Python server for what our own server will not do: TLS with a
/// test certificate, a chunked response without a length. It prints its
/// port, serves until released, and stops by itself after 30 seconds.
final class ScriptedServer {
    let process = Process()
    let port: Int

    init(script: String) throws {
        // The interpreter itself, not a wrapper (pyenv's shim runs Python as its child,
        // which would outlive terminate()).
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = ["-c", script]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = ""
        while !line.hasSuffix("\n") {
            let chunk = out.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            line += String(decoding: chunk, as: UTF8.self)
        }
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw CocoaError(.fileReadCorruptFile)
        }
        self.port = port
    }

    deinit {
        // SIGKILL, not terminate()'s SIGTERM: a child spawned from a test thread can
        // inherit a signal mask that blocks SIGTERM.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    static let python: String = {
        let found = try? ExternalProcess.run("python3", ["-c", "import sys; print(sys.executable)"])
        return found?.stdout.trimmingCharacters(in: .whitespacesAndNewlines) ?? "/usr/bin/python3"
    }()

    /// A TLS server on 127.0.0.1 answering every GET with "secure", and the CA (self-signed) that vouches for it.
    static func tls(in folder: TemporaryFolder) throws -> (server: ScriptedServer, certificate: String) {
        let certificate = folder.path("cert.pem"), key = folder.path("key.pem")
        let made = try ExternalProcess.run("openssl", [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate,
        ])
        guard made.status == 0 else { throw CocoaError(.fileWriteUnknown) }
        let server = try ScriptedServer(script: """
            import http.server, ssl, threading, os
            class Handler(http.server.BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"
                def do_GET(self):
                    self.send_response(200); self.send_header("Content-Length", "6"); self.end_headers(); self.wfile.write(b"secure")
                def log_message(self, *args): pass
            server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain("\(certificate)", "\(key)")
            server.socket = context.wrap_socket(server.socket, server_side=True)
            print(server.server_address[1], flush=True)
            threading.Timer(30, lambda: os._exit(0)).start()
            server.serve_forever()
            """)
        return (server, certificate)
    }

    /// Answers every GET with `bytes` bytes in chunks, never saying the length up front.
    static func chunked(bytes: Int) throws -> ScriptedServer {
        try ScriptedServer(script: """
            import http.server, threading, os
            class Handler(http.server.BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"
                def do_GET(self):
                    self.send_response(200); self.send_header("Transfer-Encoding", "chunked"); self.end_headers()
                    left = \(bytes)
                    while left > 0:
                        size = min(left, 16384); left -= size
                        self.wfile.write(b"%x\\r\\n" % size + b"x" * size + b"\\r\\n")
                    self.wfile.write(b"0\\r\\n\\r\\n")
                def log_message(self, *args): pass
            server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
            print(server.server_address[1], flush=True)
            threading.Timer(30, lambda: os._exit(0)).start()
            server.serve_forever()
            """)
    }
}
