import Foundation
import GatewayTestSupport
import Testing
@testable import GatewayDaemon

@Suite struct HTMLPageTests {
    @Test func textIsEscapedForContentAndAttributes() {
        #expect(HTMLPage.escape(#"<a href="x">O'Neil & co</a>"#) == "&lt;a href=&quot;x&quot;&gt;O&#39;Neil &amp; co&lt;/a&gt;")
    }

    @Test func anEmptyTableSaysSoAndRowsKeepTheirAttributes() {
        #expect(HTMLPage.table(["A"], [], empty: "Tidak ada") == "<p class=\"kosong\">Tidak ada</p>")
        let table = HTMLPage.table(["A", "B"], [(attributes: "data-x=\"1\"", cells: ["1", "<b>2</b>"])], empty: "")
        #expect(table.contains("<tr data-x=\"1\"><td data-label=\"A\">1</td><td data-label=\"B\"><b>2</b></td></tr>"))
        #expect(table.contains("<th>A</th><th>B</th>"))
    }

    @Test func thePageNeedsNothingFromElsewhere() {
        let html = HTMLPage(title: "Status", refreshSeconds: 15).html
        #expect(html.contains("<noscript><meta http-equiv=\"refresh\" content=\"15\"></noscript>"))
        #expect(html.contains("<script data-seconds=\"15\">"))
        #expect(html.contains("name=\"viewport\""))
        #expect(!html.contains("src=") && !html.contains("href=\"http") && !html.contains("@import"))
    }

    @Test func thePolicyAllowsTheRefreshScriptByTheHashOpenSSLComputes() throws {
        // The digest of the script as the page carries it, by a program we did not write.
        let digest = try ChildProcess.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "openssl dgst -sha256 -binary | openssl base64 -A"],
                                          stdin: HTMLPage.refreshScript)
        let hash = digest.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(hash.count == 44)
        #expect(HTMLPage.contentSecurityPolicy.contains("script-src 'sha256-\(hash)'"))
        #expect(HTMLPage.contentSecurityPolicy.contains("frame-ancestors 'none'") && HTMLPage.contentSecurityPolicy.hasPrefix("default-src 'none'"))
    }

    @Test func aLoggedInOfficerSeesTheirNameAndALogoutFormWithTheSessionsCSRFToken() throws {
        let viewer = PageAccess.Viewer(officer: .init(officer: "198001012005011001", roles: ["viewer"]), session: "gbs_abc")
        let html = HTMLPage(title: "Status", viewer: viewer).html
        // The token is HMAC-SHA256 of "gerbang-csrf" keyed with the session, as openssl computes it.
        let digest = try ChildProcess.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "openssl dgst -sha256 -hmac gbs_abc -r"], stdin: "gerbang-csrf")
        let csrf = String(digest.stdout.prefix { !$0.isWhitespace })
        #expect(csrf.count == 64)
        #expect(html.contains("198001012005011001 (viewer)"))
        #expect(html.contains("action=\"/keluar\"><input type=\"hidden\" name=\"csrf\" value=\"\(csrf)\">"))
        #expect(!HTMLPage(title: "Status").html.contains("/keluar"))
    }
}
