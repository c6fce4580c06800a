import Foundation
import GatewayCore
import GatewayStore
import NationalSystems

/// A case's page at `/kasus/{id}`: its history as a timeline of step
/// activations, each against the step's time standard (working time, so nights,
/// weekends and holidays do not count), late ones highlighted.
struct CasePage {
    /// One activation of a step: from its start to its completion (or now).
    struct Segment {
        let step: Int
        let activation: Int
        let startedAt: Date
        var deadline: Date?
        var endedAt: Date?
        var outcome = ""
        var actor = ""
        var note: String?
        var documents: [String] = []
    }

    let runtime: GatewayRuntime

    /// The activations of a case's steps, in order, from its history.
    static func segments(_ history: [HistoryEntry]) -> [Segment] {
        var segments: [Segment] = []
        func close(_ activation: Int?, at time: Date, outcome: String, entry: HistoryEntry) {
            guard let index = segments.lastIndex(where: { $0.endedAt == nil && (activation == nil || $0.activation == activation) }) else { return }
            segments[index].endedAt = time
            segments[index].outcome = outcome
            segments[index].actor = entry.actor.description
            segments[index].note = entry.note ?? segments[index].note
            segments[index].documents += entry.documents
        }
        for entry in history {
            switch entry.event {
            case .started(let activation, let deadline):
                segments.append(Segment(step: entry.step ?? 0, activation: activation, startedAt: entry.at, deadline: deadline))
            case .completed(let activation, let answer, let message, _):
                close(activation, at: entry.at, outcome: "selesai" + (answer.map { $0 == .yes ? " (ya)" : " (tidak)" } ?? "")
                      + (message.map { " oleh pesan \($0)" } ?? ""), entry: entry)
            case .migrated(let activation, let from, let to, _):
                close(activation, at: entry.at, outcome: "dipindahkan dari SOP versi \(from) ke versi \(to)", entry: entry)
            case .returnedIncomplete(let activation, let toStep):
                close(activation, at: entry.at, outcome: "dikembalikan ke pemohon (langkah \(toStep))", entry: entry)
            case .attached(let activation):
                if let index = segments.lastIndex(where: { $0.activation == activation }) { segments[index].documents += entry.documents }
            case .ended(let outcome, let reason):
                close(nil, at: entry.at, outcome: "kasus ditutup: " + outcome.indonesian + (reason.map { ", \($0)" } ?? ""),
                      entry: entry)
            case .deadlineMoved(let activation, _, let to), .resumed(let activation, let to?):
                if let index = segments.lastIndex(where: { $0.activation == activation }) { segments[index].deadline = to }
            case .frozen(let activation):
                if let index = segments.lastIndex(where: { $0.activation == activation }) {
                    segments[index].note = "dibekukan: " + (entry.note ?? "NIB dibekukan OSS")
                }
            case .nibChanged(let changes):
                // Shown with the step the case was at: what OSS changed in the NIB, old → new.
                if let index = segments.indices.last {
                    let text = changes.map { "\($0.field): \($0.old ?? "–") → \($0.new ?? "–")" }.joined(separator: "; ")
                    segments[index].note = [segments[index].note, "NIB diperbarui: " + text].compactMap { $0 }.joined(separator: " · ")
                }
            case .applicantReminded(let activation, _):
                if let index = segments.lastIndex(where: { $0.activation == activation }) {
                    segments[index].note = [segments[index].note, "menunggu pemohon: waktu standar terlewati, pemohon diingatkan"]
                        .compactMap { $0 }.joined(separator: " · ")
                }
            case .resumed:
                break
            case .opened, .deadlinePassed:
                break
            }
        }
        return segments
    }

