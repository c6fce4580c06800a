import Testing
@testable import GatewayHTTP

/// A form with a file as browsers post it (RFC 7578), and the bodies that are not one.
@Suite struct MultipartFormTests {
    /// The body Chromium sends for a form with a text field and a PDF (its boundary style, CRLF line ends).
    static let boundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW"
    static func body(_ pdf: [UInt8]) -> [UInt8] {
        Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc123\r\n".utf8)
            + Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"C:\\Users\\rina\\BAP;01.pdf\"\r\n".utf8)
            + Array("Content-Type: application/pdf\r\n\r\n".utf8) + pdf + Array("\r\n--\(boundary)--\r\n".utf8)
    }

    @Test func aFieldAndAFileAreReadWithTheFilesOwnNameAndBytes() throws {
        // Bytes that hold a CR LF and a dash: only CR LF "--" and the boundary end the file.
        let pdf = Array("%PDF-1.4\r\n--not the boundary\r\n%%EOF".utf8) + [0, 255, 13, 10]
        let form = try MultipartForm(body: Self.body(pdf), contentType: "multipart/form-data; boundary=\(Self.boundary)")
        #expect(form.parts.map(\.name) == ["csrf", "berkas"])
        #expect(form["csrf"]?.text == "abc123" && form["csrf"]?.filename == nil)
        #expect(form["berkas"]?.filename == "BAP;01.pdf")  // an old browser's whole path: its last component, a ';' in quotes kept
        #expect(form["berkas"]?.contentType == "application/pdf" && form["berkas"]?.data == pdf)
    }

    @Test func aQuotedBoundaryAndAnEmptyFileAreTaken() throws {
        let body = Array("--b\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"\"\r\n\r\n\r\n--b--".utf8)
        let form = try MultipartForm(body: body, contentType: "multipart/form-data; boundary=\"b\"")
        #expect(form["berkas"]?.data == [] && form["berkas"]?.filename == "")
    }

    @Test(arguments: [
        ("application/x-www-form-urlencoded", "--b--", "not multipart/form-data"),
        ("multipart/form-data", "--b--", "not multipart/form-data"),
        ("multipart/form-data; boundary=b", "nothing here", "never occurs"),
        ("multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nvalue", "closing boundary is missing"),
        ("multipart/form-data; boundary=b", "--b\r\nContent-Type: text/plain\r\n\r\nv\r\n--b--", "no Content-Disposition name"),
        ("multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"x\"", "never end"),
    ])
    func aBodyThatIsNotAFormIsRefusedSayingWhy(contentType: String, body: String, problem: String) {
        #expect { try MultipartForm(body: Array(body.utf8), contentType: contentType) } throws: { error in
            (error as? MultipartForm.Malformed)?.description.contains(problem) == true
        }
    }
}
