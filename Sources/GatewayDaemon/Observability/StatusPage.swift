import Foundation
import GatewayCore
import GatewayHTTP
import GatewayStore

/// The status page at `/`, in Bahasa Indonesia: the exchanges with each
/// national system, cases per SOP and step with passed time standards, permits
/// not yet effective, the sync log tail, and the dead letters with a replay form.
/// Counts carry `data-` attributes so a checker can compare them with the API.
struct StatusPage {
    /// The sync log filters from the query string.
    struct LogFilter {
        var system: String?
        var failedOnly = false
        var caseID: String?

        init(_ query: [String: String]) {
            system = query["sistem"].flatMap { $0.isEmpty ? nil : $0 }
            failedOnly = query["gagal"] == "1"
            caseID = query["kasus"].flatMap { $0.isEmpty ? nil : $0 }
        }
    }

    let runtime: GatewayRuntime
    let now: Date
    let zone: TimeZone

    init(runtime: GatewayRuntime) {
        self.runtime = runtime
        now = runtime.clock.now()
        zone = runtime.configuration.calendar.timeZone
    }

    func render(query: [String: String], viewer: PageAccess.Viewer = .anonymous) throws -> String {
        let filter = LogFilter(query)
        var page = HTMLPage(title: "Status integrasi", refreshSeconds: 15, viewer: viewer)
        page.add("<h1>Status integrasi OSS RBA, SIINas dan SIPRO</h1>")
        page.add("<p class=\"kecil\">Per \(HTMLPage.escape(TimeText.tanggal(now, in: zone))) WIB · halaman dimuat ulang tiap 15 detik</p>")
        if let notice = StatusNotice(query: query) { page.add("<p class=\"pesan\">\(HTMLPage.escape(notice.text))</p>") }
        try runtime.read { database in
            page.add(try systems(database))
            page.add(try cases(database))
            page.add(try permits(database))
            page.add(try log(database, filter: filter))
            page.add(try deadLetters(database, viewer: viewer))
        }
        return page.html
    }

    private func time(_ date: Date?) -> String {
        date.map { HTMLPage.escape(TimeText.tanggal($0, in: zone)) } ?? "<span class=\"redup\">belum ada</span>"
    }

    // MARK: Sections

    /// A permit OSS approved by itself because the agency's statutory time passed (57; UU 11/2020 Pasal 175 angka 6).
    static let fiktifPositif = "<br><span class=\"jeda\" data-field=\"approvedByOSS\">disetujui OSS sendiri (fiktif positif)</span>"

    static let systemNames = ["oss": "OSS RBA", "siinas": "SIINas", "sipro": "SIPRO", "dpmptsp": "DPMPTSP (surat)"]

    private func systems(_ database: GatewayDatabase) throws -> String {
        let views = try SystemView.all(in: database)
        let health = try database.syncLog.health(since: now.addingTimeInterval(-3600), systems: views.map(\.system))
        let polled = runtime.metrics.lastPoll
        let rows = views.map { view -> (attributes: String, cells: [String]) in
            let system = view.system
            let lastSuccess = [health[system]?.lastSuccess, GatewayMetrics.feeds[system].flatMap { polled[$0] }].compactMap { $0 }.max()
            let rate = health[system]?.errorRate
            let rateText = rate.map { String(format: "%.0f%%", $0 * 100) + " dari \(health[system]?.recent ?? 0)" } ?? "tidak ada pertukaran"
            return ("data-system=\"\(system)\"", [
                "<strong>\(HTMLPage.escape(Self.systemNames[system] ?? system))</strong>",
                time(lastSuccess),
                "<span class=\"\((rate ?? 0) > 0.2 ? "galat" : "")\" data-field=\"errorRate\">\(rateText)</span>",
                "<span data-field=\"pending\">\(view.pending)</span>",
                "<span data-field=\"dead\" class=\"\(view.dead > 0 ? "galat" : "")\">\(view.dead)</span>",
                view.paused ? "<span class=\"jeda\" data-field=\"paused\">dijeda</span>" + (view.note.map { " <span class=\"kecil\">\(HTMLPage.escape($0))</span>" } ?? "")
                    : "<span class=\"ok\" data-field=\"paused\">berjalan</span>",
            ])
        }
        return "<section id=\"sistem\"><h2>Sistem nasional</h2>" + HTMLPage.table(
            ["Sistem", "Pertukaran sukses terakhir", "Galat 1 jam terakhir", "Antrean kirim", "Gagal kirim", "Pengiriman"],
            rows, empty: "Tidak ada sistem") + "</section>"
    }

