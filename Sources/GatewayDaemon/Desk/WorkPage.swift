import Foundation
import GatewayCore
import GatewayStore
import NationalSystems

/// A case at work, `/meja/kasus/{id}`: the active step's activity, what the SOP says it needs (kelengkapan) and
/// yields, the documents so far (each openable), the history, and for an officer holding the step's role the
/// document upload and the decision form. The decision is checked on a page of its own before it is sent
/// (``preview(_:sends:after:form:viewer:)``), which says what each national system will receive.
struct WorkPage {
    let current: Case
    let definition: ProcessDefinition
    let task: CaseTask
    let company: String?
    let documents: [DocumentStore.Listed]
    let workingSecondsLeft: Int?
    /// The viewer holds the active step's role.
    let mayAct: Bool
    /// The largest document the step's receiver takes, and who that is (nil: the gateway's own limit).
    let documentLimit: (receiver: String?, maxBytes: Int)
    let fields: [DeskForm.Field]
    /// What the officer last did or got wrong, shown above the forms.
    var notice: String?

    func render(viewer: PageAccess.Viewer) -> String {
        var html = HTMLPage(title: "Kasus \(current.id)", viewer: viewer)
        html.add("<p><a href=\"/meja\">← Meja kerja</a></p>")
        if let notice { html.add("<p class=\"pesan\" role=\"status\">\(HTMLPage.escape(notice))</p>") }
        html.add("<section><h1>\(HTMLPage.escape(current.id)) · \(HTMLPage.escape(company ?? "–"))</h1>")
        html.add("<p>\(HTMLPage.escape(definition.title))</p>")
        if let step = current.activeStep.flatMap({ definition.step($0.step) }) {
            let role = definition.role(step.role)?.title ?? step.role
            html.add("<h2>Langkah \(step.number): \(HTMLPage.escape(step.activity))</h2><dl>")
            html.add(Self.term("Pelaksana", role))
            html.add(Self.term("Kelengkapan", step.inputs ?? "–"))
            html.add(Self.term("Output", step.output ?? "–"))
            html.add(Self.term("Waktu standar", step.duration?.text ?? "tanpa waktu standar"))
            html.add(Self.term("Sisa waktu kerja", workingSecondsLeft.map(TimeLeft.text) ?? "–")
                     + (task.deadlineProvisional ? "<dd><span class=\"jeda\">sementara: kalender libur tahun tenggat belum dimuat</span></dd>" : ""))
            if let question = step.decision?.question { html.add(Self.term("Pertanyaan", question)) }
            html.add("</dl>")
            if task.performer != "officer" {
                html.add("<p class=\"kecil\">\(HTMLPage.escape(DeskPage.awaitedParty(task))): bukan tugas petugas.</p>")
            } else if !mayAct {
                html.add("<p class=\"kecil\">Langkah ini dikerjakan oleh \(HTMLPage.escape(role)); peran Anda tidak dapat memutuskannya.</p>")
            }
        } else {
            html.add("<p>Kasus ditutup: \(HTMLPage.escape(current.outcome?.indonesian ?? "–")).</p>")
        }
        html.add("</section>")
        html.add(documentsSection)
        if mayAct, let step = current.activeStep.flatMap({ definition.step($0.step) }), let csrf = viewer.csrfToken {
            html.add(uploadForm(step: step, csrf: csrf))
            html.add(decisionForm(step: step, csrf: csrf))
        }
        html.add(historySection)
        return html.html
    }

    /// "2 MB", "1,5 MB", "512 KB": a size as officers read it (a decimal comma, as Indonesian writes it).
    static func size(_ bytes: Int) -> String {
        guard bytes >= 1024 * 1024 else { return "\(max(1, bytes / 1024)) KB" }
        let tenths = bytes * 10 / (1024 * 1024)
        return tenths % 10 == 0 ? "\(tenths / 10) MB" : "\(tenths / 10),\(tenths % 10) MB"
    }

    private static func term(_ name: String, _ value: String) -> String {
        "<dt>\(HTMLPage.escape(name))</dt><dd>\(HTMLPage.escape(value))</dd>"
    }

    private var documentsSection: String {
        let rows = documents.map { document in
            ("", ["<a href=\"/meja/berkas?id=\(HTMLPage.escape(document.id.percentEncodedSegment))\">\(HTMLPage.escape(document.name))</a>",
                  document.step.map { "Langkah \($0)" } ?? "–", HTMLPage.escape(document.contentType), "\(document.size / 1024 + 1) KB",
                  HTMLPage.escape(JakartaTime.iso(document.createdAt))])
        }
        return "<section><h2>Dokumen</h2>" + HTMLPage.table(["Berkas", "Langkah", "Jenis", "Ukuran", "Diunggah"], rows,
                                                             empty: "Belum ada dokumen.") + "</section>"
    }

