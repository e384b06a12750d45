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
