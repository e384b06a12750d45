/// Tukey's fences for outlier classification, as criterion.rs reports them: inner fences at
/// 1.5 × IQR and outer fences at 3 × IQR beyond the quartiles. Outliers are **shown, never
/// dropped** (harness.md §1): classification is information for the reader, not a filter.
public struct TukeyFences: Sendable, Hashable, Codable {

    /// Where a value falls relative to the fences.
    public enum Classification: String, Sendable, Hashable, Codable {
        case lowSevere = "low-severe", lowMild = "low-mild", normal
        case highMild = "high-mild", highSevere = "high-severe"
    }

    public let lowerQuartile: Double
    public let upperQuartile: Double
    public let lowerOuter: Double
    public let lowerInner: Double
    public let upperInner: Double
    public let upperOuter: Double

    /// Fences of a sample (type-7 quartiles).
    /// - precondition: `values` is non-empty.
    public init(_ values: [Double]) {
        let quartiles = Quantiles.percentiles(values, percents: [25, 75])
        lowerQuartile = quartiles[0]
        upperQuartile = quartiles[1]
        let iqr = upperQuartile - lowerQuartile
        lowerOuter = lowerQuartile - 3 * iqr
        lowerInner = lowerQuartile - 1.5 * iqr
        upperInner = upperQuartile + 1.5 * iqr
        upperOuter = upperQuartile + 3 * iqr
    }

    /// Mild beyond an inner fence, severe beyond an outer fence (strictly beyond, as criterion.rs).
    public func classify(_ value: Double) -> Classification {
        if value < lowerOuter { return .lowSevere }
        if value < lowerInner { return .lowMild }
        if value > upperOuter { return .highSevere }
        if value > upperInner { return .highMild }
        return .normal
    }

    /// How many values fall in each non-normal class.
    public func outlierCounts(_ values: [Double]) -> [Classification: Int] {
        var counts: [Classification: Int] = [:]
        for value in values {
            let c = classify(value)
            if c != .normal { counts[c, default: 0] += 1 }
        }
        return counts
    }
}
