import Foundation
import HarmonixBase
import ProseKernelsC
import Testing
@testable import LlamaGGUF
@testable import Prose

/// The x8 interleaved matvecs on every kernel path this CPU runs (on a Zen 4 all four; on Zen 1 all but
/// avx512vnni) give exactly the Swift oracle's numbers, for row counts that are not a multiple of 8 and
/// for row ranges that start and end inside a group.
@Suite(.serialized) struct KernelPathTests {
    static func oracleAndX8(_ type: GGMLType, rows: Int, cols: Int, range: Range<Int>, path: KernelPath) throws -> ([Float], [Float]) {
        let w = Kernels.randomMatrix(type, rows: rows, cols: cols, seed: 900 + UInt64(rows))
        let x: [Float] = (0..<cols).map { sinf(Float($0) * 0.11) * 2.5 + ($0 % 53 == 0 ? 9 : 0) }
        var x8Y = [Float](repeating: -1, count: rows), oracleY = [Float](repeating: -1, count: rows)
        try KernelPath.use(path)
        defer { try? KernelPath.use(KernelPath.detected) }
        w.withUnsafeBytes { wp in
            let info = GGUFTensorInfo(name: "random", dimensions: [cols, rows], rawType: type.rawValue, offset: 0)
            let plain = WeightMatrix(GGUFTensor(info: info, type: type, data: wp.baseAddress!))
            let packed = plain.interleaved(releaseSource: false)
            let fast = ActivationScratch(capacity: cols, useFastKernels: true)
            let slow = ActivationScratch(capacity: cols, useFastKernels: false)
            x.withUnsafeBufferPointer {
                fast.prepare($0.baseAddress!, count: cols, for: type.activationType)
                slow.prepare($0.baseAddress!, count: cols, for: type.activationType)
            }
            x8Y.withUnsafeMutableBufferPointer { packed.multiply(rows: range, activations: fast, into: $0.baseAddress!) }
            oracleY.withUnsafeMutableBufferPointer { plain.multiply(rows: range, activations: slow, into: $0.baseAddress!) }
        }
        return (x8Y, oracleY)
    }

    @Test(arguments: [GGMLType.q4_1, .q8_0, .q5_0])
    func everyPathEqualsTheSwiftOracle(_ type: GGMLType) throws {
        #expect(KernelPath.supported.contains(.avx2) && KernelPath.supported.contains(.avx2_128) && KernelPath.supported.contains(.portable))
        for path in KernelPath.supported {
            for (rows, cols, range) in [(37, 576, 0..<37), (64, 1536, 0..<64), (45, 192, 5..<43)] {
                let (x8, oracle) = try Self.oracleAndX8(type, rows: rows, cols: cols, range: range, path: path)
                #expect(Array(x8[range]) == Array(oracle[range]), "\(type) \(path) \(rows)×\(cols) rows \(range)")
                // Rows outside the range are not written.
                #expect(x8.indices.filter { !range.contains($0) }.allSatisfy { x8[$0] == -1 }, "\(type) \(path) wrote outside \(range)")
            }
        }
    }

    /// The batched prompt product `prose_matmul_x8` (on VNNI: two tokens per pass for Q8_0) against the
    /// Swift oracle, token by token, on every path, for odd and even token counts and a row range that
    /// starts and ends inside a group. `corruptToken` changes one activation byte of that token after the
    /// oracle ran, so the comparison is seen to fail for that token alone.
    static func batchAndOracle(_ type: GGMLType, tokens: Int, path: KernelPath, corruptToken: Int? = nil) throws -> (batch: [[Float]], oracle: [[Float]]) {
        let rows = 45, cols = 576, range = 5..<43
        let w = Kernels.randomMatrix(type, rows: rows, cols: cols, seed: 1300 + UInt64(type.rawValue))
        try KernelPath.use(path)
        defer { try? KernelPath.use(KernelPath.detected) }
        var oracle = [[Float]](repeating: [Float](repeating: -1, count: rows), count: tokens)
        var y = [Float](repeating: -1, count: tokens * rows)
        let fast = (0..<tokens).map { _ in ActivationScratch(capacity: cols, useFastKernels: true) }
        let acts = UnsafeMutablePointer<UnsafeRawPointer?>.allocate(capacity: tokens)
        defer { acts.deallocate() }
        try w.withUnsafeBytes { wp in
            let info = GGUFTensorInfo(name: "random", dimensions: [cols, rows], rawType: type.rawValue, offset: 0)
            let plain = WeightMatrix(GGUFTensor(info: info, type: type, data: wp.baseAddress!))
            let x8 = try #require(plain.interleaved(releaseSource: false).interleavedRows)
            let slow = ActivationScratch(capacity: cols, useFastKernels: false)
            for t in 0..<tokens {
                let x: [Float] = (0..<cols).map { sinf(Float($0 + 29 * t) * 0.09) * (2 + Float(t % 4)) + ($0 % (41 + t) == 0 ? 7 : 0) }
                x.withUnsafeBufferPointer {
                    fast[t].prepare($0.baseAddress!, count: cols, for: type.activationType)
                    slow.prepare($0.baseAddress!, count: cols, for: type.activationType)
                }
                oracle[t].withUnsafeMutableBufferPointer { plain.multiply(rows: range, activations: slow, into: $0.baseAddress!) }
                acts[t] = UnsafeRawPointer(fast[t].expanded)
            }
            if let c = corruptToken {
                // A lane byte of block 3 in the expanded copy (all 8 repeats of it, as expansion writes them).
                // Layout (prose_expand_activations): f32 d[nb], f32 s[nb], padded to 64 bytes, then 256 bytes a block.
                let lane = fast[c].expanded + (8 * (cols / 32) + 63) / 64 * 64 + 256 * 3
                for rep in 0..<8 { lane.storeBytes(of: lane.load(fromByteOffset: 4 * rep + 1, as: Int8.self) &+ 5, toByteOffset: 4 * rep + 1, as: Int8.self) }
            }
            // The scratches own the expanded bytes `acts` points at: keep them alive across the C call.
            withExtendedLifetime(fast) {
                y.withUnsafeMutableBufferPointer {
                    prose_matmul_x8(x8.kind, Int32(cols), x8.bytes, Int32(rows), Int32(range.lowerBound), Int32(range.upperBound),
                                    Int32(tokens), acts, $0.baseAddress!, rows)
                }
            }
        }
        return ((0..<tokens).map { Array(y[($0 * rows)..<($0 * rows + rows)]) }, oracle)
    }