    private func uploadForm(step: Step, csrf: String) -> String {
        let limit = Self.size(documentLimit.maxBytes) + (documentLimit.receiver.map { " (batas yang diterima \($0))" } ?? "")
        return """
            <section><h2>Unggah dokumen</h2>
            <form method="post" action="/meja/kasus/\(HTMLPage.escape(current.id.percentEncodedSegment))/berkas" enctype="multipart/form-data">
            <input type="hidden" name="csrf" value="\(HTMLPage.escape(csrf))"><input type="hidden" name="langkah" value="\(step.number)">
            <p><label for="berkas">Berkas PDF, JPEG atau PNG, paling besar \(HTMLPage.escape(limit))</label><br>
            <input id="berkas" name="berkas" type="file" required accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"></p>
            <p><button type="submit">Unggah</button></p>
            </form></section>
            """
    }

    private func decisionForm(step: Step, csrf: String) -> String {
        let choices = DeskForm.choices(for: step).enumerated().map { index, choice in
            "<p><input type=\"radio\" id=\"jawaban-\(index)\" name=\"jawaban\" value=\"\(HTMLPage.escape(choice.value))\" required>"
                + " <label for=\"jawaban-\(index)\">\(HTMLPage.escape(choice.label))</label></p>"
        }.joined()
        let attributes = fields.map { field -> String in
            let id = HTMLPage.escape("atribut-" + field.name.replacingOccurrences(of: ".", with: "-"))
            let name = HTMLPage.escape("atribut." + field.name)
            let control = field.options.map { options in
                "<select id=\"\(id)\" name=\"\(name)\"\(field.required ? " required" : "")>"
                    + options.map { "<option value=\"\(HTMLPage.escape($0))\">\($0.isEmpty ? "–" : HTMLPage.escape($0))</option>" }.joined() + "</select>"
            } ?? "<input id=\"\(id)\" name=\"\(name)\" type=\"text\"\(field.required ? " required" : "")>"
            return "<p><label for=\"\(id)\">\(HTMLPage.escape(field.label))</label><br>\(control)</p>"
        }.joined()
        let activation = current.activeStep?.activation ?? 0
        return """
            <section><h2>Keputusan</h2>
            <form method="post" action="/meja/kasus/\(HTMLPage.escape(current.id.percentEncodedSegment))/periksa">
            <input type="hidden" name="csrf" value="\(HTMLPage.escape(csrf))"><input type="hidden" name="langkah" value="\(step.number)">
            <input type="hidden" name="aktivasi" value="\(activation)">
            <fieldset><legend>\(HTMLPage.escape(step.decision?.question ?? "Langkah \(step.number)"))</legend>\(choices)</fieldset>
            <p><label for="catatan">Catatan (wajib bila berkas dikembalikan ke pemohon)</label><br>
            <textarea id="catatan" name="catatan" rows="3" cols="60"></textarea></p>
            \(attributes)
            <p><button type="submit">Periksa sebelum mengirim</button></p>
            </form></section>
            """
    }

    private var historySection: String {
        let items = CasePage.segments(current.history).reversed().map { segment -> String in
            let step = definition.step(segment.step)
            let ended = segment.endedAt.map { " – " + JakartaTime.iso($0) } ?? " – berjalan"
            var line = "<li><strong>Langkah \(segment.step)</strong>: \(HTMLPage.escape(step?.activity ?? ""))<br>"
                + "<span class=\"kecil\">\(HTMLPage.escape(JakartaTime.iso(segment.startedAt) + ended))"
                + (segment.outcome.isEmpty ? "" : " · \(HTMLPage.escape(segment.outcome))")
                + (segment.actor.isEmpty ? "" : " · \(HTMLPage.escape(segment.actor))") + "</span>"
            if let note = segment.note { line += "<br>\(HTMLPage.escape(note))" }
            return line + "</li>"
        }
        return "<section><h2>Riwayat</h2><ol class=\"lini\">" + items.joined() + "</ol></section>"
    }

    // MARK: The check before sending, and the answer

