import Cascade
import Foundation

/// "The 47% question" (metrics.md §7–9): Leo reported async as 47% better than sync, but compared
/// 60 sync turns scored with V3 (0.209) against 14 async turns scored with V4 (0.112). This section
/// takes a run that has sync and an async mode — same prompts, seeds and initial fields — and
/// separates what Leo's figure mixed:
///
/// - **Leo's protocol on our turns**: sync under V3 against async under V4, the confounded comparison;
/// - **the controlled comparison**: sync against each async mode under one variant, paired by
///   (prompt, repeat), with a three-way verdict;
/// - **the decomposition** of Leo's difference, sync V3 − async V4 =
///   (sync V3 − sync V4) [metric variant] + (sync V4 − async-parity V4) [parallel generation, same
///   contexts] + (async-parity V4 − async V4) [contexts: async measures against the prompt alone];
/// - optimal shares beside Leo's 45% / 85.7% and the harmonix targets, with Wilson intervals;
/// - the latency speed-up, and async against its ideal bound for the cores the run had.
///
/// Everything is computed on the `cascade` rows (prompt vs all outputs joined), the level at which
/// Leo scored a reply. Intervals are seeded percentile bootstraps over cells (B = 10 000), so the
/// same `turns.csv` always prints the same section. The wording follows the intervals: where an
/// interval includes zero the text says that no difference was detected, never "improved".
public struct LeoQuestion: Sendable {
    /// A difference of means over paired cells, with its bootstrap interval.
    public struct Difference: Sendable {
        public var label: String
        public var pairs: Int
        /// mean(first) and mean(second) over the paired cells.
        public var first: Double
        public var second: Double
        /// mean(first_i − second_i) = first − second.
        public var estimate: Double
        public var interval: ConfidenceInterval

        /// True when the interval excludes zero.
        public var detected: Bool { interval.lower > 0 || interval.upper < 0 }
    }

    /// The controlled comparison of one async mode against sync under one variant.
    public struct Controlled: Sendable {
        public enum Verdict: String, Sendable { case lower = "lower under async", higher = "higher under async",
                                                  none = "no difference detected" }
        public var mode: CascadeMode
        public var variant: MetricVariant
        /// async − sync (negative = async echoes the prompt less, "better" in Leo's sense).
        public var difference: Difference
        public var verdict: Verdict {
            difference.interval.upper < 0 ? .lower : difference.interval.lower > 0 ? .higher : .none
        }
    }

    /// One optimal share: k of n scored cascades below 0.2, Wilson 95% interval.
    public struct Share: Sendable {
        public var mode: CascadeMode
        public var variant: MetricVariant
        public var optimal: Int
        public var scored: Int
        public var mean: Double?
        public var interval: ConfidenceInterval?
    }

    /// Leo's comparison replayed: sync V3 vs async V4 over the same cells.
    public var leoProtocol: Difference?
    /// 1 − mean(async V4)/mean(sync V3), Leo's "improvement", with the bootstrap interval of the same ratio.
    /// `undefinedResamples`: resamples whose sync V3 sum was 0 (the ratio has no value there); the
    /// interval is over the others, and the report names the count. `interval` is nil when none is defined.
    public var leoImprovement: (estimate: Double, interval: ConfidenceInterval?, undefinedResamples: Int)?
    public var controlled: [Controlled]
    /// Terms of the decomposition in order: variant, parallel generation, contexts (the last two
    /// merged into one "mode" term when the run has no async-parity).
    public var decomposition: [Difference]
    public var shares: [Share]
    /// async (and async-parity) vs sync cascade latency, from the run summary's paired comparisons.
    public var speedUps: [ModeComparison]
    /// async cascade / ideal bound, paired per cell: bound = max(max stage, Σ stages / cores) over the
    /// sync cell's stage times (each stage ran alone there) + the async cell's meta and EXHALE.
    public var asyncOverBound: RatioEstimate?
    public var boundPairs: Int
    public var cores: Int

