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
        let ratios = throughputRatios
        if ratios.count == 1, let k = phases.first?.inFlight {
            out.append(String(format: "throughput K = %d / K = 1: %.2fx", k, ratios[0]))
        } else if ratios.count > 1, let k = phases.first?.inFlight {
            for level in [k, 1] {
                let rates = phases.filter { $0.inFlight == level }.map(\.cascadesPerMinute)
                out.append(String(format: "K = %d over %d rounds: median %.1f cascades/min [min %.1f, max %.1f]", level,
                                  rates.count, Quantiles.median(rates), rates.min() ?? .nan, rates.max() ?? .nan))
            }
            out.append(String(format: "throughput K = %d / K = 1, paired per round (n = %d): median %.2fx [min %.2f, max %.2f]",
                              k, ratios.count, Quantiles.median(ratios), ratios.min() ?? .nan, ratios.max() ?? .nan))
        }
        if let k = phases.first?.inFlight, k > 1 {
            out.append("not reproducible: at K > 1 texts depend on the interleaving; compare invariants and ratios only")
        }
        return out
    }
}

extension StressReport {
    /// Throughput at K over throughput at K = 1, one per round that measured both (phases come in
    /// (K, K = 1) pairs).
    public var throughputRatios: [Double] {
        stride(from: 0, to: phases.count - 1, by: 2).compactMap { i in
            let main = phases[i], serial = phases[i + 1]
            guard serial.inFlight == 1, main.inFlight > 1, serial.cascadesPerMinute > 0 else { return nil }
            return main.cascadesPerMinute / serial.cascadesPerMinute
        }
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