    /// The decision as posted, what it sends to whom (``sentText(_:)``, from the messages a dry run of it queued) and
    /// where the case goes; the form's fields ride along hidden, so "Kirim" posts the very same decision.
    static func preview(_ current: Case, definition: ProcessDefinition, choice: String, note: String?, sends: [OutboxMessage], after: Case,
                        form: [String: String], viewer: PageAccess.Viewer) -> String {
        var html = HTMLPage(title: "Periksa keputusan \(current.id)", viewer: viewer)
        let step = current.activeStep.flatMap { definition.step($0.step) }
        let label = step.flatMap { step in DeskForm.choices(for: step).first { $0.value == choice }?.label } ?? choice
        html.add("<section><h1>Periksa sebelum mengirim</h1>")
        html.add("<p>Langkah \(step?.number ?? 0): \(HTMLPage.escape(step?.activity ?? ""))</p>")
        html.add("<p><strong>Keputusan:</strong> \(HTMLPage.escape(label))</p>")
        if let note { html.add("<p><strong>Catatan:</strong> \(HTMLPage.escape(note))</p>") }
        let told = sends.map { "<li>\(HTMLPage.escape(sentText($0)))</li>" }.joined()
        html.add("<h2>Yang akan dikirim</h2>" + (told.isEmpty ? "<p class=\"kecil\">Tidak ada pesan ke sistem nasional.</p>" : "<ul>\(told)</ul>"))
        html.add("<h2>Sesudahnya</h2><p>\(HTMLPage.escape(whereNext(after, definition: definition)))</p>")
        let hidden = form.sorted { $0.key < $1.key }.map {
            "<input type=\"hidden\" name=\"\(HTMLPage.escape($0.key))\" value=\"\(HTMLPage.escape($0.value))\">"
        }.joined()
        html.add("<form method=\"post\" action=\"/meja/kasus/\(HTMLPage.escape(current.id.percentEncodedSegment))/putuskan\">\(hidden)"
                 + "<p><button type=\"submit\">Kirim keputusan</button> <a href=\"/meja/kasus/\(HTMLPage.escape(current.id.percentEncodedSegment))\">Ubah</a></p>"
                 + "</form></section>")
        return html.html
    }

    /// The answer once the decision is made (or was made by this officer before: a second click changes nothing).
    static func done(_ after: Case, definition: ProcessDefinition, step: Int, again: Bool, viewer: PageAccess.Viewer) -> String {
        var html = HTMLPage(title: "Keputusan tersimpan", viewer: viewer)
        html.add("<section><h1>Langkah \(step) " + (again ? "sudah Anda putuskan sebelumnya" : "selesai") + "</h1>")
        html.add("<p role=\"status\">\(HTMLPage.escape(whereNext(after, definition: definition)))</p>")
        html.add("<p><a href=\"/meja\">Kembali ke meja kerja</a> · <a href=\"/meja/kasus/\(HTMLPage.escape(after.id.percentEncodedSegment))\">"
                 + "Buka kasus \(HTMLPage.escape(after.id))</a></p></section>")
        return html.html
    }

    /// Where the case stands: its next step and who does it, or how it ended.
    static func whereNext(_ after: Case, definition: ProcessDefinition) -> String {
        guard let step = after.activeStep.flatMap({ definition.step($0.step) }) else {
            return "Kasus \(after.id) ditutup: \(after.outcome?.indonesian ?? "–")."
        }
        return "Kasus \(after.id) kini di langkah \(step.number): \(step.activity) (\(definition.role(step.role)?.title ?? step.role))."
    }

    /// A message as the officer reads it before sending: who receives what ("OSS akan menerima status 45 dengan lampiran").
    static func sentText(_ message: OutboxMessage) -> String {
        let body = (try? JSONValue.decode(Array(message.request.body.utf8))) ?? .null
        let last = message.request.path.split(separator: "/").last.map(String.init) ?? ""
        switch message.target {
        case "oss":
            let code = OSSWire.statusPushed(by: message.request.body) ?? "?"
            let fields = body.field(OSSMethod.receiveLicenseStatus.requestWrapper) ?? body.field(OSSMethod.receiveLicense.requestWrapper)
            let attached = fields?.field("file_lampiran")?.meaningfulText != nil ? " dengan lampiran" : ""
            return "OSS akan menerima status \(code) (\(OSSStatusCode(code).name ?? "kode Lampiran 10"))\(attached)"
        case "siinas":
            switch last {
            case "bap": return "SIINas akan menerima BAP \(body.field("nomor_bap")?.text ?? "") (\(body.field("hasil")?.text ?? "")) dengan berkasnya"
            case "pengembalian": return "SIINas akan mengembalikan berkas ke pemohon: \(body.field("alasan")?.text ?? "")"
            case "penutupan": return "SIINas akan menutup permohonan: \(body.field("alasan")?.text ?? "")"
            default: return "SIINas akan menerima \(message.kind)"
            }
        case "sipro":
            switch last {
            case "status": return "SIPRO akan menerima status \"\(body.field("status")?.text ?? "")\""
            case "nomor-izin": return "SIPRO akan menerima nomor izin \(body.field("nomor_izin")?.text ?? "")"
            case "siap-diambil": return "SIPRO akan mencatat izin siap diambil"
            default: return "SIPRO akan menerima \(message.kind)"
            }
        case "dpmptsp":
            let attached = body.field("dokumen") != nil && body.field("dokumen") != .null ? " dengan lampiran" : ""
            return "DPMPTSP akan menerima surat \"\(body.field("perihal")?.text ?? "")\" nomor \(body.field("nomor_surat")?.text ?? "")\(attached)"
        default:
            return "\(message.target) akan menerima \(message.kind)"
        }
    }
}
