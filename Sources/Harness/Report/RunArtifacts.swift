import Foundation
import HarmonixCore

/// Writes everything derived from a run's rows: `summary.csv`, `leo_targets.csv`, `report.md` and
/// `charts/` (scripts always, PNGs when gnuplot is there). `harmonix run` calls it after the matrix,
/// `harmonix chart RUN_DIR` to rebuild from `turns.csv` without re-running anything.
public enum RunArtifacts {
    public struct Outcome: Sendable {
        public var summary: RunSummary
        public var targets: [TargetRow]
        public var charts: GnuplotRenderer.Outcome
        /// One line each, for stderr (gnuplot missing, a chart failed).
        public var warnings: [String]
    }

    public static func write(directory: String, rows: [TurnRow], variants: [MetricVariant], targets: TargetSpec,
                             margin: Double, provenance: RunProvenance,
                             renderer: GnuplotRenderer = GnuplotRenderer()) throws -> Outcome {
        // From the rows as written, not the in-memory ones: `chart` must rebuild the same figures.
        let rows = try TurnsCSV(variants: variants).persisted(rows)
        let summary = RunSummary(rows: rows, variants: variants, margin: margin)
        try SummaryCSV.write(summary, to: directory)
        let targetRows = LeoTargets.rows(summary: summary, targets: targets)
        try LeoTargetsCSV.write(targetRows, to: directory)
        let scripts = RunCharts.scripts(rows: rows, summary: summary, targets: targets)
        let charts = try renderer.render(scripts, in: (directory as NSString).appendingPathComponent("charts"))
        let headline = variants.contains(targets.variant) ? targets.variant : (variants.first ?? .v4)
        let question = LeoQuestion(rows: rows, summary: summary, targets: targets, cores: provenance.processorCount)
        let report = ReportMarkdown.text(provenance: provenance, summary: summary, targets: targetRows,
                                         headline: headline, charts: scripts.map(\.name),
                                         leoQuestion: question?.markdown(targets: targets),
                                         checkpointCost: CheckpointCost.load(runDirectory: directory),
                                         inFlight: try InFlightOutcome.load(runDirectory: directory))
        let reportPath = (directory as NSString).appendingPathComponent(ReportMarkdown.fileName)
        do {
            try report.write(toFile: reportPath, atomically: true, encoding: .utf8)
        } catch {
            throw ExportError.cannotWrite(path: reportPath, reason: FileProblem.reason(error, path: reportPath))
        }
        return Outcome(summary: summary, targets: targetRows, charts: charts, warnings: charts.warnings)
    }

    /// Rebuilds the artifacts of an existing run folder from its `turns.csv` and `run.json`; the
    /// targets and margin come from the run's manifest when it is still readable, else the defaults.
    public static func rebuild(directory: String, renderer: GnuplotRenderer = GnuplotRenderer()) throws -> Outcome {
        let provenance = try RunProvenance.read(from: directory)
        let table = try TurnsCSV.read(path: (directory as NSString).appendingPathComponent(TurnsCSV.fileName))
        let manifest = try? ManifestLoader.load(path: provenance.manifestPath)
        return try write(directory: directory, rows: table.rows, variants: table.format.variants,
                         targets: manifest?.targets ?? TargetSpec(), margin: manifest?.margin ?? PairedVerdict.defaultMargin,
                         provenance: provenance, renderer: renderer)
    }

    /// The block `harmonix run` prints on stdout: per mode the cascade latency and the headline
    /// external_vocab with intervals, the paired verdicts, and the targets that failed.
    public static func summaryBlock(result: RunResult, outcome: Outcome, headline: MetricVariant) -> String {
        var out: [String] = []
        out.append("Run \(result.provenance.experiment)/\(result.provenance.runID): \(result.cellsRun) cascades run, "
                   + "\(result.cellsFailed) failed, \(result.cellsSkipped) kept from before")
        out.append("  results: \(result.directory)")
        if !result.checkpointSeconds.isEmpty {
            let cost = CheckpointCost(checkpointSeconds: result.checkpointSeconds, cascadeSeconds: result.cascadeSeconds)
            out.append("  \(cost.sentence)")
        }
        if let inFlight = result.inFlight { out += InFlightReport.summaryLines(inFlight) }
        let name = headline.displayName
        for group in outcome.summary.groups where group.stage == "cascade" {
            let mode = Formatting.padded(group.mode.rawValue, 12)
            out.append("  \(mode) cascade latency (median [95% CI]): "
                       + "\(Formatting.duration(group.latency?.median, interval: group.latencyMedianInterval))  "
                       + "n = \(group.latency?.count ?? 0)")
            let score = group.scores[headline]
            out.append("  \(Formatting.padded("", 12)) external_vocab \(name): \(Formatting.decimal(score?.mean))   "
                       + "optimal: \(Formatting.share(score))   empty \(group.emptyCount), failed \(group.failedCount)")
        }
        for comparison in outcome.summary.comparisons {
            if let paired = comparison.comparison {
                out.append("  " + paired.sentence(candidate: comparison.candidate.rawValue,
                                                  reference: comparison.reference.rawValue))
            }
        }
        let failed = outcome.targets.filter { $0.outcome == .fail }
        let passed = outcome.targets.filter { $0.outcome == .pass }
        out.append("  Leo targets: \(passed.count) pass, \(failed.count) fail (leo_targets.csv)")
        for row in failed where row.variant.isEmpty || row.variant == headline.rawValue {
            out.append("    fail: \(row.figure) \(row.mode.rawValue) \(row.variant.uppercased()) = "
                       + "\(Formatting.decimal(row.ours)) (target \(row.target))")
        }
        return out.joined(separator: "\n")
    }
}
