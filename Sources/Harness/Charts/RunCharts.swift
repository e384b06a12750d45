import Cascade
import Foundation

/// The four charts of a run (issue 2 item 6), built from its rows and summary:
///
/// 1. `latency_by_stage`: median latency per stage, one bar per mode, whiskers p25–p75;
/// 2. `cascade_latency_by_mode`: the distribution of whole-cascade latency per mode (sync vs async),
///    titled with the paired speed-up when there is one;
/// 3. `external_vocab_by_stage`: the distribution of external_vocab (headline variant) per stage and
///    mode, with the 0.2 optimal cut and the harmonix target;
/// 4. `optimal_share`: the optimal-turn share per stage and mode with Wilson 95% intervals, against
///    the harmonix target and Leo's figure of the same variant.
public enum RunCharts {
    public static func scripts(rows: [TurnRow], summary: RunSummary, targets: TargetSpec) -> [GnuplotScript] {
        let variant = summary.variants.contains(targets.variant) ? targets.variant : (summary.variants.first ?? .v4)
        let organismStages = summary.stages.filter { $0 != "cascade" && $0 != "meta" }
        var scripts: [GnuplotScript] = []

        scripts.append(ChartBuilders.clusteredBars(
            name: "latency_by_stage", title: "Latency per stage by mode (median, p25-p75)", yLabel: "milliseconds",
            categories: summary.stages,
            series: summary.modes.map { mode in
                (mode.rawValue, summary.stages.map { stage -> BarValue? in
                    guard let latency = summary.group(mode: mode, stage: stage)?.latency else { return nil }
                    return BarValue(latency.median * 1000, low: latency.p25 * 1000, high: latency.p75 * 1000)
                })
            }))

        let speedups = summary.comparisons.compactMap { c in
            c.comparison.map { $0.sentence(candidate: c.candidate.rawValue, reference: c.reference.rawValue) }
        }
        scripts.append(ChartBuilders.boxplots(
            name: "cascade_latency_by_mode",
            title: (["Cascade latency by mode"] + speedups).joined(separator: "\n"), yLabel: "milliseconds",
            groups: summary.modes.map { mode in
                (mode.rawValue, rows.filter { $0.mode == mode && $0.stage == "cascade" && $0.status != .failed }
                    .compactMap { $0.latencySeconds.map { $0 * 1000 } })
            },
            references: targets.maxCascadeSeconds.map {
                [ReferenceLine(y: $0 * 1000, label: "target < \(LeoTargets.format($0)) s", color: "#d62728")]
            } ?? []))

        var evGroups: [(label: String, values: [Double])] = []
        var shareBars: [(label: String, value: BarValue)] = []
        for stage in organismStages + ["cascade"] {
            for mode in summary.modes {
                let label = "\(stage) \(mode.rawValue)"
                evGroups.append((label, rows.filter { $0.mode == mode && $0.stage == stage }
                    .compactMap { $0.externalVocab[variant] }))
                if let score = summary.group(mode: mode, stage: stage)?.scores[variant],
                   let share = score.optimalFraction, let interval = score.optimalInterval() {
                    shareBars.append((label, BarValue(100 * share, low: 100 * interval.lower, high: 100 * interval.upper)))
                }
            }
        }
        let name = variant.displayName
        scripts.append(ChartBuilders.boxplots(
            name: "external_vocab_by_stage", title: "external_vocab \(name) per stage and mode (lower is better)",
            yLabel: "external_vocab \(name)", groups: evGroups,
            references: [ReferenceLine(y: 0.2, label: "optimal < 0.2", color: "#2ca02c"),
                         ReferenceLine(y: targets.meanExternalVocab,
                                       label: "harmonix mean target < \(LeoTargets.format(targets.meanExternalVocab))",
                                       color: "#d62728")],
            yRange: 0...1))

        var references = [ReferenceLine(y: 100 * targets.optimalShare,
                                        label: "harmonix target > \(LeoTargets.format(100 * targets.optimalShare))%",
                                        color: "#d62728")]
        if let sync = LeoTargets.reference(mode: .sync, variant: variant) {
            references.append(ReferenceLine(y: 100 * sync.optimalShare,
                                            label: "Leo sync \(String(format: "%.1f", 100 * sync.optimalShare))% (\(name))",
                                            color: "#7f7f7f"))
        }
        if let async = LeoTargets.reference(mode: .async, variant: variant) {
            references.append(ReferenceLine(y: 100 * async.optimalShare,
                                            label: "Leo async \(String(format: "%.1f", 100 * async.optimalShare))% (\(name))",
                                            color: "#9467bd"))
        }
        scripts.append(ChartBuilders.bars(
            name: "optimal_share", title: "Optimal turns (external_vocab \(name) < 0.2), Wilson 95% CI",
            yLabel: "% of scored turns", bars: shareBars, references: references, yRange: 0...105))
        return scripts
    }
}
