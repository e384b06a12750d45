/// Robust spread: median absolute deviation and interquartile range (both over type-7 quantiles).
public enum Dispersion {

    /// Scale factor that makes the MAD estimate σ for normal data: 1 / Φ⁻¹(3/4) ≈ 1.4826
    /// (scipy's `median_abs_deviation(scale="normal")`; hyperfine's modified Z-score).
    public static let normalConsistency: Double = 1.482602218505602

    /// `median(|x − median(x)|)`, unscaled (scipy's default `scale=1.0`), times `scale`.
    /// - precondition: `values` is non-empty.
    public static func medianAbsoluteDeviation(_ values: [Double], scale: Double = 1) -> Double {
        let center = Quantiles.median(values)
        return scale * Quantiles.median(values.map { abs($0 - center) })
    }

    /// `Q(0.75) − Q(0.25)` with type-7 quantiles (numpy `percentile` / scipy `iqr` defaults).
    /// - precondition: `values` is non-empty.
    public static func interquartileRange(_ values: [Double]) -> Double {
        let quartiles = Quantiles.percentiles(values, percents: [25, 75])
        return quartiles[1] - quartiles[0]
    }
}
