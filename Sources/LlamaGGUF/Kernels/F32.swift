// F32 weights: plain little-endian floats, 4 bytes per value, no blocks.
// y = Σ w[i]·x[i] with f32 activations (ggml pairs F32 with F32).

/// Kernels for F32 tensors (norm vectors; full-precision matrices of unquantised files).
public enum F32Kernel {
    public static func dequantizeRow(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, count n: Int) {
        for i in 0..<n { dst[i] = src.loadUnaligned(fromByteOffset: 4 * i, as: Float.self) }
    }

    /// Dot product of one F32 row with f32 activations; 4 SIMD8 accumulators.
    public static func dot(_ n: Int, _ w: UnsafeRawPointer, _ x: UnsafePointer<Float>) -> Float {
        var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
        var i = 0
        while i + 32 <= n {
            a0.addProduct(w.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self), UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self))
            a1.addProduct(w.loadUnaligned(fromByteOffset: 4 * (i + 8), as: SIMD8<Float>.self), UnsafeRawPointer(x + i + 8).loadUnaligned(as: SIMD8<Float>.self))
            a2.addProduct(w.loadUnaligned(fromByteOffset: 4 * (i + 16), as: SIMD8<Float>.self), UnsafeRawPointer(x + i + 16).loadUnaligned(as: SIMD8<Float>.self))
            a3.addProduct(w.loadUnaligned(fromByteOffset: 4 * (i + 24), as: SIMD8<Float>.self), UnsafeRawPointer(x + i + 24).loadUnaligned(as: SIMD8<Float>.self))
            i += 32
        }
        var s = ((a0 + a1) + (a2 + a3)).sum()
        while i < n {
            s += w.loadUnaligned(fromByteOffset: 4 * i, as: Float.self) * x[i]
            i += 1
        }
        return s
    }
}
