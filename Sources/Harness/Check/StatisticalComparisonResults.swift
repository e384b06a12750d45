/// The outcome of `StatisticalComparison.compareToBaseline`: latency now vs baseline for one cell.
public struct BaselineComparison: Sendable, Hashable, Codable {
    public let baselineMedian: Double
    public let currentMedian: Double
    /// currentMedian / baselineMedian (> 1 = slower now).
    public let ratio: Double
    /// Bootstrap percentile interval of the ratio.
    public let interval: ConfidenceInterval
    /// τ used for the verdict.
    public let tolerance: Double
    public let verdict: BaselineVerdict
    /// Mann–Whitney U of current vs baseline; nil when the baseline was given by its median only.
    public let mannWhitney: RankTestResult?
    /// nil when the baseline was given by its median only.
    public let baselineCount: Int?
    public let currentCount: Int

    public init(baselineMedian: Double, currentMedian: Double, ratio: Double, interval: ConfidenceInterval,
                tolerance: Double, verdict: BaselineVerdict, mannWhitney: RankTestResult?,
                baselineCount: Int?, currentCount: Int)
    {
        self.baselineMedian = baselineMedian
        self.currentMedian = currentMedian
        self.ratio = ratio
        self.interval = interval
        self.tolerance = tolerance
        self.verdict = verdict
        self.mannWhitney = mannWhitney
        self.baselineCount = baselineCount
        self.currentCount = currentCount
    }
}

/// The outcome of `StatisticalComparison.comparePaired`: candidate (async) vs reference (sync).
public struct PairedComparison: Sendable, Hashable, Codable {
    public let pairCount: Int
    public let referenceMedian: Double
    public let candidateMedian: Double
    /// median(ln(candidate/reference)) with its bootstrap interval.
    public let estimate: RatioEstimate
    /// δ used for the verdict.
    public let margin: Double
    public let verdict: PairedVerdict
    /// Wilcoxon signed-rank test of the log ratios; nil when every pair was exactly equal.
    public let wilcoxon: RankTestResult?

    public init(pairCount: Int, referenceMedian: Double, candidateMedian: Double, estimate: RatioEstimate,
                margin: Double, verdict: PairedVerdict, wilcoxon: RankTestResult?)
    {
        self.pairCount = pairCount
        self.referenceMedian = referenceMedian
        self.candidateMedian = candidateMedian
        self.estimate = estimate
        self.margin = margin
        self.verdict = verdict
        self.wilcoxon = wilcoxon
    }

    /// Typical time ratio candidate/reference, exp(median log ratio) (< 1 = candidate faster).
    public var timeRatio: Double { estimate.ratio }
    /// Interval of `timeRatio`.
    public var timeRatioInterval: ConfidenceInterval { estimate.interval }
    /// Speed-up of the candidate over the reference: 1 / timeRatio (> 1 = candidate faster).
    public var speedUp: Double { 1 / estimate.ratio }
    /// Interval of `speedUp` (the time-ratio interval inverted, bounds swapped).
    public var speedUpInterval: ConfidenceInterval {
        let r = estimate.interval
        return ConfidenceInterval(lower: 1 / r.upper, upper: 1 / r.lower, level: r.level)
    }

    /// The conclusion as one sentence with its uncertainty (style.md §3), e.g.
    /// "async ran 1.82× [1.61, 2.05] faster than sync (paired, n = 30, 95% CI): faster".
    public func sentence(candidate: String, reference: String) -> String {
        let level = Int((estimate.logInterval.level * 100).rounded())
        let tail = "(paired, n = \(pairCount), \(level)% CI): \(verdict.rawValue)"
        if speedUp >= 1 {
            let ci = speedUpInterval
            return "\(candidate) ran \(Self.format(speedUp))× [\(Self.format(ci.lower)), \(Self.format(ci.upper))] faster than \(reference) \(tail)"
        } else {
            let ci = timeRatioInterval
            return "\(candidate) ran \(Self.format(timeRatio))× [\(Self.format(ci.lower)), \(Self.format(ci.upper))] slower than \(reference) \(tail)"
        }
    }

    static func format(_ value: Double) -> String {
        let scaled = (value * 100).rounded() / 100
        var text = String(scaled)
        if let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            if decimals < 2 { text += String(repeating: "0", count: 2 - decimals) }
        }
        return text
    }
}
