// F16 weights: IEEE half floats, 2 bytes per value, no blocks.
// y = Σ f32(w[i])·x[i] with f32 activations.

/// Kernels for F16 tensors.
public enum F16Kernel {
    public static func dequantizeRow(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, count n: Int) {
        for i in 0..<n { dst[i] = loadHalf(src, 2 * i) }
    }

    public static func dot(_ n: Int, _ w: UnsafeRawPointer, _ x: UnsafePointer<Float>) -> Float {
        var a0 = SIMD8<Float>(), a1 = SIMD8<Float>()
        var i = 0
        while i + 16 <= n {
            let h0 = w.loadUnaligned(fromByteOffset: 2 * i, as: SIMD8<Float16>.self)
            let h1 = w.loadUnaligned(fromByteOffset: 2 * (i + 8), as: SIMD8<Float16>.self)
            a0.addProduct(SIMD8<Float>(h0), UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self))
            a1.addProduct(SIMD8<Float>(h1), UnsafeRawPointer(x + i + 8).loadUnaligned(as: SIMD8<Float>.self))
            i += 16
        }
        var s = (a0 + a1).sum()
        while i < n {
            s += loadHalf(w, 2 * i) * x[i]
            i += 1
        }
        return s
    }
}
