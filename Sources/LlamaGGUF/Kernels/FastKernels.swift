import ProseKernelsC

/// The AVX2 C kernels (target `ProseKernelsC`) behind Swift signatures. Each has a Swift oracle in the
/// kernel file of its weight type; `KernelFastPathTests` checks that both give the same numbers.
enum FastKernels {
    static var haveAVX2: Bool { prose_kernels_have_avx2() != 0 }

    static func quantizeQ8_0(_ x: UnsafePointer<Float>, _ dst: UnsafeMutableRawPointer, count n: Int) {
        prose_quantize_q8_0(x, dst, Int32(n))
    }

    static func quantizeQ8_1(_ x: UnsafePointer<Float>, _ dst: UnsafeMutableRawPointer, count n: Int) {
        prose_quantize_q8_1(x, dst, Int32(n))
    }

    static func q4_1(rows: Range<Int>, n: Int, weights: UnsafeRawPointer, rowBytes: Int, activations: UnsafeRawPointer, into y: UnsafeMutablePointer<Float>) {
        prose_matvec_q4_1_q8_1(Int32(n), weights, rowBytes, Int32(rows.lowerBound), Int32(rows.upperBound), activations, y)
    }

    static func q8_0(rows: Range<Int>, n: Int, weights: UnsafeRawPointer, rowBytes: Int, activations: UnsafeRawPointer, into y: UnsafeMutablePointer<Float>) {
        prose_matvec_q8_0_q8_0(Int32(n), weights, rowBytes, Int32(rows.lowerBound), Int32(rows.upperBound), activations, y)
    }

    static func q4_0(rows: Range<Int>, n: Int, weights: UnsafeRawPointer, rowBytes: Int, activations: UnsafeRawPointer, into y: UnsafeMutablePointer<Float>) {
        prose_matvec_q4_0_q8_0(Int32(n), weights, rowBytes, Int32(rows.lowerBound), Int32(rows.upperBound), activations, y)
    }
}

/// Which instruction forms the C kernels use on this CPU (printed by the benchmark).
public enum KernelInfo {
    /// "AVX-512 VNNI" or "AVX2" for the int8 matvecs, and the attention helpers' vector width.
    public static var description: String {
        let matvec = "x8 interleaved, path \(KernelPath.current.rawValue)"
        let width = prose_attention_width()
        let attention = width == 512 ? "AVX-512" : (width == 256 ? "AVX-512 arithmetic emulated with AVX2" : "portable C")
        return "int8 matvec: \(matvec); attention/softmax/SwiGLU: \(attention)"
    }

    /// true = run the attention/softmax/SwiGLU helpers' AVX-512 arithmetic with AVX2 instructions even
    /// where AVX-512 exists (identical results; tests check that).
    public static func emulateAVX512Attention(_ on: Bool) { prose_set_attention_width(on ? 256 : 512) }

    /// Turns the VNNI form of the matvecs off or back on (identical results; for speed comparisons).
    public static func setVNNI(_ on: Bool) {
        prose_kernels_set_vnni(on ? 1 : 0)
        // The x8 kernels: VNNI off = the AVX2 path this CPU would use without it.
        let fallback: KernelPath = prose_cpu_splits_256() != 0 ? .avx2_128 : .avx2
        try? KernelPath.use(on ? KernelPath.detected : fallback)
    }
}
