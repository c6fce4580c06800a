/// The login form at `/masuk`: an officer's token in, a session cookie out
/// (``PageAccess/login(token:origin:)``), then back to the page asked for.
enum LoginPage {
    /// - Parameter csrf: the HMAC of the form's nonce (``PageAccess/loginNonce(secure:)``), posted back with the token.
    static func render(returningTo next: String, csrf: String, message: String? = nil) -> String {
        var page = HTMLPage(title: "Masuk")
        page.add("<section><h1>Masuk ke Gerbang</h1>")
        if let message { page.add("<p class=\"pesan\">\(HTMLPage.escape(message))</p>") }
        page.add("""
            <form class="masuk" method="post" action="/masuk">
            <input type="hidden" name="lanjut" value="\(HTMLPage.escape(next))">
            <input type="hidden" name="csrf" value="\(HTMLPage.escape(csrf))">
            <label>Token <input type="password" name="token" required autocomplete="current-password" aria-label="Token"></label>
            <button type="submit">Masuk</button>
            </form>
            <p class="kecil">Token diberikan oleh administrator (<code>gerbang token add</code>); peran viewer cukup untuk melihat halaman ini.</p>
            </section>
            """)
        return page.html
    }
}
