import Foundation
import HarmonixCore
import Testing
@testable import LlamaGGUF
@testable import Prose

/// Test helpers over byte arrays.
enum Kernels {
    static func dequantize(_ type: GGMLType, _ bytes: [UInt8], count: Int) -> [Float] {
        var out = [Float](repeating: .nan, count: count)
        bytes.withUnsafeBytes { src in
            out.withUnsafeMutableBufferPointer { dst in
                let d = dst.baseAddress!, s = src.baseAddress!
                switch type {
                case .f32: F32Kernel.dequantizeRow(s, d, count: count)
                case .f16: F16Kernel.dequantizeRow(s, d, count: count)
                case .q8_0: Q8_0Kernel.dequantizeRow(s, d, count: count)
                case .q4_0: Q4_0Kernel.dequantizeRow(s, d, count: count)
                case .q4_1: Q4_1Kernel.dequantizeRow(s, d, count: count)
                case .q5_0: Q5_0Kernel.dequantizeRow(s, d, count: count)
                case .q4_K: Q4_KKernel.dequantizeRow(s, d, count: count)
                case .q5_K: Q5_KKernel.dequantizeRow(s, d, count: count)
                case .q6_K: Q6_KKernel.dequantizeRow(s, d, count: count)
                }
            }
        }
        return out
    }

    /// The Swift (oracle) dot product of one row with prepared activation bytes.
    static func dot(_ type: GGMLType, _ bytes: [UInt8], activations: [UInt8], count n: Int) -> Float {
        bytes.withUnsafeBytes { w in
            activations.withUnsafeBytes { a in
                let wp = w.baseAddress!, ap = a.baseAddress!
                switch type {
                case .q8_0: return Q8_0Kernel.dot(n, wp, ap)
                case .q4_0: return Q4_0Kernel.dot(n, wp, ap)
                case .q4_1: return Q4_1Kernel.dot(n, wp, ap)
                case .q5_0: return Q5_0Kernel.dot(n, wp, ap)
                case .q4_K: return Q4_KKernel.dot(n, wp, ap)
                case .q5_K: return Q5_KKernel.dot(n, wp, ap)
                case .q6_K: return Q6_KKernel.dot(n, wp, ap)
                case .f32, .f16: return .nan
                }
            }
        }
    }

    /// Random bytes of `rows` rows of `type` with sane f16 scales (deterministic).
    static func randomMatrix(_ type: GGMLType, rows: Int, cols: Int, seed: UInt64) -> [UInt8] {
        var rng = SeededGenerator(seed: seed)
        var bytes = (0..<(rows * type.byteCount(cols))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let blocks = rows * cols / type.blockSize
        for b in 0..<blocks {
            let base = b * type.bytesPerBlock
            let d = Bytes.half(Float(rng.nextUnit() * 0.02 + 0.001)), m = Bytes.half(Float(rng.nextUnit() * -0.1))
            switch type {
            case .q8_0, .q4_0, .q5_0: bytes[base] = d[0]; bytes[base + 1] = d[1]
            case .q4_1: bytes[base] = d[0]; bytes[base + 1] = d[1]; bytes[base + 2] = m[0]; bytes[base + 3] = m[1]
            // K-quants: finite super-scales (random bytes could be f16 NaN/inf); dmin positive as ggml writes it.
            case .q4_K, .q5_K:
                let dmin = Bytes.half(Float(rng.nextUnit() * 0.01 + 0.0005))
                bytes[base] = d[0]; bytes[base + 1] = d[1]; bytes[base + 2] = dmin[0]; bytes[base + 3] = dmin[1]
            case .q6_K: bytes[base + 208] = d[0]; bytes[base + 209] = d[1]
            default: break
            }
        }
        return bytes
    }
}

/// Dequantisation checks of `smollm2_golden.json`, block layouts, and the AVX2 C kernels against their
/// Swift oracles (the "kernel sweep" of style.md §4.5 over the types with a fast path).
@Suite struct KernelTests {
    @Test func blockLayoutsHaveGGMLSizes() {
        // ggml-common.h static_asserts: block_q4_0 18, q4_1 20, q5_0 22, q8_0 34, q4_K 144, q5_K 176, q6_K 210; q8_1 36, q8_K 292.
        let sizes = GGMLType.allCases.map { "\($0)=\($0.bytesPerBlock)/\($0.blockSize)" }
        #expect(sizes == ["F32=4/1", "F16=2/1", "Q4_0=18/32", "Q4_1=20/32", "Q5_0=22/32", "Q8_0=34/32", "Q4_K=144/256", "Q5_K=176/256", "Q6_K=210/256"])
        #expect(Q4_1Kernel.activationBlockBytes == 36 && Q8_KKernel.blockBytes == 292)
        #expect(GGMLType.q4_1.activationType == .q8_1 && GGMLType.q8_0.activationType == .q8_0 && GGMLType.q6_K.activationType == .q8_K)
    }

