import Foundation

/// `report.md`: a run's provenance, verdicts, Leo targets, per-stage figures and charts in one page
/// (fit for a pull request or `$GITHUB_STEP_SUMMARY`).
public enum ReportMarkdown {
    public static let fileName = "report.md"

    /// `key: path (rule)` for every data file, `;`-separated.
    static func dataLine(_ files: [DataRecord]) -> String {
        files.isEmpty ? "-" : files.map { "\($0.key): `\($0.path)` (\($0.rule))" }.joined(separator: "; ")
    }

    public static func text(provenance: RunProvenance, summary: RunSummary, targets: [TargetRow],
                            headline: MetricVariant, charts: [String], leoQuestion: String? = nil,
                            checkpointCost: CheckpointCost? = nil, inFlight: InFlightOutcome? = nil) -> String {
        var out: [String] = []
        out.append("# \(provenance.experiment): run \(provenance.runID)")
        out.append("")
        if let missing = provenance.missingUnits, !missing.isEmpty {
            out.append("**Partial merge** (`--partial`): lineage units \(missing.map { "`\($0)`" }.joined(separator: ", ")) "
                       + "are missing; every figure below covers only the units present.")
            out.append("")
        }
        var facts: [[String]] = [
            ["manifest", "`\(provenance.manifestPath)`"],
            ["manifest sha256", "`\(provenance.manifestSHA256)`"],
            ["seed / repeats / warmup", "\(provenance.seed) / \(provenance.repeats) / \(provenance.warmup)"],
            ["modes", provenance.modes.joined(separator: ", ")],
            ["organisms", provenance.organisms.joined(separator: ", ")],
            ["prompts", "\(provenance.promptCount)" + (provenance.filter.map { " (filter `\($0)`)" } ?? "")],
            ["prompt sets", provenance.promptSets.map { $0.map(\.summary).joined(separator: "; ") } ?? "-"],
            ["data", provenance.dataFiles.map(Self.dataLine) ?? "-"],
            ["git", provenance.gitSHA.map { "`\($0)`" } ?? "-"],
            ["host", "\(provenance.host), \(provenance.processorCount) CPUs, \(provenance.operatingSystem)"],
            ["toolchain", provenance.toolchain],
            ["lineage", (provenance.lineage ?? .run).rawValue
                + (provenance.shard.map { " (shard \($0.spec): units \($0.ownUnits.joined(separator: ", ")))" } ?? "")],
            ["started", provenance.startedAt + (provenance.resumedAt.isEmpty ? "" : " (resumed \(provenance.resumedAt.joined(separator: ", ")))")],
        ]
        if !provenance.isReproducible { facts.append(InFlightReport.provenanceRow(provenance)) }
        out.append(Formatting.markdownTable(["", ""], facts))
        if let shards = provenance.mergedFrom {
            out.append("")
            out.append("## Shards")
            out.append("")
            out.append("Merged from \(shards.count) shard run folders (`harmonix merge`). Each lineage unit ran with all "
                       + "its modes and repeats on one machine, so the paired sync/async figures pair cascades on the "
                       + "same CPU; pooled latency mixes the CPUs below.")
            out.append("")
            out.append(Formatting.markdownTable(["shard", "run", "host", "CPU", "units"], shards.map {
                [$0.shard, $0.runID, $0.host, $0.machine?.label ?? "-", $0.units.joined(separator: ", ")]
            }))
        }
        out.append("")
        if let inFlight { out += InFlightReport.section(inFlight) }
        out.append("## Sync vs async")
        out.append("")
        if summary.comparisons.isEmpty {
            out.append("Only one mode ran: no paired comparison.")
        }
        for comparison in summary.comparisons {
            if let paired = comparison.comparison {
                let p = paired.wilcoxon.map { String(format: "; Wilcoxon signed-rank p = %.3g", $0.pValue) } ?? ""
                out.append("- " + paired.sentence(candidate: comparison.candidate.rawValue,
                                                  reference: comparison.reference.rawValue)
                           + " (margin δ = \(Int((paired.margin * 100).rounded()))%\(p))")
            } else {
                out.append("- \(comparison.candidate.rawValue) vs \(comparison.reference.rawValue): \(comparison.note)")
            }
        }
        out.append("")
        if let leoQuestion {
            out.append(leoQuestion)
        }
        out.append("## Leo targets")
        out.append("")
        out.append("Cascade-level figures. Leo's figures are quoted under the same variant (metrics.md §1.8); "
                   + "the harmonix targets (mean < 0.15, optimal > 80%) carry no variant of their own, so every "
                   + "variant is judged; the headline is \(headline.displayName).")
        out.append("")
        out.append(Formatting.markdownTable(
            ["figure", "mode", "variant", "n", "ours", "Leo", "Leo source", "target", "result"],
            targets.map { [$0.figure, $0.mode.rawValue, $0.variant.uppercased(), String($0.n), Formatting.decimal($0.ours),
                           Formatting.decimal($0.leo), $0.leoSource, $0.target, $0.outcome.rawValue] }))
        out.append("")
        out.append("## Per stage")
        out.append("")
        out.append("Latency: median with its bootstrap 95% CI. Optimal: external_vocab \(headline.displayName) < 0.2 "
                   + "over scored turns, Wilson 95% CI. Empty and failed turns are counted apart, never optimal.")
        out.append("")
        out.append(Formatting.markdownTable(
            ["mode", "stage", "rows", "empty", "failed", "latency", "p90", "external_vocab \(headline.displayName) mean",
             "optimal"],
            summary.groups.map { group in
                let score = group.scores[headline]
                return [group.mode.rawValue, group.stage, String(group.rowCount), String(group.emptyCount),
                        String(group.failedCount),
                        Formatting.duration(group.latency?.median, interval: group.latencyMedianInterval),
                        Formatting.duration(group.latency?.p90), Formatting.decimal(score?.mean),
                        Formatting.share(score)]
            }))
        if let checkpointCost {
            out.append("")
            out.append("## Checkpoints")
            out.append("")
            out.append("After every cell the run checkpoints each mode's fields and minds (`checkpoints/`), so "
                       + "`--resume` reproduces an uninterrupted run; \(checkpointCost.sentence).")
        }
        if !charts.isEmpty {
            out.append("")
            out.append("## Charts")
            out.append("")
            for chart in charts { out.append("![\(chart)](charts/\(chart).png)") }
        }
        out.append("")
        out.append("Raw rows: `turns.csv`; per-group figures: `summary.csv`; targets: `leo_targets.csv`; "
                   + "provenance: `run.json`; chart scripts: `charts/*.gp`.")
        out.append("")
        return out.joined(separator: "\n")
    }
}