    /// The case's permits: whether effective, what OSS says, the number and signed document, each
    /// commitment with its statutory deadline (provisional, passed) and whether OSS approved by itself.
    private func permits(of id: String, calendar: WorkCalendar) throws -> String {
        let records = try runtime.read { database in
            try database.caseKeys.keys(of: id).filter { $0.hasPrefix("izin:") }.compactMap { try database.permits.permit(String($0.dropFirst(5))) }
        }
        guard !records.isEmpty else { return "" }
        let zone = calendar.timeZone
        var html = "<section id=\"izin\"><h2>Izin</h2>"
        for record in records {
            let permit = record.commitments
            let state: String
            switch permit.effectiveness {
            case .effective: state = "<span class=\"ok\">berlaku efektif</span>"
            case .notEffective(let reason): state = "<span class=\"galat\">belum berlaku efektif</span>: \(HTMLPage.escape(reason))"
            case .pending: state = permit.isPaused() ? "menunggu komitmen · batas waktu hukum berhenti sementara" : "menunggu komitmen"
            case .ended(let reason): state = "<span class=\"galat\">tidak diproses lagi</span>: \(HTMLPage.escape(reason))"
            }
            html += "<p data-permit=\"\(HTMLPage.escape(permit.idIzin))\"><strong>\(HTMLPage.escape(record.namaIzin ?? permit.idIzin))</strong> "
                + "(\(HTMLPage.escape(permit.idIzin))) · \(state)"
            html += record.ossStatus.map { " · OSS: \(HTMLPage.escape(OSSStatusCode($0).description))" } ?? ""
            html += record.nomorIzin.map { " · nomor izin \(HTMLPage.escape($0))" } ?? ""
            html += record.fileDS.map { url in
                // A link only where the scheme is safe to follow; anything else is shown as inert text.
                ExternalLink.isAllowed(url) ? " · <a href=\"\(HTMLPage.escape(url))\" rel=\"noreferrer\">izin bertanda tangan OSS</a>"
                    : " · izin bertanda tangan OSS: <code>\(HTMLPage.escape(url))</code> (bukan tautan https)"
            } ?? ""
            if record.approvedByOSSAt != nil { html += StatusPage.fiktifPositif }
            html += "</p><ul>"
            for commitment in permit.commitments {
                html += "<li>\(HTMLPage.escape(commitment.kind.rawValue)): \(HTMLPage.escape(commitment.state.rawValue))"
                if let due = commitment.dueAt {
                    html += " · batas waktu hukum \(HTMLPage.escape(TimeText.tanggal(due, in: zone)))"
                    if let days = commitment.workingDays { html += " (\(days) hari kerja)" }
                    if calendar.isProvisional(due) { html += " <span class=\"jeda\">sementara</span>" }
                }
                if commitment.breachedAt != nil { html += " <span class=\"lewat-teks\">lewat batas waktu: dieskalasi ke kepala dinas</span>" }
                html += "</li>"
            }
            html += "</ul>"
        }
        return html + "</section>"
    }

