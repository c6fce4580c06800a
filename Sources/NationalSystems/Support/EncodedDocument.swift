import Foundation

/// A document carried inside a JSON body, as SIINas's BAP upload and DPMPTSP's
/// letter box take it (our designs: docs/siinas-api.md, docs/sipro-api.md).
public struct EncodedDocument: Sendable, Codable, Hashable {
    public let nama_file: String
    /// application/pdf
    public let content_type: String
    public let isi_base64: String

    public init(nama_file: String, content_type: String, isi_base64: String) {
        self.nama_file = nama_file
        self.content_type = content_type
        self.isi_base64 = isi_base64
    }

    public init(name: String, contentType: String, bytes: [UInt8]) {
        self.init(nama_file: name, content_type: contentType, isi_base64: Data(bytes).base64EncodedString())
    }
}
