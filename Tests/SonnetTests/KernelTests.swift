import Foundation
import HarmonixCore
import Testing
@testable import NanoGPTEngine
@testable import Sonnet

/// The SIMD kernels against plain scalar references (named tolerances: float32 sums of ≤ 512
/// products of values in [-1, 1] agree to 1e-4 absolute; exp/GELU to 2e-6 relative).
@Suite("Kernels")
struct KernelTests {
    static let gemmTolerance: Float = 1e-4
    static let expRelativeTolerance: Float = 2e-6

    struct GemmCase: CustomTestStringConvertible, Sendable {
        let rows, k, n: Int
        let bias, accumulate: Bool
        var testDescription: String { "\(rows)×\(k)×\(n) bias \(bias) accumulate \(accumulate)" }
    }

    static let gemmCases: [GemmCase] = [
        GemmCase(rows: 1, k: 128, n: 80, bias: true, accumulate: false),     // the head row
        GemmCase(rows: 5, k: 32, n: 64, bias: false, accumulate: false),     // attention scores
        GemmCase(rows: 13, k: 61, n: 32, bias: false, accumulate: false),    // P·V over 61 keys
        GemmCase(rows: 64, k: 128, n: 384, bias: false, accumulate: false),  // QKV
        GemmCase(rows: 64, k: 512, n: 128, bias: true, accumulate: true),    // FFN out, k-blocked
        GemmCase(rows: 7, k: 300, n: 16, bias: true, accumulate: true),      // uneven k-blocks
    ]

    @Test("GEMM equals the scalar product, packed weights", arguments: gemmCases)
    func gemm(_ shape: GemmCase) {
        var rng = SeededGenerator(seed: UInt64(shape.rows * 1_000 + shape.k))
        func random(_ count: Int) -> [Float] { (0..<count).map { _ in Float(rng.nextUnit() * 2 - 1) } }
        let a = AlignedBuffer(random((shape.rows + 6) * shape.k))
        let w = random(shape.n * shape.k)                       // (out n, in k), PyTorch layout
        let packed = PackedWeights(w, inputs: shape.k)
        let bias = AlignedBuffer(random(shape.n))
        let initial = random(shape.rows * shape.n)
        let c = AlignedBuffer(initial)
        Gemm.multiply(
            rows: shape.rows, k: shape.k, n: shape.n, a: a.pointer, lda: shape.k, b: packed.operand,
            bias: shape.bias ? bias.pointer : nil, c: c.pointer, ldc: shape.n, accumulate: shape.accumulate)
        var worst: Float = 0
        for r in 0..<shape.rows {
            for j in 0..<shape.n {
                var sum: Float = 0
                for kk in 0..<shape.k { sum += a.pointer[r * shape.k + kk] * w[j * shape.k + kk] }
                if shape.bias { sum += bias.pointer[j] }
                if shape.accumulate { sum += initial[r * shape.n + j] }
                worst = max(worst, abs(sum - c.pointer[r * shape.n + j]))
            }
        }
        #expect(worst <= Self.gemmTolerance)
    }

    @Test("GEMM over a row-major B operand (Kᵀ, V) with a row stride")
    func gemmRowMajor() {
        let rows = 6, k = 32, n = 32, ldb = 96
        var rng = SeededGenerator(seed: 9)
        let a = AlignedBuffer((0..<(rows * k)).map { _ in Float(rng.nextUnit()) })
        let b = AlignedBuffer((0..<(k * ldb)).map { _ in Float(rng.nextUnit()) })
        let c = AlignedBuffer(count: rows * n)
        Gemm.multiply(
            rows: rows, k: k, n: n, a: a.pointer, lda: k,
            b: Gemm.Operand(base: UnsafePointer(b.pointer + 8), rowStride: ldb, panelStride: 16),
            bias: nil, c: c.pointer, ldc: n, accumulate: false)
        var worst: Float = 0
        for r in 0..<rows {
            for j in 0..<n {
                var sum: Float = 0
                for kk in 0..<k { sum += a.pointer[r * k + kk] * b.pointer[kk * ldb + 8 + j] }
                worst = max(worst, abs(sum - c.pointer[r * n + j]))
            }
        }
        #expect(worst <= Self.gemmTolerance)
    }

    @Test("exp and GELU on four vectors side by side (Lanes4) equal the one-vector results bit for bit")
    func lanes4MatchesOneVector() {
        var rng = SeededGenerator(seed: 31)
        let special: [Float] = [0, -0.0, 1e-30, -1e-30, 88.3, 88.4, -87.3, -87.4, 200, -200, .infinity, -.infinity, .nan,
                                .leastNonzeroMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude]
        let values = special + (0..<(4096 - special.count)).map { _ in Float((rng.nextUnit() * 2 - 1) * pow(10, rng.nextUnit() * 4 - 2)) }
        let buffer = AlignedBuffer(values)
        for chunk in stride(from: 0, to: values.count, by: 32) {
            let p = UnsafeMutableRawPointer(buffer.pointer + chunk)
            let one = (0..<4).map { p.loadUnaligned(fromByteOffset: 32 * $0, as: SIMD8<Float>.self) }
            let four = Lanes4(p)
            let (e4, g4) = (VectorMath.exp(four), VectorMath.gelu(four))
            for (q, lane) in [e4.a, e4.b, e4.c, e4.d].enumerated() {
                #expect(lane.bitPatterns == VectorMath.exp(one[q]).bitPatterns, "exp, floats \(chunk + 8 * q)…")
            }
            for (q, lane) in [g4.a, g4.b, g4.c, g4.d].enumerated() {
                #expect(lane.bitPatterns == VectorMath.gelu(one[q]).bitPatterns, "GELU, floats \(chunk + 8 * q)…")
            }
        }
    }

