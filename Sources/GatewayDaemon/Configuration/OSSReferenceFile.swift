import Foundation
import GatewayCore
import NationalSystems

/// A reference list OSS keeps (PIA getDataReferensi; Lampiran 29's kode: 8 the permit codes, Lampiran 8
/// says to fetch them rather than copy them), saved beside the configuration as
/// `config/referensi/kode-8.json` by `gerbang oss referensi`, so that `doctor` can check the permit
/// codes routing.json names against what OSS lists.
public struct OSSReferenceFile: Codable, Sendable, Equatable {
    public struct Row: Codable, Sendable, Equatable {
        public let kode: String
        public let uraian: String
        public let keterangan: String
    }

    public let kode: String
    /// When it was fetched, ISO 8601 in Asia/Jakarta.
    public let fetchedAt: String
    /// The OSS it was fetched from.
    public let source: String
    public let rows: [Row]

    /// Where kode's list lives in a configuration folder.
    public static func path(kode: String, configFolder: String) -> String {
        "\(configFolder)/referensi/kode-\(kode).json"
    }

    /// Asks OSS for a list now.
    public static func fetch(kode: String, settings: GatewaySettings, secrets: Secrets, at time: Date) throws -> OSSReferenceFile {
        let rows = try OSSClient(target: settings.systems.oss, secrets: secrets).referensi(kode).map { row in
            Row(kode: row.field("kode_referensi")?.text ?? "", uraian: row.field("uraian_referensi")?.text ?? "",
                keterangan: row.field("keterangan_referensi")?.text ?? "")
        }
        return OSSReferenceFile(kode: kode, fetchedAt: JakartaTime.iso(time), source: settings.systems.oss.url, rows: rows)
    }

    public func write(configFolder: String) throws {
        let path = Self.path(kode: kode, configFolder: configFolder)
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path,
                                                withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// The saved list, or nil when it was never fetched.
    public static func load(kode: String, configFolder: String) throws -> OSSReferenceFile? {
        let path = Self.path(kode: kode, configFolder: configFolder)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try JSONDecoder().decode(OSSReferenceFile.self, from: data)
    }

    /// The permit codes routing.json's open rules name that this list (kode 8) lacks.
    public func unknownPermitCodes(in rules: RoutingRules) -> [String] {
        let known = Set(rows.map(\.kode))
        return Set(rules.open.compactMap { $0.when?["kd_izin"] }.filter { !$0.hasSuffix("*") }).subtracting(known).sorted()
    }
}