    /// Leo's published figures (metrics.md §1.8): sync 0.209 / 45% (V3, 60 turns), async 0.112 /
    /// 85.7% (V4, 14 turns), and his headline 1 − 0.112/0.209.
    public static let leoSyncV3 = LeoTargets.sync[.v3]!
    public static let leoAsyncV4 = LeoTargets.async[.v4]!

    static let bootstrapSeed = RunSummary.bootstrapSeed

    /// nil when the run has no sync mode or no async mode: there is nothing to compare.
    public init?(rows: [TurnRow], summary: RunSummary, targets: TargetSpec, cores: Int) {
        let cells = CellTable(rows: rows)
        guard cells.modes.contains(.sync), cells.modes.contains(where: { $0 != .sync }) else { return nil }
        self.cores = max(cores, 1)
        let asyncModes = [CascadeMode.async, .asyncParity].filter(cells.modes.contains)

        if cells.modes.contains(.async) {
            leoProtocol = Self.difference("sync V3 − async V4", cells.paired((.sync, .v3), (.async, .v4)))
            let pairs = cells.paired((.sync, .v3), (.async, .v4))
            if !pairs.isEmpty, pairs.map(\.0).reduce(0, +) > 0 {
                let bootstrap = Bootstrap(seed: Self.bootstrapSeed)
                let indices = pairs.indices.map(Double.init)
                let ratio: (UnsafeMutableBufferPointer<Double>) -> Double = { sample in
                    var first = 0.0, second = 0.0
                    for index in sample { first += pairs[Int(index)].0; second += pairs[Int(index)].1 }
                    return first > 0 ? 1 - second / first : .nan
                }
                let estimate = 1 - pairs.map(\.1).reduce(0, +) / pairs.map(\.0).reduce(0, +)
                let defined = bootstrap.intervalOfDefined(indices, statistic: ratio)
                leoImprovement = (estimate, defined?.interval, defined.map(\.undefined) ?? bootstrap.resamples)
            }
        }

        controlled = []
        for mode in asyncModes {
            for variant in [MetricVariant.v3, .v4, .v5] where summary.variants.contains(variant) {
                if let difference = Self.difference("\(mode.rawValue) − sync, \(variant.displayName)",
                                                    cells.paired((mode, variant), (.sync, variant))) {
                    controlled.append(Controlled(mode: mode, variant: variant, difference: difference))
                }
            }
        }

        decomposition = []
        if cells.modes.contains(.async) {
            let hasParity = cells.modes.contains(.asyncParity)
            let keys = cells.keys(having: [(.sync, .v3), (.sync, .v4), (.async, .v4)]
                                  + (hasParity ? [(.asyncParity, .v4)] : []))
            let terms: [(String, (CascadeMode, MetricVariant), (CascadeMode, MetricVariant))] = hasParity
                ? [("metric variant: sync V3 − sync V4", (.sync, .v3), (.sync, .v4)),
                   ("parallel generation: sync V4 − async-parity V4", (.sync, .v4), (.asyncParity, .v4)),
                   ("contexts: async-parity V4 − async V4", (.asyncParity, .v4), (.async, .v4))]
                : [("metric variant: sync V3 − sync V4", (.sync, .v3), (.sync, .v4)),
                   ("mode (generation and contexts): sync V4 − async V4", (.sync, .v4), (.async, .v4))]
            for (label, a, b) in terms {
                if let term = Self.difference(label, cells.paired(a, b, keys: keys)) { decomposition.append(term) }
            }
        }

        shares = []
        for mode in cells.modes {
            for variant in [MetricVariant.v3, .v4, .v5] where summary.variants.contains(variant) {
                let values = cells.values(mode: mode, variant: variant)
                let optimal = values.count(where: ExternalVocab.isOptimal)
                shares.append(Share(
                    mode: mode, variant: variant, optimal: optimal, scored: values.count,
                    mean: values.isEmpty ? nil : values.reduce(0, +) / Double(values.count),
                    interval: values.isEmpty ? nil : ProportionInterval.wilson(successes: optimal, trials: values.count)))
            }
        }

        speedUps = summary.comparisons
        let bounds = cells.boundPairs(cores: self.cores)
        boundPairs = bounds.count
        asyncOverBound = bounds.count < 2 ? nil
            : try? Bootstrap(seed: Self.bootstrapSeed).pairedRatio(
                numerators: bounds.map(\.async), denominators: bounds.map(\.bound),
                numeratorName: "async", denominatorName: "bound")
    }

