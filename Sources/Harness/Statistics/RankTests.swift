/// Distribution-free two-sample tests with the normal approximation and tie correction, reported
/// next to the bootstrap intervals as secondary numbers (harness.md §4.2, §4.3). Latencies are not
/// normal (benchstat: "AssumeNothing"), so no t-test.
public enum RankTests {

    /// Mann–Whitney U (Wilcoxon rank-sum) for two independent samples, two-sided.
    ///
    /// `statistic` is U₁ = R₁ − n₁(n₁+1)/2 of the **first** sample (scipy's `mannwhitneyu(x, y)`
    /// statistic). With ties averaged, σ² = n₁n₂/12 · ((n + 1) − Σ(t³ − t)/(n(n − 1))).
    /// `z = (|U₁ − n₁n₂/2| − c)/σ` signed like U₁ − n₁n₂/2, with continuity c = ½ by default;
    /// `p = min(1, 2·(1 − Φ(|z|)))`: scipy's `method="asymptotic", use_continuity=True`.
    /// - throws: `StatisticsError` for an empty sample or non-finite values.
    public static func mannWhitneyU(_ first: [Double], _ second: [Double],
                                    continuityCorrection: Bool = true) throws -> RankTestResult
    {
        try SampleCheck.finite(first, name: "first")
        try SampleCheck.finite(second, name: "second")
        let n1 = Double(first.count), n2 = Double(second.count), n = n1 + n2
        let (ranks, tieTerm) = averageRanks(first + second)
        let rankSumFirst = ranks[0..<first.count].reduce(0, +)
        let u1 = rankSumFirst - n1 * (n1 + 1) / 2
        let mean = n1 * n2 / 2
        let variance = n1 * n2 / 12 * ((n + 1) - tieTerm / (n * (n - 1)))
        return normalApproximation(statistic: u1, deviation: u1 - mean, variance: variance,
                                   continuity: continuityCorrection ? 0.5 : 0)
    }

    /// Wilcoxon signed-rank test of paired differences, two-sided, normal approximation.
    ///
    /// Zero differences are dropped first (Wilcoxon's method, scipy's `zero_method="wilcox"`); the
    /// |d| are ranked with ties averaged; W⁺ = sum of ranks of positive d. `statistic` =
    /// min(W⁺, W⁻) (scipy's two-sided statistic); `z = (W⁺ − n(n+1)/4 ∓ c)/σ` with
    /// σ² = n(n+1)(2n+1)/24 − Σ(t³ − t)/48, continuity c = ½ only if asked (scipy's default
    /// `correction=False`). scipy: `wilcoxon(d, method="approx")`.
    /// - throws: `StatisticsError.tooFewObservations` when no non-zero difference is left,
    ///   `.nonFiniteValue` for NaN/infinity.
    public static func wilcoxonSignedRank(differences: [Double],
                                          continuityCorrection: Bool = false) throws -> RankTestResult
    {
        try SampleCheck.finite(differences, name: "differences")
        let nonZero = differences.filter { $0 != 0 }
        guard !nonZero.isEmpty else {
            throw StatisticsError.tooFewObservations(sample: "non-zero differences", needed: 1, got: 0)
        }
        let n = Double(nonZero.count)
        let (ranks, tieTerm) = averageRanks(nonZero.map { abs($0) })
        var plus = 0.0
        for (rank, d) in zip(ranks, nonZero) where d > 0 { plus += rank }
        let total = n * (n + 1) / 2
        let minus = total - plus
        let variance = n * (n + 1) * (2 * n + 1) / 24 - tieTerm / 48
        return normalApproximation(statistic: Swift.min(plus, minus), deviation: plus - total / 2,
                                   variance: variance, continuity: continuityCorrection ? 0.5 : 0)
    }

    /// Wilcoxon signed-rank test of `first[i] − second[i]`.
    public static func wilcoxonSignedRank(_ first: [Double], _ second: [Double],
                                          continuityCorrection: Bool = false) throws -> RankTestResult
    {
        guard first.count == second.count else {
            throw StatisticsError.unpairedLengths(first: first.count, second: second.count)
        }
        return try wilcoxonSignedRank(differences: zip(first, second).map { $0 - $1 },
                                      continuityCorrection: continuityCorrection)
    }

    /// 1-based ranks with ties averaged, and Σ(t³ − t) over tie groups.
    static func averageRanks(_ values: [Double]) -> (ranks: [Double], tieTerm: Double) {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var tieTerm = 0.0
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && values[order[end]] == values[order[start]] { end += 1 }
            let averageRank = Double(start + end + 1) / 2   // mean of ranks start+1 ... end
            for k in start..<end { ranks[order[k]] = averageRank }
            let t = Double(end - start)
            tieTerm += t * t * t - t
            start = end
        }
        return (ranks, tieTerm)
    }

    private static func normalApproximation(statistic: Double, deviation: Double, variance: Double,
                                            continuity: Double) -> RankTestResult
    {
        guard variance > 0 else {
            // Every value tied: no evidence either way.
            return RankTestResult(statistic: statistic, z: 0, pValue: 1)
        }
        let magnitude = Swift.max(0, abs(deviation) - continuity)
        let z = (deviation < 0 ? -magnitude : magnitude) / variance.squareRoot()
        return RankTestResult(statistic: statistic, z: z, pValue: NormalDistribution.twoSidedPValue(z))
    }
}

/// A rank test's statistic, its normal-approximation z score, and the two-sided p-value.
public struct RankTestResult: Sendable, Hashable, Codable {
    public let statistic: Double
    public let z: Double
    public let pValue: Double

}
