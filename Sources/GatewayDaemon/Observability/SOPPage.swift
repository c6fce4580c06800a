import Foundation
import GatewayCore
import GatewayStore

/// An SOP's page at `/sop/{id}`: the version in force drawn as a swimlane flow (``SOPDiagram``) with the cases
/// waiting and late at each step now, and the same as a table for screen readers and phones.
struct SOPPage {
    let runtime: GatewayRuntime

    /// The page, or nil when no SOP in force has this id.
    func render(_ id: String, viewer: PageAccess.Viewer = .anonymous) throws -> String? {
        let library = runtime.processor.library
        guard let definition = library.inForce[id] else { return nil }
        let version = library.versionInForce[id]
        let (steps, otherVersions) = try version.map { version in try runtime.read { try $0.cases.waitingBySteps(processID: id, version: version) } }
            ?? ([:], 0)
        let counts = Dictionary(uniqueKeysWithValues: definition.steps.map { step in
            (step.number, SOPDiagram.Count(waiting: steps[step.number]?.waiting ?? 0, late: steps[step.number]?.late ?? 0))
        })
        let clock = runtime.configuration.rules.statutoryClock?[id]
        var page = HTMLPage(title: "SOP \(definition.title)", refreshSeconds: 30, viewer: viewer)
        page.add("<h1>\(HTMLPage.escape(definition.title))</h1><section><p>")
        page.add(version.map { "Versi <b data-field=\"version\">\($0)</b> yang berlaku" } ?? "Versi yang berlaku")
        page.add(" · \(definition.steps.count) langkah")
        page.add(definition.statedTotal.map { " · waktu total menurut SOP \(HTMLPage.escape($0))" } ?? "")
        page.add(clock.map { " · jam hukum mulai di langkah \($0)" } ?? "")
        let waiting = counts.values.map(\.waiting).reduce(0, +), late = counts.values.map(\.late).reduce(0, +)
        page.add("<br><b data-field=\"waiting\">\(waiting)</b> kasus aktif menunggu, <b data-field=\"late\">\(late)</b> terlambat")
        if otherVersions > 0 {
            page.add("; <span data-field=\"other-versions\">\(otherVersions)</span> kasus aktif lain mengikuti versi sebelumnya "
                     + "(gerbang sop versions \(HTMLPage.escape(id)))")
        }
        page.add("</p></section><section id=\"diagram\"><h2>Alur</h2><div style=\"overflow-x: auto\">")
        page.add(SOPDiagram(definition, clockStartsAt: clock, counts: counts).svg)
        page.add("</div></section><section id=\"langkah\"><h2>Langkah</h2>")
        page.add(HTMLPage.table(["Langkah", "Kegiatan", "Pelaksana", "Waktu", "Menunggu", "Terlambat"], definition.steps.map { step in
            let count = counts[step.number] ?? SOPDiagram.Count(waiting: 0, late: 0)
            return (" data-step=\"\(step.number)\" data-waiting=\"\(count.waiting)\" data-late=\"\(count.late)\"", [
                "\(step.number)", HTMLPage.escape(step.activity), HTMLPage.escape(definition.role(step.role)?.title ?? step.role),
                HTMLPage.escape(step.duration?.text ?? "-"), "\(count.waiting)", count.late > 0 ? "<b class=\"lewat\">\(count.late)</b>" : "0",
            ])
        }, empty: "SOP ini tidak punya langkah"))
        page.add("</section>")
        return page.html
    }
}
