import Foundation
import HarmonixCore
import Testing
@testable import Harness

/// The seeded percentile bootstrap. Its golden values do not come from our own output: for an odd
/// sample of n distinct values the bootstrap distribution of the median is known exactly,
/// P(median* ≤ x₍ₖ₎) = P(Binomial(n, k/n) ≥ (n+1)/2), so the 95 % percentile interval is the pair of
/// order statistics where that CDF first reaches 0.025 and 0.975. Computed with scipy 1.17.1:
/// ```
/// from scipy.stats import binom
/// def exact(x):
///     x=sorted(x); n=len(x); m=(n+1)//2
///     F=[1-binom.cdf(m-1,n,k/n) for k in range(1,n+1)]
///     lo=next(k for k in range(1,n+1) if F[k-1]>=0.025); hi=next(k for k in range(1,n+1) if F[k-1]>=0.975)
///     return x[lo-1], x[hi-1]
/// ```
/// For n = 11 the crossings are x₍₃₎ and x₍₉₎ and the CDF is ≥ 0.0178 away from 0.025/0.975 on
/// both sides (B = 10 000 resamples: Monte Carlo SD ≈ 0.0016), so every seed must land on them
/// exactly; for n = 19 (x₍₆₎, x₍₁₄₎) the distance is ≥ 0.012.
@Suite struct StatisticsBootstrapTests {
    static let x11 = [12.4, 9.8, 15.1, 11.0, 13.7, 10.2, 14.6, 12.9, 8.7, 16.3, 11.8]
    // np.round(np.random.default_rng(3).gamma(4.0, 5.0, 19), 2)
    static let x19 = [45.64, 22.63, 14.33, 5.0, 11.23, 20.58, 15.77, 9.97, 23.35, 29.12, 18.57, 24.06,
                      16.64, 43.8, 16.1, 11.09, 28.15, 19.22, 2.4]

    @Test(arguments: [1, 2, 3, 42, 2024] as [UInt64])
    func medianIntervalEqualsTheExactBootstrapInterval(seed: UInt64) throws {
        let eleven = try Bootstrap(seed: seed).medianInterval(Self.x11)
        #expect(eleven.lower == 10.2 && eleven.upper == 14.6, "seed \(seed): \(eleven)")
        let nineteen = try Bootstrap(seed: seed).medianInterval(Self.x19)
        #expect(nineteen.lower == 14.33 && nineteen.upper == 23.35, "seed \(seed): \(nineteen)")
    }

    /// Paired ratio: d = ln(async/sync), 11 pairs; exact interval of median(d) by the same formula:
    /// d₍₃₎ = −0.6486954179891115, d₍₉₎ = −0.5007752879124893; exp → 0.5227272727272727,
    /// 0.6060606060606061; exp(median d) = 0.5681818181818182.
    @Test func pairedRatioEqualsTheExactBootstrapInterval() throws {
        let sync = [120.0, 95, 143, 88, 132, 101, 150, 117, 99, 126, 140]
        let async = [70.0, 61, 80, 50, 69, 66, 81, 57, 60, 75, 73]
        let estimate = try Bootstrap(seed: 9).pairedRatio(numerators: async, denominators: sync)
        #expect(abs(estimate.ratio - 0.5681818181818182) < 1e-12)
        #expect(abs(estimate.logInterval.lower - -0.6486954179891115) < 1e-12)
        #expect(abs(estimate.logInterval.upper - -0.5007752879124893) < 1e-12)
        #expect(abs(estimate.interval.lower - 0.5227272727272727) < 1e-12)
        #expect(abs(estimate.interval.upper - 0.6060606060606061) < 1e-12)
    }

