import Foundation

extension StressReport {
    /// The printed block: one row per invariant, the total, throughput and latency per K.
    public func lines(manifestPath: String, cascades: Int, modes: [String]) -> [String] {
        var out = ["stress \(manifestPath): \(cascades) cascades per K over modes \(modes.joined(separator: ", ")), shared fields per mode"]
        out.append("invariant".padding(toLength: 26, withPad: " ", startingAt: 0) + "checked".leftPadded(9) + "violations".leftPadded(12))
        for row in invariants {
            out.append(row.name.padding(toLength: 26, withPad: " ", startingAt: 0) + "\(row.checked)".leftPadded(9)
                       + "\(row.violations.count)".leftPadded(12))
        }
        for row in invariants { for detail in row.violations.prefix(5) { out.append("  \(row.name): \(detail)") } }
        out.append("violations \(totalViolations)")
        for phase in phases {
            out.append(String(format: "K = %d: %.1f cascades/min (%d in %.1f s), latency p50 %.2f s, p90 %.2f s",
                              phase.inFlight, phase.cascadesPerMinute, phase.latencies.count, phase.wallSeconds, phase.p50, phase.p90))
        }
        if phases.count > 1, phases[1].cascadesPerMinute > 0 {
            out.append(String(format: "throughput K = %d / K = 1: %.2fx", phases[0].inFlight,
                              phases[0].cascadesPerMinute / phases[1].cascadesPerMinute))
        }
        if let k = phases.first?.inFlight, k > 1 {
            out.append("not reproducible: at K > 1 texts depend on the interleaving; compare invariants and ratios only")
        }
        return out
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
