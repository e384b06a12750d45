/// The descriptive figures the harness prints for one cell (harness.md §1 "Statistics"): n, mean,
/// standard deviation, median, p25/p75/p90, p99 (only with n ≥ 100: never gate on a tail the
/// sample cannot see), min, max, MAD and IQR. Quantiles are type 7.
public struct SampleSummary: Sendable, Hashable, Codable {
    public let count: Int
    public let mean: Double
    /// Sample standard deviation (n − 1); nil for a single observation.
    public let standardDeviation: Double?
    public let minimum: Double
    public let p25: Double
    public let median: Double
    public let p75: Double
    public let p90: Double
    /// nil below 100 observations.
    public let p99: Double?
    public let maximum: Double
    /// Unscaled median absolute deviation.
    public let medianAbsoluteDeviation: Double
    public let interquartileRange: Double

    /// Observations needed before `p99` is reported.
    public static let minimumCountForP99 = 100

    /// - throws: `StatisticsError.tooFewObservations` for an empty sample,
    ///   `.nonFiniteValue` for NaN/infinity.
    public init(_ values: [Double], name: String = "sample") throws {
        try SampleCheck.finite(values, name: name)
        let sorted = values.sorted()
        count = sorted.count
        mean = sorted.reduce(0, +) / Double(count)
        if count >= 2 {
            let m = mean
            standardDeviation = (sorted.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(count - 1)).squareRoot()
        } else {
            standardDeviation = nil
        }
        minimum = sorted[0]
        maximum = sorted[count - 1]
        p25 = Quantiles.type7(sorted: sorted, probability: 0.25)
        median = Quantiles.type7(sorted: sorted, probability: 0.5)
        p75 = Quantiles.type7(sorted: sorted, probability: 0.75)
        p90 = Quantiles.type7(sorted: sorted, probability: 0.90)
        p99 = count >= Self.minimumCountForP99 ? Quantiles.type7(sorted: sorted, probability: 0.99) : nil
        medianAbsoluteDeviation = Dispersion.medianAbsoluteDeviation(sorted)
        interquartileRange = p75 - p25
    }
}
