import Foundation

/// The sheet the gateway writes itself for a permit OSS numbered: one A4 page stating the number OSS gave with status
/// 49, sent as the 50's `file_izin` (PIA receiveLicense: "File PDF Berupa Link"). The officers' letter was attached before
/// the number existed (it goes as `file_lampiran`, unchanged); this page is what carries the number.
///
/// A PDF of the plainest kind (PDF 1.4, ISO 32000-1 §7.5: header, objects, cross-reference table, trailer) with the
/// standard Helvetica font, which every reader has, so nothing is embedded: written here rather than with a library,
/// as it is a few objects of text.
struct PermitSheet: Sendable, Equatable {
    /// The page's lines, top to bottom; characters outside printable ASCII are written as "?" (WinAnsi's common part).
    let lines: [String]

    var pdf: [UInt8] {
        var content = "BT /F1 12 Tf 56 786 Td 18 TL\n"
        for line in lines { content += "(\(Self.escaped(line))) Tj T*\n" }
        content += "ET\n"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)endstream",
        ]
        var bytes = Array("%PDF-1.4\n".utf8)
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(bytes.count)
            bytes += Array("\(index + 1) 0 obj\n\(object)\nendobj\n".utf8)
        }
        let xref = bytes.count
        // §7.5.4: each entry is exactly 20 bytes, its offset ten digits.
        var table = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { table += String(repeating: "0", count: 10 - String(offset).count) + "\(offset) 00000 n \n" }
        table += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return bytes + Array(table.utf8)
    }

    /// A literal string's text (§7.3.4.2): backslash and parentheses escaped, anything but printable ASCII as "?".
    static func escaped(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\", "(", ")": escaped += "\\" + String(scalar)
            case " "..."~": escaped.unicodeScalars.append(scalar)
            default: escaped += "?"
            }
        }
        return escaped
    }
}