    @Test("vector exp and GELU against libm")
    func expAndGelu() {
        var worstExp: Float = 0, worstGelu: Float = 0
        var x: Float = -20
        while x < 20 {
            let v = SIMD8<Float>(repeating: x) + SIMD8<Float>(0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07)
            let e = VectorMath.exp(v), g = VectorMath.gelu(v)
            for lane in 0..<8 {
                let ref = Foundation.exp(v[lane])
                worstExp = max(worstExp, abs(e[lane] - ref) / ref)
                // Reference in Double: in float, 1 + tanh(u) cancels for negative u.
                let xd = Double(v[lane])
                let u = (2 / Double.pi).squareRoot() * (xd + 0.044_715 * xd * xd * xd)
                let gRef = 0.5 * xd * (1 + Foundation.tanh(u))
                worstGelu = max(worstGelu, Float(abs(Double(g[lane]) - gRef) / max(abs(gRef), 1e-3)))
            }
            x += 0.08
        }
        #expect(worstExp <= Self.expRelativeTolerance)
        #expect(worstGelu <= Self.expRelativeTolerance * 4)
        #expect(VectorMath.exp(SIMD8(repeating: -1000))[0] >= 0)
        #expect(VectorMath.exp(SIMD8(repeating: 1000))[0].isFinite)
    }

    @Test("causal softmax: visible entries sum to 1, masked ones are exactly 0")
    func softmax() {
        let row = AlignedBuffer((0..<64).map { Float($0 % 7) - 3 })
        VectorMath.causalSoftmaxRow(row.pointer, last: 10, width: 16, scale: 0.5)
        let visible = (0...10).map { row.pointer[$0] }
        #expect(abs(visible.reduce(0, +) - 1) < 1e-6)
        #expect((11..<16).allSatisfy { row.pointer[$0] == 0 })
        let logits = (0...10).map { 0.5 * Double((Float($0 % 7) - 3)) }
        let total = logits.map { Foundation.exp($0) }.reduce(0, +)
        for j in 0...10 { #expect(abs(Double(row.pointer[j]) - Foundation.exp(logits[j]) / total) < 1e-6) }
    }

    @Test("layer norm: zero mean, unit variance before the affine part")
    func layerNorm() {
        let x = AlignedBuffer((0..<256).map { Float($0 % 13) * 0.7 - 2 })
        let out = AlignedBuffer(count: 256)
        let ones = AlignedBuffer([Float](repeating: 1, count: 128)), zeros = AlignedBuffer(count: 128)
        VectorMath.layerNorm(x.pointer, into: out.pointer, rows: 2, weight: ones.pointer, bias: zeros.pointer, epsilon: 1e-5)
        for r in 0..<2 {
            let v = (0..<128).map { Double(out.pointer[r * 128 + $0]) }
            let mean = v.reduce(0, +) / 128
            let variance = v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 128
            #expect(abs(mean) < 1e-5 && abs(variance - 1) < 1e-3)
        }
    }

    @Test("skipping the last layer's unused rows changes no logit beyond rounding")
    func skipEquivalence() throws {
        let skip = try Fixtures.model(skipUnusedLastLayerRows: true)
        let full = try Fixtures.model(skipUnusedLastLayerRows: false)
        let ids = Vocabulary.encode("ROMEO:\nBut soft, what light through yonder window breaks? It is the east")
        let window = Array(ids.suffix(64))
        let a = skip.lastLogits(window), b = full.lastLogits(window)
        #expect(zip(a, b).map { abs($0 - $1) }.max()! <= 1e-5)
    }

    @Test("attention scale variants")
    func attentionScale() throws {
        #expect(AttentionScale.numpyInference.value == 1 / Float(32).squareRoot())
        #expect(AttentionScale.trainingFaithful.value == 1 / Float(128).squareRoot())
        let numpy = try NanoGPT(weights: try Fixtures.weights.get())
        let training = try NanoGPT(weights: try Fixtures.weights.get(), attentionScale: .trainingFaithful)
        let ids = Vocabulary.encode("\nTo be or not to be")
        #expect(numpy.lastLogits(ids) != training.lastLogits(ids))
    }
}

private extension SIMD8 where Scalar == Float {
    /// The lanes' bits (NaN payloads included), so equal results compare equal even when NaN.
    var bitPatterns: [UInt32] { (0..<8).map { self[$0].bitPattern } }
}
