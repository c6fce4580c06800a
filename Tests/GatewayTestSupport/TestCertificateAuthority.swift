import Foundation

/// A certificate authority of a test's own and a server certificate it signed
/// for 127.0.0.1, made by the openssl command line (a program we did not
/// write): what an agency's government CA and a national system's server
/// certificate are to the gateway.
public struct TestCertificateAuthority {
    /// The CA's certificate (PEM): what a `caFile` names.
    public let caFile: String
    public let certificateFile: String
    public let keyFile: String

    public init(in folder: TemporaryFolder) throws {
        caFile = folder.path("ca.pem")
        certificateFile = folder.path("server.pem")
        keyFile = folder.path("server.key")
        let caKey = folder.path("ca.key"), request = folder.path("server.csr"), extensions = folder.path("server.ext")
        try "subjectAltName = IP:127.0.0.1\nbasicConstraints = CA:FALSE\nextendedKeyUsage = serverAuth\n"
            .write(toFile: extensions, atomically: true, encoding: .utf8)
        let steps: [[String]] = [
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=Gerbang Test CA", "-keyout", caKey, "-out", caFile,
             "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
            ["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", keyFile, "-out", request],
            ["x509", "-req", "-in", request, "-CA", caFile, "-CAkey", caKey, "-CAcreateserial", "-days", "1", "-extfile", extensions,
             "-out", certificateFile],
        ]
        for step in steps {
            let made = try ExternalProcess.run("openssl", step)
            guard made.status == 0 else { throw CertificateError(message: "openssl \(step[0]) failed: \(made.stderr)") }
        }
    }

    public struct CertificateError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }
}
