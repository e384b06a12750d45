#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The statistics behind `harmonix check` and `harmonix compare`: latency judged by intervals and
/// ratios, never by one number (overview decisions 10 and 12).
///
/// ```swift
/// // CI gate: this run's latencies of one cell vs the baseline's
/// let gate = try StatisticalComparison.compareToBaseline(baseline: old, current: new)
/// if gate.verdict == .regression { exit(2) }
///
/// // Same run, paired per prompt × repeat: is async faster than sync?
/// let paired = try StatisticalComparison.comparePaired(reference: syncMs, candidate: asyncMs)
/// print(paired.sentence(candidate: "async", reference: "sync"))
/// // "async ran 1.82× [1.61, 2.05] faster than sync (paired, n = 30, 95% CI): faster"
/// ```
///
/// Every function is deterministic: the bootstrap is seeded (`defaultSeed` unless given).
public enum StatisticalComparison {

    /// The bootstrap seed used when the caller gives none, so two runs of `check` on the same files
    /// print the same intervals.
    public static let defaultSeed: UInt64 = 0x4841_524D_4F4E_4958   // "HARMONIX"

    /// Each sample needs at least this many observations: one number gives no interval.
    public static let minimumSampleSize = 2

    /// Now vs baseline with both raw samples (harness.md §4.3): R = median(current)/median(baseline),
    /// bootstrap CI resampling each side independently, verdict against τ, Mann–Whitney U alongside.
    ///
    /// - parameter baseline: the baseline's latencies of one cell (any positive unit, same as `current`).
    /// - parameter current: this run's latencies of the same cell.
    /// - parameter tolerance: τ ≥ 0 (default 0.25 = 25 %).
    /// - throws: `StatisticsError` for fewer than `minimumSampleSize` values, values ≤ 0 or non-finite,
    ///   or a parameter out of range.
    public static func compareToBaseline(
        baseline: [Double], current: [Double],
        tolerance: Double = BaselineVerdict.defaultTolerance,
        seed: UInt64 = defaultSeed, resamples: Int = Bootstrap.defaultResamples, level: Double = 0.95
    ) throws -> BaselineComparison {
        try checkParameters(resamples: resamples, level: level)
        try checkTolerance(tolerance)
        try SampleCheck.positive(baseline, name: "baseline", minimumCount: minimumSampleSize)
        try SampleCheck.positive(current, name: "current", minimumCount: minimumSampleSize)
        let bootstrap = Bootstrap(seed: seed, resamples: resamples, level: level)
        let estimate = try bootstrap.ratioOfMedians(numerator: current, denominator: baseline,
                                                    numeratorName: "current", denominatorName: "baseline")
        let interval = estimate.interval
        return BaselineComparison(
            baselineMedian: Quantiles.median(baseline), currentMedian: Quantiles.median(current),
            ratio: estimate.ratio, interval: interval, tolerance: tolerance,
            verdict: BaselineVerdict.decide(ratioInterval: interval, tolerance: tolerance),
            mannWhitney: try RankTests.mannWhitneyU(current, baseline),
            baselineCount: baseline.count, currentCount: current.count)
    }