    private func cases(_ database: GatewayDatabase) throws -> String {
        let definitions = runtime.processor.definitions
        let calendar = runtime.configuration.calendar
        // Counted by SQLite, and only the cases shown read: the page costs the same with 20 cases as with 20,000.
        let tallies = try database.cases.tallies()
        let waitingBySteps = try database.cases.waitingBySteps()
        let breaches = try database.escalations.countsByStep()
        var html = "<section id=\"kasus\"><h2>Kasus per SOP</h2>"
        for definition in definitions.values.sorted(by: { $0.title < $1.title }) {
            let own = tallies.filter { $0.sop == definition.id }
            func count(_ include: ((status: CaseSummary.Status, outcome: Outcome?, breached: Bool)) -> Bool) -> Int {
                own.filter { include(($0.status, $0.outcome, $0.breached)) }.map(\.count).reduce(0, +)
            }
            func ended(_ outcomes: Outcome...) -> Int { count { $0.outcome.map(outcomes.contains) ?? false } }
            let total = count { _ in true }
            let active = count { $0.status == .active }
            let breached = count { $0.status == .active && $0.breached }
            html += "<div class=\"sop\" data-sop=\"\(definition.id)\"><h3><a href=\"/sop/\(definition.id.percentEncodedSegment)\">\(HTMLPage.escape(definition.title))</a></h3><div class=\"angka\">"
            html += "<span>Total <b data-count=\"total\">\(total)</b></span><span>Berjalan <b data-count=\"active\">\(active)</b></span>"
            html += "<span>Disetujui <b data-count=\"approved\">\(ended(.approved))</b></span>"
            html += "<span>Disetujui OSS (fiktif positif) <b data-count=\"approvedByOSS\">\(ended(.approvedByOSS))</b></span>"
            html += "<span>Ditolak <b data-count=\"rejected\">\(ended(.rejected))</b></span>"
            html += "<span>Belum efektif <b data-count=\"notEffective\">\(ended(.notEffective))</b></span>"
            html += "<span>Dibekukan <b data-count=\"frozen\">\(count { $0.status == .frozen })</b></span>"
            html += "<span>NIB dicabut/dibatalkan <b data-count=\"endedByOSS\">\(ended(.revoked, .cancelled))</b></span>"
            html += "<span>Ditutup (ditarik) <b data-count=\"withdrawn\">\(ended(.withdrawn))</b></span>"
            html += "<span class=\"\(breached > 0 ? "lewat-teks" : "")\">Lewat waktu <b data-count=\"breached\">\(breached)</b></span></div>"
            // Steps with cases waiting now, or with time standards passed before (the escalations' record).
            let waiting = Dictionary(waitingBySteps.filter { $0.sop == definition.id }.map { ($0.step, $0) }, uniquingKeysWith: { first, _ in first })
            let recorded = Dictionary(breaches.filter { $0.sop == definition.id }.map { ($0.step, $0.count) }, uniquingKeysWith: +)
            let rows = try Set(waiting.keys).union(recorded.keys).sorted().map { number -> (attributes: String, cells: [String]) in
                let step = definition.step(number)
                let here = waiting[number]
                let late = here?.late ?? 0
                let over = here?.earliestLate.map { calendar.workingSeconds(from: $0, to: now) }
                // The most overdue first, then the soonest due: a page an officer reads, not a listing (gerbang cases --sop has them all).
                let lateCases = late == 0 ? [] : try database.cases.waiting(processID: definition.id, step: number, late: true, limit: Self.casesPerStep)
                let onTime = try database.cases.waiting(processID: definition.id, step: number, late: false, limit: Self.casesPerStep - lateCases.count)
                let listed = lateCases + onTime
                let caseLinks = listed.map { summary in
                    "<a href=\"/kasus/\(summary.id.percentEncodedSegment)\" class=\"\(summary.deadlinePassed ? "lewat-teks" : "")\">\(HTMLPage.escape(summary.id))</a>"
                }.joined(separator: ", ") + ((here?.waiting ?? 0) > listed.count ? " dan \((here?.waiting ?? 0) - listed.count) lainnya" : "")
                return (late == 0 ? "data-step=\"\(number)\"" : "class=\"lewat\" data-step=\"\(number)\"", [
                    String(number), HTMLPage.escape(step?.activity ?? "?"), HTMLPage.escape(step.flatMap { definition.role($0.role)?.title } ?? "?"),
                    HTMLPage.escape(step?.duration?.text ?? "-"), "<span data-field=\"waiting\">\(here?.waiting ?? 0)</span>",
                    late == 0 ? "-" : "<span class=\"lewat-teks\" data-field=\"late\">\(late), lewat \(TimeLeft.text(over ?? 0))</span>",
                    (recorded[number] ?? 0) == 0 ? "0" : "<span class=\"lewat-teks\" data-field=\"breaches\">\(recorded[number] ?? 0)</span>",
                    caseLinks,
                ])
            }
            html += HTMLPage.table(["Langkah", "Kegiatan", "Pelaksana", "Waktu baku", "Menunggu", "Lewat waktu sekarang", "Pernah lewat", "Kasus"],
                                   rows, empty: "Tidak ada kasus berjalan dan belum ada waktu baku terlewat")
            let shown = try database.cases.newest(processID: definition.id, limit: 30).map { summary in
                let state = summary.status == .active ? "langkah \(summary.activeStep ?? 0)" : summary.outcome?.indonesian ?? "selesai"
                return "<a href=\"/kasus/\(summary.id.percentEncodedSegment)\" data-case=\"\(HTMLPage.escape(summary.id))\">\(HTMLPage.escape(summary.id))</a> (\(state))"
            }
            if !shown.isEmpty {
                html += "<p class=\"kecil\">Kasus: \(shown.joined(separator: ", "))\(total > 30 ? " dan \(total - 30) lainnya" : "")</p>"
            }
            html += "</div>"
        }
        return html + "</section>"
    }

