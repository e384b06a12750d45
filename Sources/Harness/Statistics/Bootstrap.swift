#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HarmonixCore

/// Seeded percentile bootstrap (Efron): resample with replacement `resamples` times, compute the
/// statistic on each resample, and take the type-7 quantiles at (1 − level)/2 and (1 + level)/2 of
/// the replicates. Same seed, data and resample count ⇒ the same interval on every machine
/// (`SeededGenerator`, xoshiro256**; index draws by `nextInt(below:)`).
///
/// ```swift
/// let bootstrap = Bootstrap(seed: 7)                       // B = 10 000, 95 %
/// let ci = try bootstrap.medianInterval(latencies)         // ConfidenceInterval of the median
/// let r = try bootstrap.pairedRatio(numerators: async, denominators: sync)   // median of ln(a/b)
/// ```
public struct Bootstrap: Sendable, Hashable {
    public let seed: UInt64
    public let resamples: Int
    public let level: Double

    /// B = 10 000, as harness.md §4.2 asks.
    public static let defaultResamples = 10_000

    /// - precondition: `resamples ≥ 1` and `0 < level < 1` (callers validate user input first).
    public init(seed: UInt64, resamples: Int = Bootstrap.defaultResamples, level: Double = 0.95) {
        precondition(resamples >= 1, "a bootstrap needs at least one resample")
        precondition(level > 0 && level < 1, "confidence level must lie in (0, 1)")
        self.seed = seed
        self.resamples = resamples
        self.level = level
    }

    /// Percentile interval of any statistic of one sample. The closure receives each resample in a
    /// scratch buffer it may reorder (e.g. sort in place); it is reused between resamples.
    /// - precondition: `values` is non-empty.
    public func interval(_ values: [Double],
                         statistic: (UnsafeMutableBufferPointer<Double>) -> Double) -> ConfidenceInterval
    {
        precondition(!values.isEmpty, "cannot bootstrap an empty sample")
        var rng = SeededGenerator(seed: seed)
        let n = values.count
        let scratch = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
        defer { scratch.deallocate() }
        var replicates = [Double](repeating: 0, count: resamples)
        values.withUnsafeBufferPointer { source in
            for b in 0..<resamples {
                for i in 0..<n { scratch[i] = source[rng.nextInt(below: n)] }
                replicates[b] = statistic(scratch)
            }
        }
        return percentileInterval(&replicates)
    }

    /// Like `interval(_:statistic:)` for a statistic that is undefined on some resamples (it returns
    /// NaN there, e.g. a ratio whose denominator resampled to 0): the percentile interval of the
    /// defined replicates, and how many were undefined, so a report can say so. Sorting NaNs with the
    /// rest would give meaningless bounds. `nil` when no resample is defined.
    public func intervalOfDefined(_ values: [Double],
                                  statistic: (UnsafeMutableBufferPointer<Double>) -> Double)
        -> (interval: ConfidenceInterval, undefined: Int)?
    {
        precondition(!values.isEmpty, "cannot bootstrap an empty sample")
        var rng = SeededGenerator(seed: seed)
        let n = values.count
        let scratch = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
        defer { scratch.deallocate() }
        var replicates: [Double] = []
        replicates.reserveCapacity(resamples)
        values.withUnsafeBufferPointer { source in
            for _ in 0..<resamples {
                for i in 0..<n { scratch[i] = source[rng.nextInt(below: n)] }
                let value = statistic(scratch)
                if value.isFinite { replicates.append(value) }
            }
        }
        guard !replicates.isEmpty else { return nil }
        let undefined = resamples - replicates.count
        return (percentileInterval(&replicates), undefined)
    }

    /// 95 % (or `level`) percentile interval of the median.
    /// - throws: `StatisticsError` for an empty sample or non-finite values.
    public func medianInterval(_ values: [Double], name: String = "sample") throws -> ConfidenceInterval {
        try SampleCheck.finite(values, name: name)
        return interval(values, statistic: Self.medianInPlace)
    }

