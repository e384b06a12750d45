import Foundation
import ProseKernelsC
import Testing
@testable import LlamaGGUF
@testable import Prose

/// The SIMD K-quant matvecs (prose_kquant.c) on every kernel path this CPU runs give exactly the
/// Swift oracle's numbers (`Q4_KKernel.dot` etc.), and Q5_0 (packed as x8 Q8_0) its oracle's.
@Suite(.serialized) struct KernelKQuantPathTests {
    static func fastAndOracle(_ type: GGMLType, rows: Int, cols: Int, range: Range<Int>, path: KernelPath,
                              corrupt: ((UnsafeMutableRawPointer) -> Void)? = nil) throws -> ([Float], [Float]) {
        var w = Kernels.randomMatrix(type, rows: rows, cols: cols, seed: 300 + UInt64(rows) + UInt64(type.rawValue))
        // Activations with a spike and both signs, so Q8_K scales and bsums are not trivial.
        let x: [Float] = (0..<cols).map { sinf(Float($0) * 0.07) * 1.7 - 0.2 + ($0 % 131 == 0 ? -6 : 0) }
        var fastY = [Float](repeating: -1, count: rows), oracleY = [Float](repeating: -1, count: rows)
        try KernelPath.use(path)
        defer { try? KernelPath.use(KernelPath.detected) }
        let oracleWeights = w
        w.withUnsafeMutableBytes { wp in corrupt?(wp.baseAddress!) }
        try w.withUnsafeBytes { wp in
            try oracleWeights.withUnsafeBytes { op in
                let info = GGUFTensorInfo(name: "random", dimensions: [cols, rows], rawType: type.rawValue, offset: 0)
                let fastMatrix = WeightMatrix(GGUFTensor(info: info, type: type, data: wp.baseAddress!)).interleaved(releaseSource: false)
                let oracleMatrix = WeightMatrix(GGUFTensor(info: info, type: type, data: op.baseAddress!))
                let fast = ActivationScratch(capacity: cols, useFastKernels: true)
                let slow = ActivationScratch(capacity: cols, useFastKernels: false)
                x.withUnsafeBufferPointer {
                    fast.prepare($0.baseAddress!, count: cols, for: type.activationType)
                    slow.prepare($0.baseAddress!, count: cols, for: type.activationType)
                }
                fastY.withUnsafeMutableBufferPointer { fastMatrix.multiply(rows: range, activations: fast, into: $0.baseAddress!) }
                oracleY.withUnsafeMutableBufferPointer { oracleMatrix.multiply(rows: range, activations: slow, into: $0.baseAddress!) }
                _ = try #require(fastY.count == rows)
            }
        }
        return (fastY, oracleY)
    }

    @Test(arguments: [GGMLType.q4_K, .q5_K, .q6_K])
    func everyPathEqualsTheSwiftOracle(_ type: GGMLType) throws {
        #expect(KernelPath.supported.contains(.avx2) && KernelPath.supported.contains(.avx2_128) && KernelPath.supported.contains(.portable))
        for path in KernelPath.supported {
            for (rows, cols, range) in [(19, 256, 0..<19), (24, 1536, 3..<21), (9, 2048, 0..<9)] {
                let (fast, oracle) = try Self.fastAndOracle(type, rows: rows, cols: cols, range: range, path: path)
                let same = zip(fast[range], oracle[range]).allSatisfy { $0.bitPattern == $1.bitPattern }
                #expect(same, "\(type) \(path) \(rows)×\(cols) rows \(range)")
                #expect(oracle[range].allSatisfy { $0.isFinite && $0 != 0 }, "\(type) oracle values must be finite and non-trivial")
                #expect(fast.indices.filter { !range.contains($0) }.allSatisfy { fast[$0] == -1 }, "\(type) \(path) wrote outside \(range)")
            }
        }
    }

    /// The comparison can fail: flipping one quant bit of row 5 in the fast kernel's copy changes row 5
    /// (and only it) on every path, so the kernels really read the weights they are compared on.
    @Test(arguments: [GGMLType.q4_K, .q5_K, .q6_K, .q5_0])
    func aFlippedQuantBitIsSeen(_ type: GGMLType) throws {
        let rows = 8, cols = 256
        // A byte inside the quants of block 0 of row 5 (Q4_K qs at 16, Q5_K qh at 16, Q6_K ql at 0, Q5_0 qs at 6).
        let inBlock = [GGMLType.q4_K: 40, .q5_K: 20, .q6_K: 10, .q5_0: 9][type]!
        let offset = 5 * type.byteCount(cols) + inBlock
        for path in KernelPath.supported {
            let (fast, oracle) = try Self.fastAndOracle(type, rows: rows, cols: cols, range: 0..<rows, path: path) { p in
                p.storeBytes(of: p.load(fromByteOffset: offset, as: UInt8.self) ^ 0x11, toByteOffset: offset, as: UInt8.self)
            }
            #expect((0..<rows).filter { fast[$0] != oracle[$0] } == [5], "\(type) \(path)")
        }
    }

