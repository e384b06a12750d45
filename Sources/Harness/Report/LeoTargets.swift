import Cascade

/// Leo's published figures and the harmonix targets, side by side with a run's own figures
/// (overview decision 9, metrics.md §1.7–1.10).
///
/// Every Leo figure carries its variant: the sync baseline 0.209 / 45% is V3 over 60 turns, the
/// async 0.112 / 85.7% is V4 over 14 turns. The other cells are metrics.md §1.8's re-scoring of the
/// same transcripts under the other variants (V1 was never re-scored: no Leo figure).
public enum LeoTargets {
    /// One Leo reference figure.
    public struct Reference: Sendable, Hashable {
        public var meanExternalVocab: Double
        public var optimalShare: Double
        public var source: String
    }

    static let syncSource = "Leo sync Dec 31 (3 runs, 60 turns)"
    static let asyncSource = "Leo async run A 143740 (14 turns)"

    /// metrics.md §1.8 variant-sensitivity table.
    static let sync: [MetricVariant: Reference] = [
        .v3: Reference(meanExternalVocab: 0.209, optimalShare: 27.0 / 60, source: syncSource),
        .v4: Reference(meanExternalVocab: 0.215, optimalShare: 27.0 / 60, source: syncSource),
        .v2: Reference(meanExternalVocab: 0.157, optimalShare: 42.0 / 60, source: syncSource),
        .v5: Reference(meanExternalVocab: 0.122, optimalShare: 49.0 / 60, source: syncSource),
    ]
    static let async: [MetricVariant: Reference] = [
        .v3: Reference(meanExternalVocab: 0.108, optimalShare: 13.0 / 14, source: asyncSource),
        .v4: Reference(meanExternalVocab: 0.112, optimalShare: 12.0 / 14, source: asyncSource),
        .v2: Reference(meanExternalVocab: 0.076, optimalShare: 14.0 / 14, source: asyncSource),
        .v5: Reference(meanExternalVocab: 0.063, optimalShare: 14.0 / 14, source: asyncSource),
    ]

    /// Leo's figure to set beside a run's `mode` under `variant`: the sync runs for `sync`, the
    /// async run for both async modes.
    public static func reference(mode: CascadeMode, variant: MetricVariant) -> Reference? {
        mode == .sync ? sync[variant] : async[variant]
    }
}

/// One line of `leo_targets.csv`.
public struct TargetRow: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable { case pass, fail, na = "n/a" }

    /// `mean_external_vocab`, `optimal_share`, `median_cascade_seconds` or `async_speedup`.
    public var figure: String
    public var mode: CascadeMode
    public var stage: String
    /// The variant the figure is computed under ("" for latency figures).
    public var variant: String
    public var n: Int
    public var ours: Double?
    public var leo: Double?
    public var leoSource: String
    /// "< 0.15", "> 0.80", "< 12 s", "faster".
    public var target: String
    public var outcome: Outcome
}

extension LeoTargets {
    /// The target table of a run: for each mode and variant the cascade-level mean external_vocab
    /// and optimal share beside Leo's figure, judged against the harmonix targets under every variant
    /// (the manifest's `targets.variant` is the headline); the median cascade latency against
    /// `max_cascade_seconds`; and each async mode's paired verdict against sync.
    public static func rows(summary: RunSummary, targets: TargetSpec) -> [TargetRow] {
        var rows: [TargetRow] = []
        for mode in summary.modes {
            guard let group = summary.group(mode: mode, stage: "cascade") else { continue }
            for variant in summary.variants {
                guard let aggregate = group.scores[variant] else { continue }
                let reference = reference(mode: mode, variant: variant)
                let mean = aggregate.mean
                rows.append(TargetRow(
                    figure: "mean_external_vocab", mode: mode, stage: "cascade", variant: variant.rawValue,
                    n: aggregate.scoredCount, ours: mean, leo: reference?.meanExternalVocab,
                    leoSource: reference?.source ?? "", target: "< \(format(targets.meanExternalVocab))",
                    outcome: mean.map { $0 < targets.meanExternalVocab ? .pass : .fail } ?? .na))
                let share = aggregate.optimalFraction
                rows.append(TargetRow(
                    figure: "optimal_share", mode: mode, stage: "cascade", variant: variant.rawValue,
                    n: aggregate.scoredCount, ours: share, leo: reference?.optimalShare,
                    leoSource: reference?.source ?? "", target: "> \(format(targets.optimalShare))",
                    outcome: share.map { $0 > targets.optimalShare ? .pass : .fail } ?? .na))
            }
            if let limit = targets.maxCascadeSeconds {
                let median = group.latency?.median
                rows.append(TargetRow(
                    figure: "median_cascade_seconds", mode: mode, stage: "cascade", variant: "",
                    n: group.latency?.count ?? 0, ours: median, leo: nil, leoSource: "cascade.md 2.5 plan",
                    target: "< \(format(limit))", outcome: median.map { $0 < limit ? .pass : .fail } ?? .na))
            }
        }
        for comparison in summary.comparisons {
            let paired = comparison.comparison
            rows.append(TargetRow(
                figure: "speedup_vs_sync", mode: comparison.candidate, stage: "cascade", variant: "",
                n: paired?.pairCount ?? 0, ours: paired?.speedUp, leo: nil, leoSource: "overview decision 9",
                target: "faster", outcome: paired.map { $0.verdict == .faster ? .pass : .fail } ?? .na))
        }
        return rows
    }

    static func format(_ value: Double) -> String {
        var text = String(format: "%.3f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