    /// Mean of paired differences with a percentile-bootstrap interval; nil below 2 pairs.
    static func difference(_ label: String, _ pairs: [(Double, Double)]) -> Difference? {
        guard pairs.count >= 2 else { return nil }
        let differences = pairs.map { $0.0 - $0.1 }
        let interval = Bootstrap(seed: bootstrapSeed).interval(differences) { sample in
            sample.reduce(0, +) / Double(sample.count)
        }
        let n = Double(pairs.count)
        return Difference(label: label, pairs: pairs.count, first: pairs.map(\.0).reduce(0, +) / n,
                          second: pairs.map(\.1).reduce(0, +) / n,
                          estimate: differences.reduce(0, +) / n, interval: interval)
    }
}

/// The cascade rows of a run, indexed by (mode, "prompt|repeat").
struct CellTable {
    var modes: [CascadeMode]
    private var cascade: [CascadeMode: [String: TurnRow]] = [:]
    private var stages: [CascadeMode: [String: [String: Double]]] = [:]
    private var order: [String] = []

    init(rows: [TurnRow]) {
        var seen = Set<String>()
        for row in rows where row.status != .failed {
            let key = "\(row.promptID)|\(row.repeatIndex)"
            if row.stage == "cascade" {
                cascade[row.mode, default: [:]][key] = row
                if seen.insert(key).inserted { order.append(key) }
            } else if row.stage != "meta", let seconds = row.latencySeconds {
                stages[row.mode, default: [:]][key, default: [:]][row.stage] = seconds
            }
        }
        let found = cascade
        modes = CascadeMode.allCases.filter { found[$0] != nil }
    }

    /// Cells (in first-seen order) where every (mode, variant) has a score.
    func keys(having needs: [(CascadeMode, MetricVariant)]) -> [String] {
        order.filter { key in needs.allSatisfy { cascade[$0.0]?[key]?.externalVocab[$0.1] != nil } }
    }

    func paired(_ a: (CascadeMode, MetricVariant), _ b: (CascadeMode, MetricVariant), keys: [String]? = nil) -> [(Double, Double)] {
        (keys ?? self.keys(having: [a, b])).compactMap { key in
            guard let x = cascade[a.0]?[key]?.externalVocab[a.1], let y = cascade[b.0]?[key]?.externalVocab[b.1] else { return nil }
            return (x, y)
        }
    }

    func values(mode: CascadeMode, variant: MetricVariant) -> [Double] {
        order.compactMap { cascade[mode]?[$0]?.externalVocab[variant] }
    }

    /// (async total, ideal bound) per cell that has both an async and a sync cascade.
    func boundPairs(cores: Int) -> [(async: Double, bound: Double)] {
        order.compactMap { key in
            guard let asyncRow = cascade[.async]?[key], let total = asyncRow.latencySeconds, total > 0,
                  let syncStages = stages[.sync]?[key], !syncStages.isEmpty else { return nil }
            let times = Array(syncStages.values)
            let inhale = max(times.max() ?? 0, times.reduce(0, +) / Double(cores))
            func part(_ name: String) -> Double { asyncRow.extras.first { $0.name == "latency_\(name)_s" }?.value ?? 0 }
            let bound = inhale + part("meta") + part("exhale")
            return bound > 0 ? (total, bound) : nil
        }
    }
}