    /// The batched prompt product `prose_matmul_kquant` (8 tokens per vector on the 256-bit paths) against
    /// the Swift oracle for every token and row, on every path, for token counts around the 8-token groups.
    /// `corruptToken` flips one activation byte of that token after the oracle ran: only its column may move.
    static func batchAndOracle(_ type: GGMLType, tokens: Int, path: KernelPath, corruptToken: Int? = nil) throws -> (batch: [[Float]], oracle: [[Float]]) {
        let rows = 21, cols = 512, range = 2..<19
        let w = Kernels.randomMatrix(type, rows: rows, cols: cols, seed: 900 + UInt64(type.rawValue))
        let scratch = (0..<tokens).map { _ in ActivationScratch(capacity: cols, useFastKernels: true) }
        for (t, s) in scratch.enumerated() {
            let x: [Float] = (0..<cols).map { sinf(Float($0 + 37 * t) * 0.05) * (1.3 + Float(t % 3)) + ($0 % (97 + t) == 0 ? 5 : 0) }
            x.withUnsafeBufferPointer { s.prepare($0.baseAddress!, count: cols, for: .q8_K) }
        }
        try KernelPath.use(path)
        defer { try? KernelPath.use(KernelPath.detected) }
        let rowBytes = type.byteCount(cols)
        var oracle = [[Float]](repeating: [Float](repeating: -1, count: rows), count: tokens)
        w.withUnsafeBytes { wp in
            for t in 0..<tokens {
                for r in range {
                    let row = wp.baseAddress! + r * rowBytes
                    switch type {
                    case .q4_K: oracle[t][r] = Q4_KKernel.dot(cols, row, UnsafeRawPointer(scratch[t].bytes))
                    case .q5_K: oracle[t][r] = Q5_KKernel.dot(cols, row, UnsafeRawPointer(scratch[t].bytes))
                    default: oracle[t][r] = Q6_KKernel.dot(cols, row, UnsafeRawPointer(scratch[t].bytes))
                    }
                }
            }
        }
        if let c = corruptToken { scratch[c].bytes.storeBytes(of: scratch[c].bytes.load(fromByteOffset: 4 + 300 % 256, as: Int8.self) &+ 9, toByteOffset: 4 + 300 % 256, as: Int8.self) }
        var y = [Float](repeating: -1, count: tokens * rows)
        let acts = UnsafeMutablePointer<UnsafeRawPointer?>.allocate(capacity: tokens)
        defer { acts.deallocate() }
        for t in 0..<tokens { acts[t] = UnsafeRawPointer(scratch[t].bytes) }
        // The scratches own the bytes `acts` points at: keep them alive across the C call.
        withExtendedLifetime(scratch) { w.withUnsafeBytes { wp in
            y.withUnsafeMutableBufferPointer {
                prose_matmul_kquant(Int32(type.rawValue), Int32(cols), wp.baseAddress!, rowBytes, Int32(range.lowerBound), Int32(range.upperBound),
                                    Int32(tokens), acts, $0.baseAddress!, rows)
            }
        } }
        return ((0..<tokens).map { Array(y[($0 * rows)..<($0 * rows + rows)]) }, oracle)
    }

    @Test(arguments: [GGMLType.q4_K, .q5_K, .q6_K])
    func batchedProductEqualsTheOracleOnEveryPath(_ type: GGMLType) throws {
        for path in KernelPath.supported {
            for tokens in [1, 7, 8, 13, 64] {
                let (batch, oracle) = try Self.batchAndOracle(type, tokens: tokens, path: path)
                for t in 0..<tokens {
                    #expect(zip(batch[t], oracle[t]).allSatisfy { $0.bitPattern == $1.bitPattern }, "\(type) \(path) \(tokens) tokens, token \(t)")
                }
                #expect(oracle.allSatisfy { $0[2..<19].allSatisfy { $0.isFinite && $0 != 0 } }, "\(type): the oracle values must be non-trivial")
            }
        }
    }

    /// The comparison can fail: one changed activation byte of token 9 (of 13) moves token 9's outputs and no other's.
    @Test(arguments: [GGMLType.q4_K, .q6_K])
    func aChangedTokenIsSeenOnlyInItsColumn(_ type: GGMLType) throws {
        for path in KernelPath.supported {
            let (batch, oracle) = try Self.batchAndOracle(type, tokens: 13, path: path, corruptToken: 9)
            let differing = (0..<13).filter { t in zip(batch[t], oracle[t]).contains { $0.bitPattern != $1.bitPattern } }
            #expect(differing == [9], "\(type) \(path)")
        }
    }

    /// Q5_0 values by hand: d = 0.5, qh with bits 0 and 17 set, qs[0] = 0x3F, qs[1] = 0x21.
    @Test func q5_0ValuesByHand() {
        var block = [UInt8](repeating: 0, count: 22)
        let d = Bytes.half(0.5)
        block[0] = d[0]; block[1] = d[1]
        block[2] = 0x01; block[4] = 0x02                 // bit 0 and bit 17 of qh
        block[6] = 0x3F; block[7] = 0x21
        var out = [Float](repeating: 0, count: 32)
        block.withUnsafeBytes { b in out.withUnsafeMutableBufferPointer { Q5_0Kernel.dequantizeRow(b.baseAddress!, $0.baseAddress!, count: 32) } }
        // j=0: low 0xF | 16 = 31 → 15·0.5; j=1: 1 → −15·0.5; j=2: 0 → −8; j=16: 3 → −6.5; j=17: 2 | 16 = 18 → 1.
        #expect(out[0] == 7.5 && out[1] == -7.5 && out[2] == -8 && out[16] == -6.5 && out[17] == 1)
    }
}
