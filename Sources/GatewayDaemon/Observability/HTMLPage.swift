import Foundation
import NationalSystems

/// A server-rendered page in the gateway's own style: no external assets, no
/// JavaScript needed (a few inline lines keep the overview current, a meta
/// refresh without them), readable on a phone (tables scroll sideways inside
/// their section).
struct HTMLPage {
    let title: String
    /// Seconds between reloads; nil for none.
    var refreshSeconds: Int?
    /// Who is looking: a logged-in officer sees their name and a logout button.
    var viewer = PageAccess.Viewer.anonymous
    var body = ""

    init(title: String, refreshSeconds: Int? = nil, viewer: PageAccess.Viewer = .anonymous) {
        self.title = title
        self.refreshSeconds = refreshSeconds
        self.viewer = viewer
    }

    mutating func add(_ html: String) { body += html }

    var html: String {
        """
        <!DOCTYPE html>
        <html lang="id">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        \(refreshSeconds.map(Self.refresh) ?? "")
        <title>\(Self.escape(title))</title>
        <style>\(Self.style)</style>
        </head>
        <body>
        <header><a href="/" class="brand">Gerbang</a> <span>\(Self.escape(title))</span>\(account)</header>
        <main>
        \(body)
        </main>
        </body>
        </html>
        """
    }

    /// The logged-in officer and the logout button (a form: logging out changes state, so it is a POST with the CSRF token).
    private var account: String {
        guard let officer = viewer.officer else { return "" }
        var html = "<span class=\"akun\">\(Self.escape(officer.officer)) (\(Self.escape(officer.roles.joined(separator: ", "))))"
        if let csrf = viewer.csrfToken {
            html += " <form method=\"post\" action=\"/keluar\"><input type=\"hidden\" name=\"csrf\" value=\"\(csrf)\">"
                + "<button type=\"submit\">Keluar</button></form>"
        }
        return html + "</span>"
    }

    /// Reloads the page every few seconds, except while an operator types in a form (a token
    /// for the replay button would be lost); without JavaScript, a plain meta refresh. The
    /// script is the same on every page, so the Content-Security-Policy allows it by its hash.
    static func refresh(_ seconds: Int) -> String {
        """
        <noscript><meta http-equiv="refresh" content="\(seconds)"></noscript>
        <script data-seconds="\(seconds)">\(refreshScript)</script>
        """
    }

    static let refreshScript = """
        var seconds = Number(document.currentScript.dataset.seconds);
        setInterval(function () {
          var active = document.activeElement;
          var typing = active && (active.tagName === "INPUT" || active.tagName === "SELECT");
          var filled = Array.prototype.some.call(document.querySelectorAll("input[type=password]"), function (field) { return field.value; });
          if (!typing && !filled) { location.reload(); }
        }, seconds * 1000);
        """

    /// What a page may load and who may frame it: nothing from elsewhere, its own inline style, the refresh
    /// script by its SHA-256 (CSP Level 3 §2.3.1), forms only to this gateway, no framing (the replay button
    /// must not be clicked through another site's frame).
    static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-"
        + Data(Digest.sha256(Array(refreshScript.utf8))).base64EncodedString()
        + "'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// Response header fields every page carries.
    static let securityHeaders: [(String, String)] = [
        ("Content-Security-Policy", contentSecurityPolicy), ("X-Frame-Options", "DENY"), ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
    ]

    /// Text for HTML content and attribute values.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// A table in a scrolling wrapper; cells are HTML already escaped by the caller.
    static func table(_ header: [String], _ rows: [(attributes: String, cells: [String])], empty: String) -> String {
        guard !rows.isEmpty else { return "<p class=\"kosong\">\(escape(empty))</p>" }
        let head = header.map { "<th>\(escape($0))</th>" }.joined()
        // Each cell names its column, so that a phone can show a row as a card (see the style).
        let labels = header.map { " data-label=\"\(escape($0))\"" }
        let body = rows.map { row in
            "<tr \(row.attributes)>" + row.cells.enumerated().map { "<td\($0.offset < labels.count ? labels[$0.offset] : "")>\($0.element)</td>" }.joined() + "</tr>"
        }.joined(separator: "\n")
        return "<div class=\"gulir\"><table><thead><tr>\(head)</tr></thead><tbody>\n\(body)\n</tbody></table></div>"
    }

