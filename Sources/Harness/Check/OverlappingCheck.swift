import Foundation

/// What `check` compares when a run had cascades in flight (`in_flight` > 1, issue 11): its texts
/// depend on the interleaving, so not quality row by row, but the run's field invariants (every
/// violation counts as a regression) and, for information, throughput now/baseline.
public struct OverlappingCheck: Sendable {
    /// K of each side (1 when that run had one cascade at a time).
    public var currentInFlight: Int
    public var baselineInFlight: Int
    /// The current run's invariants (empty when its `in_flight.json` is missing).
    public var invariants: [StressInvariant]
    public var currentThroughput: Double?
    public var baselineThroughput: Double?
    /// Violations of the current run; a missing `in_flight.json` of an in_flight run counts as one.
    public var violations: Int

    /// nil when both runs are reproducible (`check` then compares row by row).
    init?(current: BaselineRun, baseline: BaselineRun) {
        let now = current.provenance?.isReproducible ?? true, base = baseline.provenance?.isReproducible ?? true
        guard !now || !base else { return nil }
        currentInFlight = current.provenance?.inFlight ?? 1
        baselineInFlight = baseline.provenance?.inFlight ?? 1
        invariants = current.inFlight?.invariants ?? []
        currentThroughput = current.inFlight?.cascadesPerMinute
        baselineThroughput = baseline.inFlight?.cascadesPerMinute
        violations = current.inFlight?.totalViolations ?? (now ? 0 : 1)
    }

    var lines: [String] {
        var out = ["Quality: not compared row by row: a run with cascades in flight (now K = \(currentInFlight), "
                   + "baseline K = \(baselineInFlight)) is not reproducible, its texts depend on the interleaving; "
                   + "only field invariants and within-run ratios are gated."]
        if invariants.isEmpty && currentInFlight > 1 {
            out.append("Field invariants: in_flight.json missing in the current run (counted as a violation)")
        } else if !invariants.isEmpty {
            out.append("Field invariants (cascade.md §3.5): \(violations) violations")
            for row in invariants {
                out.append("  \(row.name): \(row.checked) checked, \(row.violations.count) violations")
                for detail in row.violations.prefix(3) { out.append("    \(detail)") }
            }
        }
        if let now = currentThroughput, let base = baselineThroughput, base > 0 {
            out.append(String(format: "Throughput: %.1f cascades/min now, %.1f baseline: now/baseline %.2f (not gated)",
                              now, base, now / base))
        }
        return out
    }
}