    /// How many case links a step's row shows, and how many permits the permits' table: enough to act on, never a
    /// page that grows with the agency's years (the CLI and the API list them all).
    static let casesPerStep = 50
    static let permitsShown = 100

    private func permits(_ database: GatewayDatabase) throws -> String {
        let page = try database.permits.page(notEffectiveOnly: true, limit: Self.permitsShown)
        let permits = page.items.map(CaseDetail.PermitView.init)
        let names = ["industryData": "data industri (SIINas)", "technicalVerification": "verifikasi teknis", "recommendation": "rekomendasi"]
        let rows = permits.map { permit -> (attributes: String, cells: [String]) in
            let missing = permit.commitments.filter { $0.state != .fulfilled }.map { commitment in
                HTMLPage.escape(names[commitment.kind.rawValue] ?? commitment.kind.rawValue)
                    + (commitment.state == .failed ? " <span class=\"galat\">tidak terpenuhi</span>" : "")
                    + (commitment.dueAt.map { " <span class=\"kecil\">batas \(HTMLPage.escape(String($0.prefix(10))))</span>" } ?? "")
                    + (commitment.breachedAt != nil ? " <span class=\"lewat-teks\" data-field=\"statutoryBreach\">lewat batas waktu</span>" : "")
            }
            return ("data-permit=\"\(HTMLPage.escape(permit.idIzin))\"", [
                HTMLPage.escape(permit.idIzin), HTMLPage.escape(permit.namaIzin ?? permit.kdIzin ?? "-"),
                permit.caseID.map { "<a href=\"/kasus/\($0.percentEncodedSegment)\">\(HTMLPage.escape($0))</a>" } ?? "-",
                (permit.effectiveness == "not_effective" ? "<span class=\"galat\">tidak berlaku efektif</span>" : "menunggu komitmen")
                    + (permit.approvedByOSSAt != nil ? Self.fiktifPositif : ""),
                missing.isEmpty ? "-" : missing.joined(separator: "<br>"),
            ])
        }
        let more = page.total > permits.count
            ? "<p class=\"kecil\">\(permits.count) dari \(page.total) izin ditampilkan, yang paling lama tidak berubah dahulu; semuanya: gerbang permits</p>" : ""
        return "<section id=\"izin\"><h2>Izin belum berlaku efektif</h2>" + HTMLPage.table(
            ["ID izin", "Izin", "Kasus", "Keadaan", "Komitmen yang kurang"], rows,
            empty: "Semua izin sudah berlaku efektif") + more + "</section>"
    }

