import Foundation
import Testing
@testable import Harness

/// The comparison core of `check` / `compare`: each verdict label reached by data built for it,
/// and the decision rules at their boundaries.
@Suite struct StatisticalComparisonTests {
    static let sync = [120.0, 95, 143, 88, 132, 101, 150, 117, 99, 126, 140]
    static let async = [70.0, 61, 80, 50, 69, 66, 81, 57, 60, 75, 73]
    static let baseline = [98.2, 101.5, 99.7, 100.4, 102.1, 97.9, 100.9, 99.1, 101.2, 100.0, 98.8, 101.8,
                           99.5, 100.6, 99.9]

    /// Exact bootstrap interval of the time ratio [0.5227…, 0.6061…] (see StatisticsBootstrapTests)
    /// ⇒ speed-up 1/0.5682 = 1.76 in [1/0.6061, 1/0.5227] = [1.65, 1.913]: faster. Wilcoxon on the
    /// 11 log ratios, all negative: scipy `wilcoxon(d, method='approx')` → 0.0, p 0.0033456181158508813.
    @Test func pairedFasterWithSpeedUpInterval() throws {
        let result = try StatisticalComparison.comparePaired(reference: Self.sync, candidate: Self.async)
        #expect(result.verdict == .faster)
        #expect(result.pairCount == 11)
        #expect(abs(result.speedUp - 1 / 0.5681818181818182) < 1e-12)
        #expect(abs(result.speedUpInterval.lower - 1 / 0.6060606060606061) < 1e-12)
        #expect(abs(result.speedUpInterval.upper - 1 / 0.5227272727272727) < 1e-12)
        #expect(result.speedUpInterval.contains(result.speedUp))
        let wilcoxon = try #require(result.wilcoxon)
        #expect(wilcoxon.statistic == 0)
        #expect(abs(wilcoxon.pValue - 0.0033456181158508813) < 1e-12)
        #expect(result.referenceMedian == 120 && result.candidateMedian == 69)
        #expect(result.sentence(candidate: "async", reference: "sync")
                == "async ran 1.76× [1.65, 1.91] faster than sync (paired, n = 11, 95% CI): faster")
    }

    @Test func pairedSlowerWhenSwapped() throws {
        let result = try StatisticalComparison.comparePaired(reference: Self.async, candidate: Self.sync)
        #expect(result.verdict == .slower)
        #expect(abs(result.timeRatio - 1 / 0.5681818181818182) < 1e-12)
        #expect(result.sentence(candidate: "sync", reference: "async").hasPrefix("sync ran 1.76× [1.65, 1.91] slower than async"))
    }

    /// Per-pair factors within ±1.5 %: the whole interval lies inside (ln 0.95, ln 1.05).
    @Test func pairedEquivalentWithinMargin() throws {
        let factors = [1.01, 0.99, 1.0, 1.015, 0.985, 1.005, 0.995, 1.01, 0.99, 1.0, 1.002]
        let candidate = zip(Self.sync, factors).map { $0 * $1 }
        let result = try StatisticalComparison.comparePaired(reference: Self.sync, candidate: candidate)
        #expect(result.verdict == .equivalent)
        #expect(result.estimate.logInterval.lower > log(0.95) && result.estimate.logInterval.upper < log(1.05))
    }

    /// Factors spread from 0.8 to 1.25 around 1: the interval straddles both margins.
    @Test func pairedInconclusiveWhenTheIntervalStraddlesTheMargin() throws {
        let factors = [0.8, 1.25, 0.9, 1.1, 0.85, 1.2, 1.0]
        let reference = Array(Self.sync.prefix(7))
        let candidate = zip(reference, factors).map { $0 * $1 }
        let result = try StatisticalComparison.comparePaired(reference: reference, candidate: candidate)
        #expect(result.estimate.logInterval.lower < log(0.95))
        #expect(result.estimate.logInterval.upper > log(1.05))
        #expect(result.verdict == .inconclusive)
    }

    @Test func pairedVerdictBoundariesAreStrict() {
        func interval(_ lower: Double, _ upper: Double) -> ConfidenceInterval {
            ConfidenceInterval(lower: lower, upper: upper, level: 0.95)
        }
        let down = log(0.95), up = log(1.05)
        #expect(PairedVerdict.decide(logRatioInterval: interval(-1, down.nextDown), margin: 0.05) == .faster)
        #expect(PairedVerdict.decide(logRatioInterval: interval(-1, down), margin: 0.05) == .inconclusive)
        #expect(PairedVerdict.decide(logRatioInterval: interval(up.nextUp, 1), margin: 0.05) == .slower)
        #expect(PairedVerdict.decide(logRatioInterval: interval(up, 1), margin: 0.05) == .inconclusive)
        #expect(PairedVerdict.decide(logRatioInterval: interval(down.nextUp, up.nextDown), margin: 0.05) == .equivalent)
        #expect(PairedVerdict.decide(logRatioInterval: interval(down, up.nextDown), margin: 0.05) == .inconclusive)
        // A wider margin turns the same interval from faster into inconclusive.
        #expect(PairedVerdict.decide(logRatioInterval: interval(log(0.8), log(0.9)), margin: 0.05) == .faster)
        #expect(PairedVerdict.decide(logRatioInterval: interval(log(0.8), log(0.9)), margin: 0.15) == .inconclusive)
    }

    /// Tight baseline around 100 ms; now = 1.6 × each value. The ratio interval lies around 1.6
    /// (≥ 1.6·97.9/102.1 > 1.25): regression. Mann–Whitney: complete separation, scipy
    /// `mannwhitneyu(cur, base, method='asymptotic', use_continuity=True)` → 225.0, 3.3918213908250945e-06.
    @Test func baselineRegressionImprovementAndNoChange() throws {
        let slower = try StatisticalComparison.compareToBaseline(baseline: Self.baseline, current: Self.baseline.map { $0 * 1.6 })
        #expect(slower.verdict == .regression)
        #expect(abs(slower.ratio - 1.6) < 1e-12)
        #expect(slower.interval.lower > 1.25 && slower.interval.contains(1.6))
        let mannWhitney = try #require(slower.mannWhitney)
        #expect(mannWhitney.statistic == 225)
        #expect(abs(mannWhitney.pValue - 3.3918213908250945e-06) < 1e-15)
        #expect(slower.baselineCount == 15 && slower.currentCount == 15)
        #expect(slower.tolerance == 0.25)

        let faster = try StatisticalComparison.compareToBaseline(baseline: Self.baseline, current: Self.baseline.map { $0 * 0.5 })
        #expect(faster.verdict == .improvement)
        #expect(faster.interval.upper < 0.75)

        let same = try StatisticalComparison.compareToBaseline(baseline: Self.baseline, current: Self.baseline.map { $0 * 1.03 })
        #expect(same.verdict == .noChange)
        // With a tight tolerance, the same 3 % shift is a regression.
        let strict = try StatisticalComparison.compareToBaseline(baseline: Self.baseline, current: Self.baseline.map { $0 * 1.03 },
                                                                tolerance: 0.005)
        #expect(strict.interval.lower > 1.005)
        #expect(strict.verdict == .regression)
    }

    /// A 30 % shift seen through very noisy samples: the interval reaches below 1 + τ, so no verdict
    /// of regression is drawn from the point estimate alone.
    @Test func noisyShiftIsNoChange() throws {
        let noisy = [60.0, 80, 100, 120, 140, 90, 110]
        let result = try StatisticalComparison.compareToBaseline(baseline: noisy, current: noisy.map { $0 * 1.3 })
        #expect(abs(result.ratio - 1.3) < 1e-12)
        #expect(result.interval.lower < 1.25)
        #expect(result.verdict == .noChange)
    }

    @Test func baselineByMedianOnly() throws {
        let current = Self.baseline.map { $0 * 1.6 }
        let result = try StatisticalComparison.compareToBaseline(baselineMedian: 100, current: current)
        #expect(result.verdict == .regression)
        #expect(result.mannWhitney == nil && result.baselineCount == nil)
        #expect(abs(result.ratio - Quantiles.median(current) / 100) < 1e-12)
        // The interval is the current median's interval over 100.
        let medianInterval = try Bootstrap(seed: StatisticalComparison.defaultSeed).medianInterval(current)
        #expect(abs(result.interval.lower - medianInterval.lower / 100) < 1e-12)
        #expect(abs(result.interval.upper - medianInterval.upper / 100) < 1e-12)
    }

    @Test func baselineVerdictBoundariesAreStrict() {
        func interval(_ lower: Double, _ upper: Double) -> ConfidenceInterval {
            ConfidenceInterval(lower: lower, upper: upper, level: 0.95)
        }
        #expect(BaselineVerdict.decide(ratioInterval: interval(1.25, 2), tolerance: 0.25) == .noChange)
        #expect(BaselineVerdict.decide(ratioInterval: interval(1.25.nextUp, 2), tolerance: 0.25) == .regression)
        #expect(BaselineVerdict.decide(ratioInterval: interval(0.5, 0.75), tolerance: 0.25) == .noChange)
        #expect(BaselineVerdict.decide(ratioInterval: interval(0.5, 0.75.nextDown), tolerance: 0.25) == .improvement)
        #expect(BaselineVerdict.noChange.rawValue == "no-change")
    }

    @Test func comparisonsRejectBadInput() {
        #expect(throws: StatisticsError.unpairedLengths(first: 3, second: 2)) {
            try StatisticalComparison.comparePaired(reference: [1, 2, 3], candidate: [1, 2])
        }
        #expect(throws: StatisticsError.tooFewObservations(sample: "reference", needed: 2, got: 1)) {
            try StatisticalComparison.comparePaired(reference: [1], candidate: [1])
        }
        #expect(throws: StatisticsError.nonPositiveValue(sample: "current", index: 0, value: 0)) {
            try StatisticalComparison.compareToBaseline(baseline: [1, 2], current: [0, 2])
        }
        #expect(throws: StatisticsError.invalidParameter(name: "equivalence margin", value: 0, allowed: "0 < margin < 1")) {
            try StatisticalComparison.comparePaired(reference: [1, 2], candidate: [1, 2], margin: 0)
        }
        #expect(throws: StatisticsError.invalidParameter(name: "regression tolerance", value: -0.1, allowed: "0 or more")) {
            try StatisticalComparison.compareToBaseline(baseline: [1, 2], current: [1, 2], tolerance: -0.1)
        }
        #expect(throws: StatisticsError.invalidParameter(name: "confidence level", value: 1, allowed: "0 < level < 1")) {
            try StatisticalComparison.compareToBaseline(baselineMedian: 1, current: [1, 2], level: 1)
        }
        let message = StatisticsError.tooFewObservations(sample: "current", needed: 2, got: 1).description
        #expect(message.contains("current") && message.contains("while") && message.contains("Run more repeats"))
    }

    /// Identical pairs: no Wilcoxon (nothing to rank), interval collapses to 0, verdict equivalent.
    @Test func identicalPairsAreEquivalent() throws {
        let result = try StatisticalComparison.comparePaired(reference: Self.sync, candidate: Self.sync)
        #expect(result.wilcoxon == nil)
        #expect(result.estimate.logInterval.lower == 0 && result.estimate.logInterval.upper == 0)
        #expect(result.verdict == .equivalent)
        #expect(result.speedUp == 1)
    }
}
