import Foundation
import GatewayCore

/// An SOP drawn as a swimlane flow in SVG, as the seeds draw theirs: a lane per role (in the order the steps
/// first use them), a box per step in its role's lane with its time standard, the flow from step to step, the
/// yes/no branches as arrows labelled "Ya" and "Tidak", and where the statutory clock starts. Optionally the cases
/// waiting and late at each step.
///
/// Self-contained: no fonts, scripts or images from elsewhere (the pages' Content-Security-Policy allows none).
/// Each step is a `g.step` with `data-step`, `data-role`, `data-waiting` and `data-late`; each arrow a
/// `path.flow` with `data-from`, `data-to` (`step:N` or `end:outcome`) and `data-label` (`ya`, `tidak`, `lanjut`),
/// so tests and tools read the diagram as data.
public struct SOPDiagram {
    /// The cases at one step: waiting, and how many of those passed its time standard.
    public struct Count: Sendable, Equatable {
        public let waiting: Int
        public let late: Int

        public init(waiting: Int, late: Int) {
            self.waiting = waiting
            self.late = late
        }
    }

    let definition: ProcessDefinition
    /// The step at which the statutory clock starts (routing.json statutoryClock), if one runs.
    let clockStartsAt: Int?
    let counts: [Int: Count]?

    /// - Parameter counts: the cases at each step, by step number; nil draws no counts (`gerbang sop show --svg`).
    public init(_ definition: ProcessDefinition, clockStartsAt: Int?, counts: [Int: Count]? = nil) {
        self.definition = definition
        self.clockStartsAt = clockStartsAt
        self.counts = counts
    }

    // Geometry, in SVG user units.
    static let labelWidth = 150.0, column = 180.0, boxWidth = 150.0, boxHeight = 92.0, laneHeight = 150.0, top = 46.0, channel = 16.0

    /// One arrow of the flow: from a step to a step or an end.
    struct Flow: Equatable {
        let from: Int
        let to: BranchTarget
        /// "ya", "tidak", or "lanjut" for a step without a decision.
        let label: String
    }

    /// Every arrow the SOP has: a decision's two, or the plain way on (to the next step, or the end after the last).
    var flows: [Flow] {
        definition.steps.flatMap { step -> [Flow] in
            if let decision = step.decision {
                return [Flow(from: step.number, to: decision.yes.target, label: "ya"), Flow(from: step.number, to: decision.no.target, label: "tidak")]
            }
            let next: BranchTarget = definition.step(step.number + 1) != nil ? .step(step.number + 1) : .end(.approved)
            return [Flow(from: step.number, to: next, label: "lanjut")]
        }
    }

    /// The roles with a lane, in the order the steps first use them.
    var lanes: [String] {
        var seen: [String] = []
        for step in definition.steps where !seen.contains(step.role) { seen.append(step.role) }
        return seen
    }

    /// The ends the flow reaches, in the order first reached.
    var ends: [Outcome] {
        var seen: [Outcome] = []
        for flow in flows {
            if case .end(let outcome) = flow.to, !seen.contains(outcome) { seen.append(outcome) }
        }
        return seen
    }

