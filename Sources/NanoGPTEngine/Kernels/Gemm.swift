import NanoGPTKernelsC

/// GEMM-shaped kernel for the NanoGPT forward pass: C = A·B (+ bias) (+ C), f32, AVX2 + FMA.
///
/// Legend: A is `rows × k` (row-major, row stride `lda`: activations), B is `k × n` reached
/// through an ``Operand`` (packed weight panels, or a row-major matrix such as Kᵀ or V), C is
/// `rows × n` (row stride `ldc`).
///
/// Blocking: a 6 × 16 register tile (6 rows × two 8-lane vectors = 12 accumulators, plus 2 B
/// vectors and 1 broadcast = 15 of the 16 ymm registers), the classic AVX2 micro-kernel shape.
/// Per k step: 2 loads of B, 6 broadcasts of A, 12 `vfmadd231ps`. The 12 independent accumulators
/// cover the FMA latency × throughput product (2 pipes × 4–5 cycles). Rows are processed in
/// blocks of 6; the caller's buffers hold ≥ 5 spare rows so the last block may read past `rows`
/// (those results are never stored).
///
/// Why all rows at once: one step of the 64-character window is 64 rows; each weight panel
/// (16 × k floats, ≤ 32 KiB) is loaded into L1 once and reused by every row block.
///
/// Paths (``SonnetGemmPath``): this Swift kernel is the AVX2 path, run on every CPU that lacks
/// AVX-512; CPUs with AVX-512 F run the C kernel `sonnet_gemm_avx512` (8 × 32 zmm tile). Both give
/// bit-identical results: same FMA sequence per element, same 256-deep k-blocks, same final adds.
enum Gemm {
    static let panelWidth = 16
    static let rowBlock = 6
    static let depthBlock = 256

    /// How to find B[k][n]: `base + (n / 16)·panelStride + k·rowStride + n % 16`.
    struct Operand {
        var base: UnsafePointer<Float>
        var rowStride: Int
        var panelStride: Int
    }

    /// C[0..<rows][0..<n] = A·B + bias (+ C when `accumulate`): `n` must be a multiple of 16.
    ///
    /// - parameter rowsStored: rows of C actually written (the others in the last block are
    ///   computed from padding and dropped).
    static func multiply(
        rows: Int, k: Int, n: Int,
        a: UnsafePointer<Float>, lda: Int,
        b: Operand,
        bias: UnsafePointer<Float>?,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        accumulate: Bool
    ) {
        if sonnet_gemm_path() == SONNET_GEMM_AVX512 {
            sonnet_gemm_avx512(
                Int32(rows), Int32(k), Int32(n), a, Int32(lda), b.base, Int32(b.rowStride), Int32(b.panelStride),
                bias, c, Int32(ldc), accumulate ? 1 : 0)
            return
        }
        multiplyAVX2(rows: rows, k: k, n: n, a: a, lda: lda, b: b, bias: bias, c: c, ldc: ldc, accumulate: accumulate)
    }

