import Cascade
import Foundation

/// The figures of one (mode, stage) group of a run: counts, latency distribution, external_vocab.
public struct StageSummary: Sendable {
    public var mode: CascadeMode
    public var stage: String
    public var rowCount: Int
    public var okCount: Int
    public var emptyCount: Int
    public var failedCount: Int
    /// Latency in seconds of the rows that have one; nil when none.
    public var latency: SampleSummary?
    /// 95% bootstrap interval of the median latency (seconds); nil below 2 samples.
    public var latencyMedianInterval: ConfidenceInterval?
    /// external_vocab aggregates per variant (empty and failed turns counted apart).
    public var scores: [MetricVariant: ScoreAggregate]
}

/// A paired latency comparison of one mode against `sync` at the cascade level.
public struct ModeComparison: Sendable {
    public var candidate: CascadeMode
    public var reference: CascadeMode
    /// nil with the reason in `note` when there were too few usable pairs.
    public var comparison: PairedComparison?
    public var note: String
}

/// Everything derived from a run's rows: per (mode, stage) summaries in a stable order and the
/// paired mode comparisons. Computed once and shared by `summary.csv`, `leo_targets.csv`,
/// `report.md`, the charts and the summary block printed by `harmonix run`.
public struct RunSummary: Sendable {
    public var variants: [MetricVariant]
    public var modes: [CascadeMode]
    /// Stage names in first-seen stage order (`cascade` last).
    public var stages: [String]
    public var groups: [StageSummary]
    public var comparisons: [ModeComparison]

    /// Seed of every bootstrap in summaries, so the same rows always print the same intervals.
    public static let bootstrapSeed = StatisticalComparison.defaultSeed

    public init(rows: [TurnRow], variants: [MetricVariant], margin: Double = PairedVerdict.defaultMargin) {
        self.variants = variants
        modes = CascadeMode.allCases.filter { mode in rows.contains { $0.mode == mode } }
        var stageOrder: [String: Int] = [:]
        for row in rows where stageOrder[row.stage] == nil || stageOrder[row.stage]! > row.stageIndex {
            stageOrder[row.stage] = row.stage == "cascade" ? Int.max : row.stageIndex
        }
        stages = stageOrder.keys.sorted { (stageOrder[$0]!, $0) < (stageOrder[$1]!, $1) }

        var groups: [StageSummary] = []
        for mode in modes {
            for stage in stages {
                let members = rows.filter { $0.mode == mode && $0.stage == stage }
                guard !members.isEmpty else { continue }
                let latencies = members.compactMap { $0.status == .failed ? nil : $0.latencySeconds }
                var scores: [MetricVariant: ScoreAggregate] = [:]
                for variant in variants {
                    scores[variant] = ScoreAggregate(scores: members.map { row in
                        row.status == .failed ? .failed(variant: variant)
                            : TurnScore(variant: variant, value: row.externalVocab[variant])
                    })
                }
                groups.append(StageSummary(
                    mode: mode, stage: stage, rowCount: members.count,
                    okCount: members.count { $0.status == .ok }, emptyCount: members.count { $0.status == .empty },
                    failedCount: members.count { $0.status == .failed },
                    latency: latencies.isEmpty ? nil : try? SampleSummary(latencies, name: "latency"),
                    latencyMedianInterval: latencies.count < 2 ? nil
                        : try? Bootstrap(seed: Self.bootstrapSeed).medianInterval(latencies, name: "latency"),
                    scores: scores))
            }
        }
        self.groups = groups

        var comparisons: [ModeComparison] = []
        if modes.contains(.sync) {
            let reference = Self.cascadeLatencies(rows, mode: .sync)
            for candidate in modes where candidate != .sync {
                let other = Self.cascadeLatencies(rows, mode: candidate)
                let keys = reference.keys.filter { other[$0] != nil }.sorted()
                var result = ModeComparison(candidate: candidate, reference: .sync, comparison: nil, note: "")
                do {
                    result.comparison = try StatisticalComparison.comparePaired(
                        reference: keys.map { reference[$0]! }, candidate: keys.map { other[$0]! }, margin: margin)
                } catch {
                    result.note = "no paired verdict: \(error)"
                }
                comparisons.append(result)
            }
        }
        self.comparisons = comparisons
    }

    public func group(mode: CascadeMode, stage: String) -> StageSummary? {
        groups.first { $0.mode == mode && $0.stage == stage }
    }

    /// Cascade latency per "prompt|repeat" of one mode (finished cells only).
    static func cascadeLatencies(_ rows: [TurnRow], mode: CascadeMode) -> [String: Double] {
        var result: [String: Double] = [:]
        for row in rows where row.mode == mode && row.stage == "cascade" && row.status != .failed {
            if let seconds = row.latencySeconds, seconds > 0 { result["\(row.promptID)|\(row.repeatIndex)"] = seconds }
        }
        return result
    }
}
