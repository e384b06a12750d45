import Foundation
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
        let message = KernelPathError.unknown(name: "avx3", known: ["avx2"]).description
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