    /// Every entry of `dequant_checks`: shape, first 8 values of row 0 (6 decimals in the file) and Σ|x|.
    @Test func dequantChecksOfTheGoldenFile() throws {
        let golden = try Fixtures.golden()
        let checks = try #require(golden["dequant_checks"] as? [String: [String: Any]])
        #expect(checks.count == 3)
        let file = try Fixtures.modelFile()
        for (name, check) in checks {
            let t = try file.tensor(name)
            let m = WeightMatrix(t)
            let shape = try #require(check["shape_rows_cols"] as? [Int])
            #expect(t.info.dimensions.reversed() == shape, "\(name) shape")
            var row = [Float](repeating: 0, count: m.cols)
            var sumAbs: Double = 0
            for r in 0..<m.rows {
                row.withUnsafeMutableBufferPointer { m.dequantizeRow(r, into: $0.baseAddress!) }
                if r == 0 {
                    let first8 = try #require(check["row0_first8"] as? [Double])
                    for (a, b) in zip(row.prefix(8), first8) { #expect(abs(Double(a) - b) <= 5e-7, "\(name)[\(r)]: \(a) vs \(b)") }
                }
                for v in row { sumAbs += Double(abs(v)) }
            }
            let expected = try #require(check["sum_abs"] as? Double)
            // The file rounds Σ|x| to 5–8 significant digits (15.815, 63395.398, 2802153.5).
            #expect(abs(sumAbs - expected) <= 5e-5 * expected, "\(name): Σ|x| \(sumAbs) vs \(expected)")
        }
    }

    /// Fast (AVX2 C) and oracle (Swift) activation quantisers write identical Q8_0 / Q8_1 bytes.
    @Test func fastQuantisersEqualSwiftOracles() {
        let n = 1536
        let x: [Float] = (0..<n).map { (i: Int) -> Float in
            let spike: Float = i % 97 == 0 ? 7 : 0
            return sinf(Float(i) * 0.013) * Float(1 + i % 5) + spike
        }
        for type in [ActivationType.q8_0, .q8_1] {
            let fast = ActivationScratch(capacity: n, useFastKernels: true)
            let slow = ActivationScratch(capacity: n, useFastKernels: false)
            x.withUnsafeBufferPointer {
                fast.prepare($0.baseAddress!, count: n, for: type)
                slow.prepare($0.baseAddress!, count: n, for: type)
            }
            let bytes = n / 32 * (type == .q8_1 ? 36 : 34)
            let same = memcmp(fast.bytes, slow.bytes, bytes) == 0
            #expect(same, "\(type) activation bytes differ")
        }
    }

    /// Fast and oracle matvecs give bit-identical results (same lane order) for every fast-path type.
    @Test(arguments: [GGMLType.q4_1, .q8_0, .q4_0])
    func fastMatvecEqualsSwiftOracle(_ type: GGMLType) throws {
        #expect(FastKernels.haveAVX2, "the C kernels must be built with AVX2 on this machine")
        let rows = 37, cols = 576
        let w = Kernels.randomMatrix(type, rows: rows, cols: cols, seed: 42 + UInt64(type.rawValue))
        let x: [Float] = (0..<cols).map { cosf(Float($0) * 0.05) * 3 - 0.5 }
        var fastY = [Float](repeating: 0, count: rows), slowY = [Float](repeating: 1, count: rows)
        try w.withUnsafeBytes { wp in
            let info = GGUFTensorInfo(name: "random", dimensions: [cols, rows], rawType: type.rawValue, offset: 0)
            let m = WeightMatrix(GGUFTensor(info: info, type: type, data: wp.baseAddress!))
            for (fast, out) in [(true, 0), (false, 1)] {
                let scratch = ActivationScratch(capacity: cols, useFastKernels: fast)
                x.withUnsafeBufferPointer { scratch.prepare($0.baseAddress!, count: cols, for: type.activationType) }
                if out == 0 {
                    fastY.withUnsafeMutableBufferPointer { m.multiply(rows: 0..<rows, activations: scratch, into: $0.baseAddress!) }
                } else {
                    slowY.withUnsafeMutableBufferPointer { m.multiply(rows: 0..<rows, activations: scratch, into: $0.baseAddress!) }
                }
            }
            _ = try #require(fastY.count == rows)
        }
        #expect(fastY == slowY)
    }

    /// The quantised dot product stays within the 8-bit activation error of the exact float dot product:
    /// |Σ w·(x − xq)| ≤ Σ|w|·d_a/2 per block, checked with a 1.05 margin for f16 scales.
    @Test(arguments: [GGMLType.q4_1, .q8_0, .q4_0])
    func quantisedDotIsCloseToFloatDot(_ type: GGMLType) {
        let cols = 576
        let w = Kernels.randomMatrix(type, rows: 1, cols: cols, seed: 7)
        let wf = Kernels.dequantize(type, w, count: cols)
        let x: [Float] = (0..<cols).map { sinf(Float($0) * 0.21) * 1.7 }
        let scratch = ActivationScratch(capacity: cols, useFastKernels: false)
        x.withUnsafeBufferPointer { scratch.prepare($0.baseAddress!, count: cols, for: type.activationType) }
        let blockBytes = type.activationType == .q8_1 ? 36 : 34
        let act = Array(UnsafeRawBufferPointer(start: scratch.bytes, count: cols / 32 * blockBytes))
        let got = Double(Kernels.dot(type, w, activations: act, count: cols))
        let exact = zip(wf, x).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        var bound = 0.0
        for b in 0..<(cols / 32) {
            let amax = x[(32 * b)..<(32 * b + 32)].map(abs).max()!
            let wsum = wf[(32 * b)..<(32 * b + 32)].reduce(0.0) { $0 + Double(abs($1)) }
            bound += wsum * Double(amax) / 127 / 2
            if type == .q4_1 {
                // m·s_a with s_a stored as f16: relative error ≤ 2^-11 of |Σ qa·d_a| ≤ 32·amax.
                let m = w.withUnsafeBytes { Float(Float16(bitPattern: $0.loadUnaligned(fromByteOffset: b * 20 + 2, as: UInt16.self))) }
                bound += Double(abs(m)) * 32 * Double(amax) / 2048
            }
        }
        #expect(abs(got - exact) <= bound * 1.05 + 1e-3, "\(type): \(got) vs \(exact), bound \(bound)")
    }
}