    func render(_ id: String, viewer: PageAccess.Viewer = .anonymous) throws -> String? {
        let now = runtime.clock.now()
        let calendar = runtime.configuration.calendar
        let zone = calendar.timeZone
        guard let found = try runtime.read({ try $0.cases.load(id) }) else { return nil }
        let definition = runtime.processor.library.definition(found.processID, version: found.sopVersion)
        var page = HTMLPage(title: "Kasus \(id)", viewer: viewer)
        page.add("<h1>Kasus \(HTMLPage.escape(id))</h1><section><p>")
        page.add("<strong>\(HTMLPage.escape(definition?.title ?? found.processID))</strong>")
        page.add(found.reference.map { " · referensi \(HTMLPage.escape($0))" } ?? "")
        page.add(" · dibuka \(HTMLPage.escape(TimeText.tanggal(found.openedAt, in: zone)))<br>")
        if let active = found.activeStep {
            let step = definition?.step(active.step)
            page.add("Sedang di langkah <b data-field=\"step\">\(active.step)</b>: \(HTMLPage.escape(step?.activity ?? "?"))")
            page.add(step.flatMap { definition?.role($0.role)?.title }.map { " (\(HTMLPage.escape($0)))" } ?? "")
            if let since = active.frozenSince {
                page.add("<br><span class=\"jeda\" data-field=\"frozen\">Dibekukan sejak \(HTMLPage.escape(TimeText.tanggal(since, in: zone))): "
                    + "OSS membekukan NIB; waktu baku berhenti sampai NIB aktif kembali</span>")
            }
        } else {
            page.add("Selesai: <b data-field=\"outcome\" data-outcome=\"\(found.outcome?.rawValue ?? "")\">\(found.outcome?.indonesian ?? "-")</b>")
        }
        page.add("</p></section><section><h2>Lini masa terhadap waktu baku</h2><ol class=\"lini\">")
        for segment in Self.segments(found.history) {
            let step = definition?.step(segment.step)
            let end = segment.endedAt ?? now
            let used = calendar.workingSeconds(from: segment.startedAt, to: end)
            let late = segment.deadline.map { end > $0 } ?? false
            let state = late ? "lewat" : segment.endedAt == nil ? "berjalan" : "tepat"
            page.add("<li class=\"\(state)\" data-step=\"\(segment.step)\" data-late=\"\(late)\">")
            page.add("<b>Langkah \(segment.step)</b> · \(HTMLPage.escape(step?.activity ?? "?"))<br>")
            page.add("<span class=\"kecil\">\(HTMLPage.escape(TimeText.tanggal(segment.startedAt, in: zone))) → ")
            page.add(segment.endedAt.map { HTMLPage.escape(TimeText.tanggal($0, in: zone)) } ?? "sekarang")
            page.add(" · waktu kerja terpakai \(HTMLPage.escape(TimeLeft.text(used)))")
            page.add(" · waktu baku \(HTMLPage.escape(step?.duration?.text ?? "tidak ada"))")
            if step?.observable == false {
                page.add(" · <span class=\"redup\" data-field=\"unobservable\">tidak teramati: tidak ada sistem yang melihatnya selesai</span>")
            }
            if let deadline = segment.deadline, segment.endedAt == nil {
                page.add(" · batas \(HTMLPage.escape(TimeText.tanggal(deadline, in: zone)))")
                // The year's SKB list is missing: a holiday not yet known may still move it.
                if calendar.isProvisional(deadline) { page.add(" <span class=\"jeda\" data-field=\"provisional\">sementara</span>") }
            }
            page.add("</span><br>")
            if late, let deadline = segment.deadline {
                page.add("<span class=\"lewat-teks\">Lewat waktu baku \(HTMLPage.escape(TimeLeft.text(calendar.workingSeconds(from: deadline, to: end)))) (batas \(HTMLPage.escape(TimeText.tanggal(deadline, in: zone))))</span><br>")
            }
            if segment.endedAt != nil {
                page.add("\(HTMLPage.escape(segment.outcome)) · \(HTMLPage.escape(segment.actor))")
            } else {
                page.add("<span class=\"redup\">menunggu</span>")
            }
            if let note = segment.note { page.add("<br><i>\(HTMLPage.escape(note))</i>") }
            if !segment.documents.isEmpty { page.add("<br><span class=\"kecil\">dokumen: \(HTMLPage.escape(segment.documents.joined(separator: ", ")))</span>") }
            page.add("</li>")
        }
        page.add("</ol></section>")
        page.add(try permits(of: id, calendar: calendar))
        let entries = try runtime.read { try $0.syncLog.list(.init(caseID: id, limit: 100)) }
        let rows = entries.map { entry -> (attributes: String, cells: [String]) in
            (attributes: entry.failed ? "class=\"lewat\"" : "", cells: [
                HTMLPage.escape(TimeText.tanggal(entry.at, in: zone)), HTMLPage.escape(entry.system), HTMLPage.escape(entry.method),
                HTMLPage.escape(entry.outcome), HTMLPage.escape(String((entry.error ?? "").prefix(160))),
            ])
        }
        page.add("<section><h2>Log sinkronisasi kasus ini</h2>")
        page.add(HTMLPage.table(["Waktu", "Sistem", "Metode", "Hasil", "Keterangan"], rows, empty: "Belum ada catatan"))
        page.add("</section>")
        return page.html
    }
}
