/// In-place selection of order statistics (Hoare's quickselect with a three-way partition), the
/// bootstrap's median in O(n) instead of an O(n log n) sort per resample.
///
/// Three-way partitioning (< pivot, = pivot, > pivot) matters here: bootstrap resamples are full
/// of repeated values, and a two-way partition degrades towards O(n²) on many ties. The pivot is
/// the median of the first, middle and last element, so the result is deterministic.
enum Selection {

    /// Reorders `buffer` so that `buffer[k]` holds the k-th smallest value (0-based), every element
    /// before it is ≤ and every element after it is ≥. Returns `buffer[k]`.
    /// - precondition: `0 ≤ k < buffer.count`.
    @discardableResult
    static func select(_ buffer: UnsafeMutableBufferPointer<Double>, _ k: Int) -> Double {
        precondition(k >= 0 && k < buffer.count, "selection rank out of range")
        var low = 0
        var high = buffer.count - 1
        while low < high {
            let pivot = medianOfThree(buffer[low], buffer[low + (high - low) / 2], buffer[high])
            // Invariant: [low, lt) < pivot, [lt, i) == pivot, (gt, high] > pivot.
            var lt = low, i = low, gt = high
            while i <= gt {
                let value = buffer[i]
                if value < pivot {
                    buffer.swapAt(lt, i); lt += 1; i += 1
                } else if value > pivot {
                    buffer.swapAt(i, gt); gt -= 1
                } else {
                    i += 1
                }
            }
            if k < lt { high = lt - 1 } else if k > gt { low = gt + 1 } else { return buffer[k] }
        }
        return buffer[k]
    }

    /// The type-7 median of the buffer's values (reorders the buffer).
    /// - precondition: the buffer is non-empty.
    static func median(_ buffer: UnsafeMutableBufferPointer<Double>) -> Double {
        let n = buffer.count
        let low = (n - 1) / 2
        let lower = select(buffer, low)
        guard n % 2 == 0 else { return lower }
        // After selection every element right of `low` is ≥ lower: the next order statistic is
        // their minimum.
        var upper = buffer[low + 1]
        for i in (low + 2)..<n where buffer[i] < upper { upper = buffer[i] }
        return lower + 0.5 * (upper - lower)
    }

    private static func medianOfThree(_ a: Double, _ b: Double, _ c: Double) -> Double {
        max(min(a, b), min(max(a, b), c))
    }
}
