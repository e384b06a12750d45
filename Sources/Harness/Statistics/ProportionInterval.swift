/// Confidence intervals for a binomial proportion (e.g. the share of optimal turns).
public enum ProportionInterval {

    /// Wilson score interval (Wilson 1927), without continuity correction — the interval
    /// `statsmodels.proportion_confint(method="wilson")` and scipy's
    /// `binomtest(k, n).proportion_ci(method="wilson")` give. Unlike the Wald interval it stays inside
    /// [0, 1] and is sensible for k = 0 or k = n and small n (14 turns):
    /// `center = (p̂ + z²/2n) / (1 + z²/n)`, `half = z/(1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²)`.
    /// - precondition: `trials > 0`, `0 ≤ successes ≤ trials`, `0 < level < 1`.
    public static func wilson(successes: Int, trials: Int, level: Double = 0.95) -> ConfidenceInterval {
        precondition(trials > 0, "a proportion needs at least one trial")
        precondition(successes >= 0 && successes <= trials, "successes must lie in 0...trials")
        precondition(level > 0 && level < 1, "confidence level must lie in (0, 1)")
        let z = NormalDistribution.criticalValue(level: level)
        let n = Double(trials)
        let p = Double(successes) / n
        let z2 = z * z
        let denominator = 1 + z2 / n
        let center = (p + z2 / (2 * n)) / denominator
        let half = z / denominator * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        return ConfidenceInterval(lower: Swift.max(0, center - half), upper: Swift.min(1, center + half),
                                  level: level)
    }
}
