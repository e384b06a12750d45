/// The useful floating-point work of a Sonnet generation, to turn a time into GFLOP/s and compare it
/// with the single-core FMA peak the probe measures.
public enum SonnetFlops {
    /// Useful multiply-adds × 2 of `chars` steps from a 1-character prompt, window ≤ 64 (sonnet.md
    /// §1.4): linear layers, causal attention (only the visible keys), the head for one row. With
    /// `skipLast`, the last layer computes only the row the next character needs (as our model does).
    public static func generation(chars: Int, skipLast: Bool) -> Double {
        let c = 128.0, f = 512.0, heads = 4.0, d = 32.0
        var total = 0.0
        for step in 0..<max(chars, 0) {
            let t = Double(min(step + 1, 64))
            let attention = heads * 2 * (t * (t + 1) / 2) * d        // S = QKᵀ and P·V, causal
            let full = t * c * 3 * c + attention + t * c * c + 2 * t * c * f
            let last = skipLast ? t * c * 2 * c + c * c + heads * 2 * t * d + c * c + 2 * c * f : full
            total += 3 * full + last + c * 65
        }
        return 2 * total
    }
}