    /// Paired ratio: `d_i = ln(numerator_i / denominator_i)`, estimate `median(d)`, interval by
    /// resampling the pairs (harness.md §4.2). The ratio is `exp(median(d))`: a typical per-pair
    /// ratio that one slow pair cannot drag, and that cancels per-pair size differences.
    /// - throws: `StatisticsError` for unequal lengths, an empty sample, or values ≤ 0 / non-finite.
    public func pairedRatio(numerators: [Double], denominators: [Double],
                            numeratorName: String = "numerator",
                            denominatorName: String = "denominator") throws -> RatioEstimate
    {
        guard numerators.count == denominators.count else {
            throw StatisticsError.unpairedLengths(first: numerators.count, second: denominators.count)
        }
        try SampleCheck.positive(numerators, name: numeratorName)
        try SampleCheck.positive(denominators, name: denominatorName)
        let logRatios = zip(numerators, denominators).map { log($0 / $1) }
        let estimate = Quantiles.median(logRatios)
        let logInterval = interval(logRatios, statistic: Self.medianInPlace)
        return RatioEstimate(logRatio: estimate, logInterval: logInterval)
    }

    /// Unpaired ratio of medians `median(numerator) / median(denominator)`, each side resampled
    /// independently within each replicate (harness.md §4.3: now vs baseline). In each replicate the
    /// numerator is drawn first, then the denominator, from one generator.
    /// - throws: `StatisticsError` for an empty sample or values ≤ 0 / non-finite.
    public func ratioOfMedians(numerator: [Double], denominator: [Double],
                               numeratorName: String = "numerator",
                               denominatorName: String = "denominator") throws -> RatioEstimate
    {
        try SampleCheck.positive(numerator, name: numeratorName)
        try SampleCheck.positive(denominator, name: denominatorName)
        let estimate = log(Quantiles.median(numerator) / Quantiles.median(denominator))
        var rng = SeededGenerator(seed: seed)
        let top = UnsafeMutableBufferPointer<Double>.allocate(capacity: numerator.count)
        let bottom = UnsafeMutableBufferPointer<Double>.allocate(capacity: denominator.count)
        defer { top.deallocate(); bottom.deallocate() }
        var replicates = [Double](repeating: 0, count: resamples)
        for b in 0..<resamples {
            for i in 0..<top.count { top[i] = numerator[rng.nextInt(below: numerator.count)] }
            for i in 0..<bottom.count { bottom[i] = denominator[rng.nextInt(below: denominator.count)] }
            replicates[b] = log(Self.medianInPlace(top) / Self.medianInPlace(bottom))
        }
        return RatioEstimate(logRatio: estimate, logInterval: percentileInterval(&replicates))
    }

    /// The type-7 median of the buffer by quickselect (reorders the buffer): the same value a sort
    /// would give, in O(n).
    static func medianInPlace(_ buffer: UnsafeMutableBufferPointer<Double>) -> Double {
        Selection.median(buffer)
    }

    private func percentileInterval(_ replicates: inout [Double]) -> ConfidenceInterval {
        replicates.sort()
        let alpha = 1 - level
        return ConfidenceInterval(
            lower: Quantiles.type7(sorted: replicates, probability: alpha / 2),
            upper: Quantiles.type7(sorted: replicates, probability: 1 - alpha / 2),
            level: level)
    }
}

/// A ratio estimated on the log scale, with its bootstrap interval on both scales.
public struct RatioEstimate: Sendable, Hashable, Codable {
    /// The estimate on the log scale (median of log ratios, or log of the ratio of medians).
    public let logRatio: Double
    public let logInterval: ConfidenceInterval

    /// `exp(logRatio)`.
    public var ratio: Double { exp(logRatio) }
    /// The log-scale interval mapped back with `exp` (bounds of a percentile interval follow a
    /// monotone map, up to the interpolation between neighbouring replicates).
    public var interval: ConfidenceInterval { logInterval.mapped { exp($0) } }
}