    private func log(_ database: GatewayDatabase, filter: LogFilter) throws -> String {
        let entries = try database.syncLog.list(.init(system: filter.system, caseID: filter.caseID, failedOnly: filter.failedOnly, limit: 50))
        let options = ([""] + GatewaySettings.Systems.names + ["gateway"]).map { name in
            "<option value=\"\(name)\"\(filter.system == name ? " selected" : "")>\(name.isEmpty ? "semua sistem" : HTMLPage.escape(Self.systemNames[name] ?? name))</option>"
        }.joined()
        var html = "<section id=\"log\"><h2>Log sinkronisasi</h2><form class=\"saring\" method=\"get\" action=\"/#log\">"
        html += "<select name=\"sistem\" aria-label=\"Sistem\">\(options)</select>"
        html += "<label><input type=\"checkbox\" name=\"gagal\" value=\"1\"\(filter.failedOnly ? " checked" : "")> hanya yang gagal</label>"
        html += "<input name=\"kasus\" placeholder=\"nomor kasus\" value=\"\(HTMLPage.escape(filter.caseID ?? ""))\" aria-label=\"Kasus\">"
        html += "<button type=\"submit\">Saring</button></form>"
        let rows = entries.reversed().map { entry -> (attributes: String, cells: [String]) in
            ("class=\"\(entry.failed ? "lewat" : "")\" data-outcome=\"\(HTMLPage.escape(entry.outcome))\"", [
                HTMLPage.escape(TimeText.tanggal(entry.at, in: zone)), HTMLPage.escape(entry.system),
                HTMLPage.escape(entry.method) + (entry.direction == .incoming ? " ←" : " →"),
                entry.caseID.map { "<a href=\"/kasus/\($0.percentEncodedSegment)\">\(HTMLPage.escape($0))</a>" } ?? "",
                entry.httpStatus.map(String.init) ?? "", entry.attempt.map(String.init) ?? "",
                "<span class=\"\(entry.failed ? "galat" : "")\">\(HTMLPage.escape(entry.outcome))</span>",
                HTMLPage.escape(String((entry.error ?? "").prefix(160))),
            ])
        }
        html += HTMLPage.table(["Waktu", "Sistem", "Metode", "Kasus", "HTTP", "Ke-", "Hasil", "Keterangan"],
                               rows, empty: "Belum ada catatan yang cocok")
        return html + "</section>"
    }

    private func deadLetters(_ database: GatewayDatabase, viewer: PageAccess.Viewer) throws -> String {
        let dead = try database.outbox.list(state: .dead, limit: 500)
        let rows = dead.map { message -> (attributes: String, cells: [String]) in
            ("data-dead=\"\(HTMLPage.escape(message.id))\"", [
                HTMLPage.escape(message.id), HTMLPage.escape(Self.systemNames[message.target] ?? message.target),
                String(message.attempts), message.lastStatus.map(String.init) ?? "-", HTMLPage.escape(message.lastError ?? ""),
                Self.replayForm(message.id, viewer: viewer),
            ])
        }
        return "<section id=\"gagal\"><h2>Pesan gagal kirim (dead letter)</h2>" + HTMLPage.table(
            ["Pesan", "Tujuan", "Percobaan", "HTTP", "Galat terakhir", "Tindakan"], rows,
            empty: "Tidak ada pesan gagal kirim") + "</section>"
    }

    /// The replay button: a logged-in administrator's form carries the session's CSRF token; without a
    /// session the form asks for an admin token, which is proof enough by itself.
    static func replayForm(_ id: String, viewer: PageAccess.Viewer) -> String {
        let proof: String
        if let csrf = viewer.csrfToken {
            guard viewer.isAdmin else { return "<span class=\"kecil\">hanya admin</span>" }
            proof = "<input type=\"hidden\" name=\"csrf\" value=\"\(csrf)\">"
        } else {
            proof = "<input type=\"password\" name=\"token\" placeholder=\"token admin\" required aria-label=\"Token admin\">"
        }
        return "<form method=\"post\" action=\"/status/kirim-ulang\"><input type=\"hidden\" name=\"id\" value=\"\(HTMLPage.escape(id))\">"
            + proof + "<button type=\"submit\">Kirim ulang</button></form>"
    }
}
