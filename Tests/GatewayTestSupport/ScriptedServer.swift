import Foundation
import Glibc

/// A small Python server for what our own server will not do: TLS with a
/// test certificate, a chunked response without a length. It prints its
/// port, serves until released, and stops by itself after 30 seconds.
public final class ScriptedServer {
    public let process = Process()
    public let port: Int

    public init(script: String) throws {
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

    /// A TLS server on 127.0.0.1 with `authority`'s server certificate: it answers a GET with "secure" and a
    /// POST with 201 `{"diterima": true}`, appending the POST's path to the file `journal` when one is given.
    public static func tls(_ authority: TestCertificateAuthority, journal: String? = nil) throws -> ScriptedServer {
        try ScriptedServer(script: """
            import http.server, ssl, threading, os
            class Handler(http.server.BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"
                def do_GET(self):
                    self.send_response(200); self.send_header("Content-Length", "6"); self.end_headers(); self.wfile.write(b"secure")
                def do_POST(self):
                    self.rfile.read(int(self.headers.get("Content-Length", "0")))
                    journal = \(journal.map { "\"\($0)\"" } ?? "None")
                    if journal:
                        with open(journal, "a") as file: file.write(self.path + "\\n")
                    body = b'{"diterima": true}'
                    self.send_response(201); self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
                def log_message(self, *args): pass
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain("\(authority.certificateFile)", "\(authority.keyFile)")
            server.socket = context.wrap_socket(server.socket, server_side=True)
            print(server.server_address[1], flush=True)
            threading.Timer(30, lambda: os._exit(0)).start()
            server.serve_forever()
            """)
    }

    /// Answers every GET with `bytes` bytes in chunks, never saying the length up front.
    public static func chunked(bytes: Int) throws -> ScriptedServer {
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
