/// The login form at `/masuk`: an officer's token in, a session cookie out
/// (``PageAccess/login(token:origin:)``), then back to the page asked for.
enum LoginPage {
    static func render(returningTo next: String, message: String? = nil) -> String {
        var page = HTMLPage(title: "Masuk")
        page.add("<section><h1>Masuk ke Gerbang</h1>")
        if let message { page.add("<p class=\"pesan\">\(HTMLPage.escape(message))</p>") }
        page.add("""
            <form class="masuk" method="post" action="/masuk">
            <input type="hidden" name="lanjut" value="\(HTMLPage.escape(next))">
            <label>Token <input type="password" name="token" required autocomplete="current-password" aria-label="Token"></label>
            <button type="submit">Masuk</button>
            </form>
            <p class="kecil">Token diberikan oleh administrator (<code>gerbang token add</code>); peran viewer cukup untuk melihat halaman ini.</p>
            </section>
            """)
        return page.html
    }
}