    public var svg: String {
        let lanes = lanes, ends = ends, flows = flows
        let laneIndex = Dictionary(uniqueKeysWithValues: lanes.enumerated().map { ($1, $0) })
        let columns = Dictionary(uniqueKeysWithValues: definition.steps.enumerated().map { ($1.number, $0) })
        let endColumn = definition.steps.count
        // Arrows back to an earlier step run in channels below the lanes, arrows that skip ahead in channels above.
        let backward = flows.filter { if case .step(let to) = target($0), to <= $0.from { true } else { false } }
        // Over the lanes: a skip ahead past the next step, or an end reached from before the last column.
        let over = flows.filter { flow in
            switch target(flow) {
            case .step(let to): to > flow.from + 1
            case .end: (columns[flow.from] ?? 0) + 1 < endColumn
            case .returnToApplicant: false
            }
        }
        let lanesTop = Self.top + Double(over.count) * Self.channel
        let lanesBottom = lanesTop + Double(lanes.count) * Self.laneHeight
        let width = Self.labelWidth + Double(endColumn + 1) * Self.column + 170  // room for the ends' labels
        let height = lanesBottom + Double(backward.count) * Self.channel + 30

        func x(_ column: Int) -> Double { Self.labelWidth + Double(column) * Self.column + 15 }
        func boxTop(_ lane: Int) -> Double { lanesTop + Double(lane) * Self.laneHeight + 28 }
        /// Where an arrow ends: a step's box, or its end's circle (in the lane of the last step to reach it).
        func anchor(_ target: BranchTarget) -> (column: Int, lane: Int)? {
            switch target {
            case .step(let number), .returnToApplicant(let number):
                guard let step = definition.step(number), let column = columns[number], let lane = laneIndex[step.role] else { return nil }
                return (column, lane)
            case .end(let outcome):
                guard let index = ends.firstIndex(of: outcome) else { return nil }
                return (endColumn, index % lanes.count)
            }
        }

        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" class="sop-diagram" viewBox="0 0 \(Int(width)) \(Int(height))" width="\(Int(width))" \
            height="\(Int(height))" role="img" aria-label="\(Self.escape(definition.title))" data-sop="\(Self.escape(definition.id))">
            <title>\(Self.escape(definition.title))</title>
            <defs><marker id="panah" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">\
            <path d="M0,0 L10,5 L0,10 z" fill="#44546a"/></marker></defs>
            <style>
            text { font: 12px sans-serif; fill: #1d2733; } .lane-title { font-weight: bold; } .small { font-size: 11px; fill: #5b6b7c; }
            .box { fill: #fff; stroke: #44546a; stroke-width: 1.2; } .decision .box { fill: #fff8e1; }
            .flow { fill: none; stroke: #44546a; stroke-width: 1.2; marker-end: url(#panah); } .flow.tidak { stroke-dasharray: 5 3; }
            .late { fill: #b42318; font-weight: bold; } .waiting { fill: #1f5fae; font-weight: bold; } .clock { fill: #1a7f37; font-weight: bold; }
            </style>

            """
        for (index, role) in lanes.enumerated() {
            let y = lanesTop + Double(index) * Self.laneHeight
            let title = definition.role(role)?.title ?? role
            out += """
                <g class="lane" data-role="\(Self.escape(role))"><rect x="0" y="\(y)" width="\(width)" height="\(Self.laneHeight)" \
                fill="\(index % 2 == 0 ? "#f5f7fa" : "#eef2f6")" stroke="#d8dee6"/>\
                \(Self.lines(title, width: 20, max: 4).enumerated().map { "<text class=\"lane-title\" x=\"8\" y=\"\(y + 22 + Double($0.offset) * 15)\">\(Self.escape($0.element))</text>" }.joined())</g>

                """
        }
        for step in definition.steps {
            guard let column = columns[step.number], let lane = laneIndex[step.role] else { continue }
            let left = x(column), top = boxTop(lane)
            let count = counts?[step.number] ?? Count(waiting: 0, late: 0)
            out += "<g class=\"step\(step.decision == nil ? "" : " decision")\" data-step=\"\(step.number)\" data-role=\"\(Self.escape(step.role))\""
                + (counts == nil ? "" : " data-waiting=\"\(count.waiting)\" data-late=\"\(count.late)\"") + ">"
            out += "<title>\(step.number). \(Self.escape(step.activity))\(step.decision.map { " — " + Self.escape($0.question) } ?? "")</title>"
            out += "<rect class=\"box\" x=\"\(left)\" y=\"\(top)\" width=\"\(Self.boxWidth)\" height=\"\(Self.boxHeight)\" rx=\"\(step.decision == nil ? 4 : 14)\"/>"
            out += "<text x=\"\(left + 6)\" y=\"\(top + 15)\"><tspan font-weight=\"bold\">\(step.number)</tspan>"
                + (step.decision == nil ? "" : " <tspan class=\"small\">Ya / Tidak?</tspan>") + "</text>"
            for (index, line) in Self.lines(step.activity, width: 24, max: 3).enumerated() {
                out += "<text x=\"\(left + 6)\" y=\"\(top + 32 + Double(index) * 14)\">\(Self.escape(line))</text>"
            }
            let time = step.duration?.text ?? (step.observable ? "tanpa waktu" : "tidak teramati")
            out += "<text class=\"small\" x=\"\(left + 6)\" y=\"\(top + Self.boxHeight - 7)\">\(Self.escape(time))</text>"
            if step.number == clockStartsAt {
                out += "<text class=\"clock\" x=\"\(left)\" y=\"\(top - 6)\">▶ jam hukum mulai</text>"
            }
            if counts != nil, count.waiting > 0 {
                out += "<text class=\"waiting\" x=\"\(left)\" y=\"\(top + Self.boxHeight + 15)\">\(count.waiting) menunggu</text>"
                if count.late > 0 {
                    out += "<text class=\"late\" x=\"\(left + 78)\" y=\"\(top + Self.boxHeight + 15)\">\(count.late) terlambat</text>"
                }
            }
            out += "</g>\n"
        }
        for (index, outcome) in ends.enumerated() {
            let centerX = x(endColumn) + 40, centerY = boxTop(index % lanes.count) + Self.boxHeight / 2
            out += "<g class=\"end\" data-outcome=\"\(outcome.rawValue)\"><circle cx=\"\(centerX)\" cy=\"\(centerY)\" r=\"24\" fill=\"#fff\" "
                + "stroke=\"#12324f\" stroke-width=\"3\"/><text x=\"\(centerX + 30)\" y=\"\(centerY + 4)\">Selesai: \(Self.escape(outcome.indonesian))</text></g>\n"
        }
        var below = 0, above = 0
        for flow in flows {
            guard let fromStep = definition.step(flow.from), let fromColumn = columns[flow.from], let fromLane = laneIndex[fromStep.role],
                  let (toColumn, toLane) = anchor(flow.to) else { continue }
            let fromLeft = x(fromColumn), fromTop = boxTop(fromLane), toLeft = x(toColumn), toTop = boxTop(toLane)
            let path: String, labelAt: (Double, Double)
            if case .end = flow.to {
                let endX = toLeft + 16, endY = toTop + Self.boxHeight / 2
                if toColumn == fromColumn + 1 {
                    let middle = fromLeft + Self.boxWidth + 12
                    path = "M\(fromLeft + Self.boxWidth),\(fromTop + Self.boxHeight / 2) H\(middle) V\(endY) H\(endX)"
                } else {
                    // An end reached from further back: over the lanes, as a skip ahead is.
                    let y = Self.top + Double(above) * Self.channel
                    above += 1
                    path = "M\(fromLeft + Self.boxWidth / 2),\(fromTop) V\(y) H\(endX + 24) V\(endY - 24)"
                }
                labelAt = (fromLeft + Self.boxWidth + 2, fromTop + Self.boxHeight / 2 - 4)
            } else if toColumn == fromColumn + 1 {
                let middle = fromLeft + Self.boxWidth + 12
                path = "M\(fromLeft + Self.boxWidth),\(fromTop + Self.boxHeight / 2) H\(middle) V\(toTop + Self.boxHeight / 2) H\(toLeft)"
                labelAt = (fromLeft + Self.boxWidth + 2, fromTop + Self.boxHeight / 2 - 4)
            } else if toColumn > fromColumn {
                let y = Self.top + Double(above) * Self.channel
                above += 1
                path = "M\(fromLeft + Self.boxWidth / 2 + 10),\(fromTop) V\(y) H\(toLeft + Self.boxWidth / 2 + 10) V\(toTop)"
                labelAt = (fromLeft + Self.boxWidth / 2 + 14, fromTop - 18)
            } else {
                let y = lanesBottom + 8 + Double(below) * Self.channel
                below += 1
                path = "M\(fromLeft + Self.boxWidth / 2 - 10),\(fromTop + Self.boxHeight) V\(y) H\(toLeft + Self.boxWidth / 2 - 10) V\(toTop + Self.boxHeight)"
                labelAt = (fromLeft + Self.boxWidth / 2 - 6, fromTop + Self.boxHeight + 28)
            }
            out += "<path class=\"flow \(flow.label)\" data-from=\"\(flow.from)\" data-to=\"\(Self.key(flow.to))\" data-label=\"\(flow.label)\" d=\"\(path)\"/>"
            if flow.label != "lanjut" {
                out += "<text class=\"small\" x=\"\(labelAt.0)\" y=\"\(labelAt.1)\">\(flow.label == "ya" ? "Ya" : "Tidak")</text>"
            }
            out += "\n"
        }
        return out + "</svg>\n"
    }

    /// A branch back to the applicant is drawn to the applicant's step.
    private func target(_ flow: Flow) -> BranchTarget {
        if case .returnToApplicant(let step) = flow.to { return .step(step) }
        return flow.to
    }

    /// `step:N` or `end:outcome`: what `data-to` says.
    static func key(_ target: BranchTarget) -> String {
        switch target {
        case .step(let number), .returnToApplicant(let number): "step:\(number)"
        case .end(let outcome): "end:\(outcome.rawValue)"
        }
    }

    /// Text broken into lines of about `width` characters at spaces, at most `max` of them (the last ends in "…" when cut).
    static func lines(_ text: String, width: Int, max: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty, current.count + 1 + word.count > width {
                lines.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty { lines.append(current) }
        guard lines.count > max else { return lines }
        var kept = Array(lines.prefix(max))
        kept[max - 1] = String(kept[max - 1].prefix(width - 1)) + "…"
        return kept
    }

    /// Text for SVG content and attribute values: the pages' escaping serves XML as it is (XML 1.0 §2.4).
    static func escape(_ text: String) -> String {
        HTMLPage.escape(text)
    }
}
