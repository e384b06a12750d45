import Foundation

/// How a run with `in_flight` > 1 shows in `report.md` and in the printed summary (issue 11):
/// throughput next to latency, the field invariants, and why its texts are not reproducible.
enum InFlightReport {
    static let notReproducible = "not reproducible: with cascades in flight, texts depend on the interleaving; "
        + "`check` compares only the invariants and ratios of such runs"

    /// The report's provenance row.
    static func provenanceRow(_ provenance: RunProvenance) -> [String] {
        ["in flight", "\(provenance.inFlight ?? 1) cascades at once over shared fields (\(notReproducible))"]
    }

    /// The report's section: throughput, then one row per invariant.
    static func section(_ outcome: InFlightOutcome) -> [String] {
        var out = ["## Throughput and field invariants", ""]
        out.append("\(outcome.throughputSentence). The latency below is each cascade's own, measured while "
                   + "\(outcome.inFlight) shared the machine; throughput is cascades finished per minute of wall clock.")
        out.append("")
        out.append("Invariants of cascade.md §3.5, checked at the end of the run from every field's operation log "
                   + "(`\(InFlightOutcome.fileName)`): \(outcome.totalViolations) violations.")
        out.append("")
        out.append(Formatting.markdownTable(["invariant", "checked", "violations"], outcome.invariants.map {
            [$0.name, String($0.checked), String($0.violations.count)]
        }))
        for row in outcome.invariants {
            for detail in row.violations.prefix(5) { out.append("- \(row.name): \(detail)") }
        }
        out.append("")
        return out
    }

    /// Lines of the summary block `harmonix run` prints.
    static func summaryLines(_ outcome: InFlightOutcome) -> [String] {
        var out = ["  \(outcome.throughputSentence)"]
        out += outcome.invariantLines.map { "  invariant \($0)" }
        out.append("  \(notReproducible)")
        return out
    }
}