    /// Now vs a baseline known only by its median (a baseline CSV row keeps `median`, not the raw
    /// samples): R = median(current)/baselineMedian, CI = bootstrap CI of median(current) divided by
    /// the baseline median. The baseline's own noise is not in this interval, so it is narrower than
    /// the two-sample one: τ must absorb it. No rank test (nothing to rank against).
    /// - throws: `StatisticsError` as `compareToBaseline(baseline:current:)`; `baselineMedian` must be > 0.
    public static func compareToBaseline(
        baselineMedian: Double, current: [Double],
        tolerance: Double = BaselineVerdict.defaultTolerance,
        seed: UInt64 = defaultSeed, resamples: Int = Bootstrap.defaultResamples, level: Double = 0.95
    ) throws -> BaselineComparison {
        try checkParameters(resamples: resamples, level: level)
        try checkTolerance(tolerance)
        try SampleCheck.positive([baselineMedian], name: "baseline median")
        try SampleCheck.positive(current, name: "current", minimumCount: minimumSampleSize)
        let bootstrap = Bootstrap(seed: seed, resamples: resamples, level: level)
        let medianInterval = try bootstrap.medianInterval(current, name: "current")
        let currentMedian = Quantiles.median(current)
        let interval = medianInterval.mapped { $0 / baselineMedian }
        return BaselineComparison(
            baselineMedian: baselineMedian, currentMedian: currentMedian,
            ratio: currentMedian / baselineMedian, interval: interval, tolerance: tolerance,
            verdict: BaselineVerdict.decide(ratioInterval: interval, tolerance: tolerance),
            mannWhitney: nil, baselineCount: nil, currentCount: current.count)
    }

    /// Paired comparison in one run (harness.md §4.2), e.g. sync (reference) vs async (candidate):
    /// pairs i = (prompt, repeat), d_i = ln(candidate_i/reference_i), estimate median(d), bootstrap CI
    /// over pairs, speed-up = exp(−estimate), verdict against δ, Wilcoxon signed-rank p alongside.
    ///
    /// - parameter reference: the reference latencies (sync), one per pair, in pair order.
    /// - parameter candidate: the candidate latencies (async), same order.
    /// - parameter margin: δ in (0, 1) (default 0.05 = 5 %).
    /// - throws: `StatisticsError` for unequal lengths, fewer than `minimumSampleSize` pairs, values
    ///   ≤ 0 or non-finite, or a parameter out of range.
    public static func comparePaired(
        reference: [Double], candidate: [Double],
        margin: Double = PairedVerdict.defaultMargin,
        seed: UInt64 = defaultSeed, resamples: Int = Bootstrap.defaultResamples, level: Double = 0.95
    ) throws -> PairedComparison {
        try checkParameters(resamples: resamples, level: level)
        guard margin > 0, margin < 1 else {
            throw StatisticsError.invalidParameter(name: "equivalence margin", value: margin, allowed: "0 < margin < 1")
        }
        guard reference.count == candidate.count else {
            throw StatisticsError.unpairedLengths(first: reference.count, second: candidate.count)
        }
        try SampleCheck.positive(reference, name: "reference", minimumCount: minimumSampleSize)
        try SampleCheck.positive(candidate, name: "candidate", minimumCount: minimumSampleSize)
        let bootstrap = Bootstrap(seed: seed, resamples: resamples, level: level)
        let estimate = try bootstrap.pairedRatio(numerators: candidate, denominators: reference,
                                                 numeratorName: "candidate", denominatorName: "reference")
        let logDifferences = zip(candidate, reference).map { log($0 / $1) }
        // All pairs equal: no ranks to test, and nothing suggests a difference.
        let wilcoxon = try? RankTests.wilcoxonSignedRank(differences: logDifferences)
        return PairedComparison(
            pairCount: reference.count,
            referenceMedian: Quantiles.median(reference), candidateMedian: Quantiles.median(candidate),
            estimate: estimate, margin: margin,
            verdict: PairedVerdict.decide(logRatioInterval: estimate.logInterval, margin: margin),
            wilcoxon: wilcoxon)
    }

    private static func checkParameters(resamples: Int, level: Double) throws {
        guard resamples >= 1 else {
            throw StatisticsError.invalidParameter(name: "bootstrap resamples", value: Double(resamples), allowed: "at least 1")
        }
        try SampleCheck.level(level)
    }

    private static func checkTolerance(_ tolerance: Double) throws {
        guard tolerance >= 0, tolerance.isFinite else {
            throw StatisticsError.invalidParameter(name: "regression tolerance", value: tolerance, allowed: "0 or more")
        }
    }
}