    static let style = """
        :root { --teks: #1d2733; --redup: #5b6b7c; --garis: #d8dee6; --latar: #f5f7fa; --merah: #b42318; --merah-muda: #fde8e6;
                --hijau: #1a7f37; --kuning: #fff4d6; --biru: #1f5fae; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--teks); background: var(--latar); }
        header { background: #12324f; color: #fff; padding: .7rem 1rem; display: flex; gap: .8rem; align-items: baseline; flex-wrap: wrap; }
        header .brand { color: #fff; font-weight: 700; text-decoration: none; font-size: 1.15rem; }
        header .akun { margin-left: auto; font-size: .9rem; display: flex; gap: .5rem; align-items: baseline; }
        header form { display: inline; }
        form.masuk { display: grid; gap: .6rem; max-width: 26rem; }
        main { max-width: 1200px; margin: 0 auto; padding: .8rem; }
        section { background: #fff; border: 1px solid var(--garis); border-radius: 8px; padding: .8rem 1rem; margin: 0 0 1rem; }
        h1 { font-size: 1.3rem; margin: .2rem 0 .8rem; } h2 { font-size: 1.1rem; margin: 0 0 .6rem; } h3 { font-size: 1rem; margin: .8rem 0 .4rem; }
        .gulir { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; font-size: .92rem; }
        th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--garis); vertical-align: top; }
        th { color: var(--redup); font-weight: 600; white-space: nowrap; }
        tr.lewat td, td.lewat { background: var(--merah-muda); }
        .lewat-teks { color: var(--merah); font-weight: 600; }
        .ok { color: var(--hijau); font-weight: 600; } .galat { color: var(--merah); font-weight: 600; }
        .jeda { background: var(--kuning); padding: 0 .35rem; border-radius: 4px; }
        .angka { display: flex; gap: .6rem; flex-wrap: wrap; margin: .2rem 0 .5rem; }
        .angka span { background: var(--latar); border: 1px solid var(--garis); border-radius: 6px; padding: .15rem .5rem; }
        .kosong, .redup { color: var(--redup); }
        a { color: var(--biru); }
        form.saring { display: flex; gap: .5rem; flex-wrap: wrap; align-items: center; margin-bottom: .5rem; }
        input, select, button, textarea { font: inherit; padding: .25rem .45rem; max-width: 100%; }
        .pesan { background: var(--kuning); border: 1px solid #e8c46a; border-radius: 6px; padding: .5rem .8rem; margin-bottom: 1rem; }
        ol.lini { list-style: none; padding: 0; margin: 0; border-left: 3px solid var(--garis); }
        ol.lini li { position: relative; margin: 0 0 .8rem; padding: .1rem 0 .1rem 1rem; }
        ol.lini li::before { content: ""; position: absolute; left: -8px; top: .45rem; width: 13px; height: 13px; border-radius: 50%;
                             background: var(--hijau); }
        ol.lini li.lewat::before { background: var(--merah); } ol.lini li.berjalan::before { background: var(--biru); }
        ol.lini li.lewat { background: var(--merah-muda); border-radius: 4px; }
        .kecil { font-size: .85rem; color: var(--redup); }
        @media (max-width: 600px) {
          body { font-size: 14px; } main { padding: .4rem; } section { padding: .6rem; }
          table, tbody, tr, td { display: block; width: 100%; } thead { display: none; }
          tr { border-bottom: 1px solid var(--garis); padding: .35rem 0; } td { border: none; padding: .1rem .2rem; }
          td::before { content: attr(data-label) ": "; color: var(--redup); font-weight: 600; }
        }
        """
}
