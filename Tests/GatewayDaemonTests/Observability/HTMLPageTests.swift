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
        #expect(html.contains("}, 15000);"))
        #expect(html.contains("name=\"viewport\""))
        #expect(!html.contains("src=") && !html.contains("href=\"http") && !html.contains("@import"))
    }
}