    /// The AVX2 path: 6 × 16 tiles in Swift (the reference the other paths must equal bit for bit).
    static func multiplyAVX2(
        rows: Int, k: Int, n: Int,
        a: UnsafePointer<Float>, lda: Int,
        b: Operand,
        bias: UnsafePointer<Float>?,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        accumulate: Bool
    ) {
        // k-blocking: a 512-deep panel (32 KiB) would fill L1 by itself; 256-deep blocks keep the
        // panel and the A rows resident (measured: 75 → 84 GFLOP/s over the model's 16 weights).
        if k > depthBlock {
            var k0 = 0
            while k0 < k {
                let depth = min(depthBlock, k - k0)
                multiplyAVX2(
                    rows: rows, k: depth, n: n, a: a + k0, lda: lda,
                    b: Operand(base: b.base + k0 * b.rowStride, rowStride: b.rowStride, panelStride: b.panelStride),
                    bias: k0 == 0 ? bias : nil, c: c, ldc: ldc, accumulate: k0 == 0 ? accumulate : true)
                k0 += depth
            }
            return
        }
        let panels = n / panelWidth
        let blocks = (rows + rowBlock - 1) / rowBlock
        var p = 0
        while p < panels {
            let bp = b.base + p * b.panelStride
            let biasp = bias.map { $0 + p * panelWidth }
            // The model's 3 MiB of weights do not fit L2, so each panel comes from L3: while this
            // panel is in use, the row blocks ask L2 for the next one (packed panels only: k
            // contiguous 64-byte lines), one line per k step, each block a share.
            let prefetchLines = b.rowStride == panelWidth && p + 1 < panels ? k : 0
            let share = (prefetchLines + blocks - 1) / blocks
            var r = 0, line = 0
            while r < rows {
                let count = min(share, prefetchLines - line)
                tile6x16(
                    k: k, a: a + r * lda, lda: lda, b: bp, ldb: b.rowStride, bias: biasp,
                    c: c + r * ldc + p * panelWidth, ldc: ldc, store: min(rowBlock, rows - r),
                    accumulate: accumulate, prefetch: bp + b.panelStride + line * panelWidth, prefetchLines: count)
                line += count
                r += rowBlock
            }
            p += 1
        }
    }

    @inline(__always)
    private static func tile6x16(
        k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        bias: UnsafePointer<Float>?, c: UnsafeMutablePointer<Float>, ldc: Int, store: Int, accumulate: Bool,
        prefetch: UnsafePointer<Float>, prefetchLines: Int
    ) {
        typealias V = SIMD8<Float>
        var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V()
        var c30 = V(), c31 = V(), c40 = V(), c41 = V(), c50 = V(), c51 = V()
        let a0 = a, a1 = a + lda, a2 = a + 2 * lda, a3 = a + 3 * lda, a4 = a + 4 * lda, a5 = a + 5 * lda
        var bptr = UnsafeRawPointer(b)
        let bstep = ldb &* 4
        var kk = 0
        while kk < k {
            if kk < prefetchLines { sonnet_prefetch_l2(prefetch + kk &* 16) }
            let b0 = bptr.loadUnaligned(as: V.self)
            let b1 = bptr.loadUnaligned(fromByteOffset: 32, as: V.self)
            var x = V(repeating: a0[kk])
            c00.addProduct(x, b0); c01.addProduct(x, b1)
            x = V(repeating: a1[kk])
            c10.addProduct(x, b0); c11.addProduct(x, b1)
            x = V(repeating: a2[kk])
            c20.addProduct(x, b0); c21.addProduct(x, b1)
            x = V(repeating: a3[kk])
            c30.addProduct(x, b0); c31.addProduct(x, b1)
            x = V(repeating: a4[kk])
            c40.addProduct(x, b0); c41.addProduct(x, b1)
            x = V(repeating: a5[kk])
            c50.addProduct(x, b0); c51.addProduct(x, b1)
            bptr += bstep
            kk &+= 1
        }
        var bias0 = V(), bias1 = V()
        if let bias {
            bias0 = UnsafeRawPointer(bias).loadUnaligned(as: V.self)
            bias1 = UnsafeRawPointer(bias + 8).loadUnaligned(as: V.self)
        }
        @inline(__always) func put(_ row: Int, _ lo: V, _ hi: V) {
            let dst = UnsafeMutableRawPointer(c + row * ldc)
            var l = lo + bias0, h = hi + bias1
            if accumulate {
                l += dst.loadUnaligned(as: V.self)
                h += dst.loadUnaligned(fromByteOffset: 32, as: V.self)
            }
            dst.storeBytes(of: l, as: V.self)
            dst.storeBytes(of: h, toByteOffset: 32, as: V.self)
        }
        put(0, c00, c01)
        if store > 1 { put(1, c10, c11) }
        if store > 2 { put(2, c20, c21) }
        if store > 3 { put(3, c30, c31) }
        if store > 4 { put(4, c40, c41) }
        if store > 5 { put(5, c50, c51) }
    }
}