    /// Lognormal-ish latencies drawn from our seeded generator.
    static func latencies(count: Int, seed: UInt64) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in 100 * exp(0.3 * rng.nextGaussian()) }
    }

    @Test(arguments: [3, 5, 8, 20, 51])
    func intervalContainsThePointEstimate(count: Int) throws {
        for seed in [UInt64(1), 7, 99] {
            let values = Self.latencies(count: count, seed: seed)
            let interval = try Bootstrap(seed: seed &+ 1000, resamples: 2000).medianInterval(values)
            #expect(interval.contains(Quantiles.median(values)), "n \(count) seed \(seed): \(interval)")
        }
    }

    /// Same seed ⇒ the same interval. The median's bootstrap interval sits on order statistics and
    /// rarely moves with the seed, so seed sensitivity is checked on the (continuous) mean.
    @Test func sameSeedSameIntervalOtherSeedsDiffer() throws {
        let values = Self.latencies(count: 40, seed: 5)
        let first = try Bootstrap(seed: 11, resamples: 2000).medianInterval(values)
        let again = try Bootstrap(seed: 11, resamples: 2000).medianInterval(values)
        #expect(first == again)
        func meanInterval(_ seed: UInt64) -> ConfidenceInterval {
            Bootstrap(seed: seed, resamples: 2000).interval(values) { $0.reduce(0, +) / Double($0.count) }
        }
        #expect(meanInterval(11) == meanInterval(11))
        #expect(meanInterval(11) != meanInterval(12))
    }

    @Test func narrowerWithMoreData() throws {
        let small = try Bootstrap(seed: 3, resamples: 2000).medianInterval(Self.latencies(count: 15, seed: 21))
        let large = try Bootstrap(seed: 3, resamples: 2000).medianInterval(Self.latencies(count: 400, seed: 21))
        #expect(large.width < small.width / 2, "n 400: \(large.width), n 15: \(small.width)")
    }

    /// The generic entry with the mean as statistic agrees with normal theory for n = 200:
    /// CI ≈ mean ± 1.96·s/√n, so the bootstrap width must be within 15 % of 2·1.96·s/√n.
    @Test func meanIntervalAgreesWithNormalTheory() throws {
        var rng = SeededGenerator(seed: 77)
        let values = (0..<200).map { _ in 50 + 10 * rng.nextGaussian() }
        let interval = Bootstrap(seed: 8).interval(values) { buffer in buffer.reduce(0, +) / Double(buffer.count) }
        let summary = try SampleSummary(values)
        let normalWidth = 2 * 1.959963984540054 * summary.standardDeviation! / 200.0.squareRoot()
        #expect(abs(interval.width - normalWidth) < 0.15 * normalWidth, "\(interval.width) vs \(normalWidth)")
        #expect(interval.contains(summary.mean))
    }

    /// Ratio of medians: scaling the numerator by 3 scales the estimate and both bounds by 3 (same
    /// seed ⇒ same resamples); a scaled copy gives exactly its factor as the estimate.
    @Test func ratioOfMediansIsScaleEquivariant() throws {
        let base = Self.latencies(count: 25, seed: 31)
        let now = Self.latencies(count: 30, seed: 32)
        let bootstrap = Bootstrap(seed: 4)
        let r = try bootstrap.ratioOfMedians(numerator: now, denominator: base)
        let r3 = try bootstrap.ratioOfMedians(numerator: now.map { $0 * 3 }, denominator: base)
        #expect(abs(r3.ratio / r.ratio - 3) < 1e-12)
        #expect(abs(r3.interval.lower / r.interval.lower - 3) < 1e-12)
        #expect(abs(r3.interval.upper / r.interval.upper - 3) < 1e-12)
        #expect(r.interval.contains(r.ratio))
        let copy = try bootstrap.ratioOfMedians(numerator: base.map { $0 * 2 }, denominator: base)
        #expect(abs(copy.ratio - 2) < 1e-12)
        #expect(copy.interval.contains(2))
    }

    @Test func rejectsBadSamples() {
        #expect(throws: StatisticsError.tooFewObservations(sample: "sample", needed: 1, got: 0)) {
            try Bootstrap(seed: 1).medianInterval([])
        }
        #expect(throws: StatisticsError.nonPositiveValue(sample: "denominator", index: 1, value: 0)) {
            try Bootstrap(seed: 1).pairedRatio(numerators: [1, 2], denominators: [1, 0])
        }
        #expect(throws: StatisticsError.unpairedLengths(first: 2, second: 1)) {
            try Bootstrap(seed: 1).pairedRatio(numerators: [1, 2], denominators: [1])
        }
    }
}
