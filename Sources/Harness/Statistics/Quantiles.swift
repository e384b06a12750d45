/// Sample quantiles by Hyndman & Fan's type 7 (linear interpolation between order statistics): the
/// default of R's `quantile`, numpy's `percentile`/`quantile` (`method="linear"`), and Excel's
/// PERCENTILE.INC. `h = (n − 1)·p`, `Q(p) = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])`.
///
/// ```swift
/// Quantiles.quantile([1, 2, 3, 4], probability: 0.25)   // 1.75
/// Quantiles.median([3, 1, 2])                           // 2
/// ```
public enum Quantiles {

    /// Type-7 quantile of already **sorted** (ascending) values.
    /// - precondition: `sorted` is non-empty and `0 ≤ probability ≤ 1`.
    public static func type7(sorted: [Double], probability: Double) -> Double {
        precondition(!sorted.isEmpty, "a quantile of an empty sample is undefined")
        precondition(probability >= 0 && probability <= 1, "quantile probability must lie in [0, 1]")
        return sorted.withUnsafeBufferPointer { type7(sortedBuffer: $0, probability: probability) }
    }

    /// Type-7 quantile of a sorted buffer (the bootstrap's hot path: no copies).
    static func type7(sortedBuffer x: UnsafeBufferPointer<Double>, probability p: Double) -> Double {
        let h = Double(x.count - 1) * p
        let low = Int(h.rounded(.down))
        let high = Swift.min(low + 1, x.count - 1)
        let fraction = h - Double(low)
        return x[low] + fraction * (x[high] - x[low])
    }

    /// Type-7 quantile of unsorted values.
    /// - precondition: `values` is non-empty and `0 ≤ probability ≤ 1`.
    public static func quantile(_ values: [Double], probability: Double) -> Double {
        type7(sorted: values.sorted(), probability: probability)
    }

    /// Several type-7 quantiles with one sort; `percents` in [0, 100] (e.g. `[25, 50, 75, 90]`).
    public static func percentiles(_ values: [Double], percents: [Double]) -> [Double] {
        let sorted = values.sorted()
        return percents.map { type7(sorted: sorted, probability: $0 / 100) }
    }

    /// The median (type-7 quantile at 0.5 = the usual middle value or mean of the two middle values).
    /// - precondition: `values` is non-empty.
    public static func median(_ values: [Double]) -> Double {
        quantile(values, probability: 0.5)
    }
}
