import Foundation

/// The human-readable form of a ``BenchReport`` (what `bench …` prints without `--json`): the
/// machine, every side's medians with their spread, and every ratio with its 95% interval.
public enum BenchText {
    public static func lines(_ report: BenchReport) -> [String] {
        let m = report.machine
        var out = ["Benchmark \(report.bench): \(report.runs) measured runs per side, interleaved (\(report.date))"]
        out.append("  machine: \(m.facts.label), \(m.facts.cores) cores")
        out.append("  flags:   \(m.facts.flags.joined(separator: " "))")
        out.append("  load average (1, 5, 15 min): before \(load(m.loadBefore)), after \(load(m.loadAfter))")
        for key in report.settings.keys.sorted() where key != "text" {
            out.append("  \(key): \(report.settings[key] ?? "")")
        }
        out.append("")
        var sides: [(String, [String: BenchValue])] = [("ours", report.ours), ("peer", report.peer)]
        if let original = report.original, report.bench != "haiku" { sides.append(("original", original)) }
        if report.bench == "haiku" { sides[1].0 = "original" }
        for (side, figures) in sides where !figures.isEmpty {
            for name in figures.keys.sorted() {
                guard let value = figures[name] else { continue }
                out.append("  " + "\(side) \(name)".padding(toLength: 30, withPad: " ", startingAt: 0) + describe(value))
            }
        }
        if !report.ratio.isEmpty { out.append("") }
        for name in report.ratio.keys.sorted() {
            guard let r = report.ratio[name] else { continue }
            out.append("  ratio " + name.padding(toLength: 24, withPad: " ", startingAt: 0)
                       + String(format: "%.3f× [%.3f, %.3f]  (95%% seeded bootstrap, paired rounds; > 1: ours better)", r.median, r.lo, r.hi))
        }
        if report.ratio.isEmpty { out.append("  (no peer ran: no ratio)") }
        if let warnings = report.warnings {
            out.append("")
            out.append(contentsOf: warnings.map { "  Warning: " + $0 })
        }
        return out
    }

    /// "3.53, 1.89, 0.77" or "unknown".
    public static func load(_ values: [Double]?) -> String {
        guard let values else { return "unknown" }
        return values.map { String(format: "%.2f", $0) }.joined(separator: ", ")
    }

    static func describe(_ value: BenchValue) -> String {
        switch value {
        case .number(let x): return number(x)
        case .text(let s): return s
        case .sample(let s):
            let (scale, unit) = display(s)
            return "median \(number(s.median * scale)) \(unit)  (min \(number(s.min * scale)) … max \(number(s.max * scale)); "
                + "IQR \(number(s.q1 * scale) ) … \(number(s.q3 * scale)); n \(s.values.count))"
        }
    }

    /// Seconds shown in ms below one second; other units as they are.
    private static func display(_ s: BenchSample) -> (Double, String) {
        s.unit == "s" && s.median < 1 ? (1e3, "ms") : (1, s.unit)
    }

    private static func number(_ x: Double) -> String {
        abs(x) >= 100 ? String(format: "%.1f", x) : String(format: "%.3g", x)
    }
}
