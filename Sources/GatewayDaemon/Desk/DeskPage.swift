import Foundation
import GatewayCore
import GatewayStore

/// The officer's work list, "Meja kerja", at `/meja`: the steps waiting for the officer's roles, late first, each
/// with its case, company, SOP and activity in the seed's words, and the working time left; apart, what waits on the
/// applicant or a national system, which is nobody's task here. Server-rendered, no script needed (issue 30).
struct DeskPage {
    /// A case waiting at a step, as a line of the desk.
    struct Line: Equatable {
        let task: CaseTask
        /// The company (OSS nama_perseroan) or applicant (SIPRO pemohon), as the opening message named it.
        let company: String?
        let sopTitle: String
        let workingSecondsLeft: Int?
    }

    static let pageSize = 20
    /// How many of the cases waiting on others are listed (the count says how many there are).
    static let waitingShown = 20

    let mine: [Line]
    let waiting: [Line]
    /// How many cases wait on others in all.
    var waitingTotal: Int? = nil
    /// The SOPs the officer's roles act in (id, title), for the filter.
    let sops: [(id: String, title: String)]
    let sop: String?
    /// 1-based.
    let page: Int

    func render(viewer: PageAccess.Viewer) -> String {
        var html = HTMLPage(title: "Meja kerja", viewer: viewer)
        let roles = viewer.officer?.roles.joined(separator: ", ") ?? ""
        let pages = max(1, (mine.count + Self.pageSize - 1) / Self.pageSize)
        let shown = mine.dropFirst((min(page, pages) - 1) * Self.pageSize).prefix(Self.pageSize)
        html.add("<section><h1>Tugas untuk peran Anda (\(HTMLPage.escape(roles)))</h1>")
        html.add(filter)
        html.add("<p class=\"angka\"><span>\(mine.count) langkah menunggu Anda</span><span>\(mine.filter(\.task.deadlinePassed).count) terlambat</span></p>")
        html.add(HTMLPage.table(["Kasus", "Perusahaan / pemohon", "SOP", "Langkah", "Sisa waktu kerja"], shown.map(Self.row),
                                empty: "Tidak ada langkah yang menunggu peran Anda."))
        if pages > 1 { html.add(paging(pages: pages)) }
        html.add("</section>")
        let total = waitingTotal ?? waiting.count
        html.add("<section><h2>Menunggu pihak lain</h2><p class=\"kecil\">Bukan tugas Anda: kasus ini menunggu pemohon atau sistem nasional."
                 + (total > waiting.count ? " Ditampilkan \(waiting.count) dari \(total)." : "") + "</p>")
        html.add(HTMLPage.table(["Kasus", "Perusahaan / pemohon", "SOP", "Langkah", "Menunggu"], waiting.map { line in
            ("", [HTMLPage.escape(line.task.id), HTMLPage.escape(line.company ?? "–"), HTMLPage.escape(line.sopTitle),
                  Self.stepText(line.task), HTMLPage.escape(Self.awaitedParty(line.task))])
        }, empty: "Tidak ada kasus yang menunggu pemohon atau sistem nasional."))
        html.add("</section>")
        if viewer.officer.map({ $0.roles.contains("kadis") || $0.roles.contains(OfficerAuthenticator.adminRole) }) == true {
            html.add("<section><h2>Untuk Kepala Dinas dan admin</h2><p><a href=\"/#eskalasi\">Eskalasi dan peringatan tenggat</a> · "
                     + "<a href=\"/#gagal\">Pesan gagal (kirim ulang)</a></p></section>")
        }
        return html.html
    }

    /// "menunggu pemohon", "menunggu OSS": who the case waits for, in the SOP's words.
    static func awaitedParty(_ task: CaseTask) -> String {
        task.performer == "applicant" ? "menunggu pemohon" : "menunggu " + (task.roleTitle ?? "sistem nasional")
    }

    private static func row(_ line: Line) -> (attributes: String, cells: [String]) {
        let task = line.task
        var left = line.workingSecondsLeft.map { HTMLPage.escape(TimeLeft.text($0)) } ?? "<span class=\"redup\">tanpa waktu standar</span>"
        if task.deadlineProvisional {
            left += " <span class=\"jeda\" title=\"Kalender libur tahun tenggat belum dimuat: tenggat bisa bergeser\">sementara</span>"
        }
        let link = "<a href=\"/meja/kasus/\(HTMLPage.escape(task.id.percentEncodedSegment))\">\(HTMLPage.escape(task.id))</a>"
        return (task.deadlinePassed ? "class=\"lewat\"" : "",
                [link, HTMLPage.escape(line.company ?? "–"), HTMLPage.escape(line.sopTitle), stepText(task),
                 task.deadlinePassed ? "<span class=\"lewat-teks\">\(left)</span>" : left])
    }

    static func stepText(_ task: CaseTask) -> String {
        "Langkah \(task.step.map(String.init) ?? "–"): " + HTMLPage.escape(task.activity ?? "")
    }

    /// A GET form: no CSRF needed, it changes nothing.
    private var filter: String {
        let options = sops.map { id, title in
            "<option value=\"\(HTMLPage.escape(id))\"\(id == sop ? " selected" : "")>\(HTMLPage.escape(title))</option>"
        }.joined()
        return "<form class=\"saring\" method=\"get\" action=\"/meja\"><label for=\"sop\">SOP</label>"
            + "<select id=\"sop\" name=\"sop\"><option value=\"\">Semua SOP</option>\(options)</select>"
            + "<button type=\"submit\">Saring</button></form>"
    }

    private func paging(pages: Int) -> String {
        let query = sop.map { "sop=\($0.percentEncodedSegment)&" } ?? ""
        let links = (1...pages).map { number in
            number == page ? "<strong aria-current=\"page\">\(number)</strong>" : "<a href=\"/meja?\(query)halaman=\(number)\">\(number)</a>"
        }
        return "<nav aria-label=\"Halaman\" class=\"angka\">Halaman: " + links.joined(separator: " ") + "</nav>"
    }
}