    @Test(arguments: [GGMLType.q4_1, .q8_0, .q5_0])
    func batchedProductEqualsTheOracleOnEveryPath(_ type: GGMLType) throws {
        for path in KernelPath.supported {
            for tokens in [1, 2, 7, 12] {
                let (batch, oracle) = try Self.batchAndOracle(type, tokens: tokens, path: path)
                for t in 0..<tokens {
                    #expect(zip(batch[t], oracle[t]).allSatisfy { $0.bitPattern == $1.bitPattern }, "\(type) \(path) \(tokens) tokens, token \(t)")
                }
                #expect(oracle.allSatisfy { $0[5..<43].allSatisfy { $0.isFinite && $0 != 0 } }, "\(type): the oracle values must be non-trivial")
            }
        }
    }

    @Test(arguments: [GGMLType.q4_1, .q8_0])
    func aChangedTokenIsSeenOnlyInItsColumn(_ type: GGMLType) throws {
        for path in KernelPath.supported {
            let (batch, oracle) = try Self.batchAndOracle(type, tokens: 7, path: path, corruptToken: 4)
            let differing = (0..<7).filter { t in zip(batch[t], oracle[t]).contains { $0.bitPattern != $1.bitPattern } }
            #expect(differing == [4], "\(type) \(path)")
        }
    }

    /// The interleaved layout is what the kernels read: corrupting one byte of the copy changes the row
    /// it belongs to (and only that row), so the test above cannot pass by reading the row-major data.
    @Test func kernelsReadTheInterleavedCopy() throws {
        let rows = 16, cols = 64
        let w = Kernels.randomMatrix(.q8_0, rows: rows, cols: cols, seed: 5)
        let x: [Float] = (0..<cols).map { Float($0 % 7) - 3 }
        w.withUnsafeBytes { wp in
            let info = GGUFTensorInfo(name: "random", dimensions: [cols, rows], rawType: GGMLType.q8_0.rawValue, offset: 0)
            let packed = WeightMatrix(GGUFTensor(info: info, type: .q8_0, data: wp.baseAddress!)).interleaved(releaseSource: false)
            let acts = ActivationScratch(capacity: cols)
            x.withUnsafeBufferPointer { acts.prepare($0.baseAddress!, count: cols, for: .q8_0) }
            var before = [Float](repeating: 0, count: rows), after = before
            before.withUnsafeMutableBufferPointer { packed.multiply(rows: 0..<rows, activations: acts, into: $0.baseAddress!) }
            // Group 1 (rows 8–15), block 0, lane 0, row 3 of the group → row 11.
            let x8 = try! #require(packed.interleavedRows)
            let offset = prose_x8_group_bytes(Int32(PROSE_X8_Q8_0), Int32(cols)) + 16 + 4 * 3
            x8.bytes.storeBytes(of: x8.bytes.load(fromByteOffset: offset, as: UInt8.self) ^ 0x40, toByteOffset: offset, as: UInt8.self)
            after.withUnsafeMutableBufferPointer { packed.multiply(rows: 0..<rows, activations: acts, into: $0.baseAddress!) }
            #expect((0..<rows).filter { before[$0] != after[$0] } == [11])
        }
    }

    @Test func unsupportedOrUnknownPathsAreClearErrors() throws {
        #expect(KernelPath(rawValue: "avx2-128") == .avx2_128 && prose_kernel_path_from_name("nope") == -1)
        for path in KernelPath.allCases where !KernelPath.supported.contains(path) {
            #expect(throws: KernelPathError.self) { try KernelPath.use(path) }
        }
        let message = KernelPath.unknownPathError("avx3").description
        #expect(message.contains("'avx3'") && message.contains("HARMONIX_KERNEL_PATH"))
    }

    /// cpuid decoding: Zen 1 (family 17h, model < 30h) is the only kind that gets avx2-128 by default;
    /// this machine's answer must agree with /proc/cpuinfo.
    @Test func splitUnitDetectionAgreesWithCPUInfo() throws {
        let info = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        func field(_ key: String) -> String? {
            info.split(separator: "\n").first { $0.hasPrefix(key) }.flatMap { $0.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) }
        }
        let amd = field("vendor_id") == "AuthenticAMD"
        let family = Int(field("cpu family") ?? "") ?? -1, model = Int(field("model\t") ?? field("model") ?? "") ?? -1
        let zen1 = amd && family == 23 && model < 0x30
        #expect((prose_cpu_splits_256() != 0) == zen1, "family \(family) model \(model)")
        if KernelPath.supported.contains(.avx512vnni) { #expect(KernelPath.detected == .avx512vnni) }
        else { #expect(KernelPath.detected == (zen1 ? .avx2_128 : .avx2)) }
    }
}
