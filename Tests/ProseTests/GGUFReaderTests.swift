import Foundation
import Testing
@testable import LlamaGGUF
@testable import Prose

/// The GGUF reader end to end on small files written by `GGUFWriter`: every metadata value type,
/// tensor infos, alignment, mapped data, and the named errors of broken files.
@Suite struct GGUFReaderTests {
    /// A file with one key of each of the 13 value types, an array of strings, and four tensors
    /// (F32 2×3, F16 4, Q8_0 one block, Q4_1 one block) at a 64-byte alignment.
    static func tinyFile(version: UInt32 = 3) -> GGUFWriter {
        var w = GGUFWriter(version: version, alignment: 64)
        w.metadata = [
            ("general.alignment", .uint32(64)),
            ("k.u8", .uint8(200)), ("k.i8", .int8(-5)), ("k.u16", .uint16(60000)), ("k.i16", .int16(-30000)),
            ("k.u32", .uint32(4_000_000_000)), ("k.i32", .int32(-2_000_000_000)), ("k.f32", .float32(1.5)),
            ("k.bool", .bool(true)), ("k.str", .string("héllo")), ("k.u64", .uint64(1 << 40)),
            ("k.i64", .int64(-(1 << 40))), ("k.f64", .float64(-0.25)),
            ("k.arr", .array([.string("a"), .string("bc"), .string("")])),
            ("k.arr_i32", .array([.int32(1), .int32(-2), .int32(3)])),
        ]
        let f32: [Float] = [1, -2, 3.5, 0, 0.25, -8]
        // Q8_0 block: d = 0.5, q = 0…31 → values 0, 0.5, …, 15.5
        let q8: [UInt8] = Bytes.half(0.5) + (0..<32).map { UInt8($0) }
        // Q4_1 block: d = 0.25, m = -1, nibbles lo = j % 16, hi = 15 − j % 16
        let q41: [UInt8] = Bytes.half(0.25) + Bytes.half(-1) + (0..<16).map { UInt8($0 | ((15 - $0) << 4)) }
        w.tensors = [
            ("t.f32", [3, 2], 0, f32.flatMap(Bytes.float)),
            ("t.f16", [4], 1, [1, -0.5, 2048, 0.099975586].flatMap(Bytes.half)),
            ("t.q8_0", [32], 8, q8),
            ("t.q4_1", [32], 3, q41),
        ]
        return w
    }

    @Test func readsEveryValueTypeAndTensorInfo() throws {
        let path = Fixtures.temporaryPath("tiny.gguf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.tinyFile().write(to: path)
        let f = try GGUFFile(path: path)
        #expect(f.version == 3)
        #expect(f.alignment == 64)
        #expect(f.dataOffset % 64 == 0)
        #expect(f.metadata["k.u8"] == .uint8(200))
        #expect(f.metadata["k.i8"] == .int8(-5))
        #expect(f.metadata["k.u16"] == .uint16(60000))
        #expect(f.metadata["k.i16"] == .int16(-30000))
        #expect(f.metadata["k.u32"] == .uint32(4_000_000_000))
        #expect(f.metadata["k.i32"] == .int32(-2_000_000_000))
        #expect(f.metadata["k.f32"] == .float32(1.5))
        #expect(f.metadata["k.bool"] == .bool(true))
        #expect(try f.string("k.str") == "héllo")
        #expect(try f.int("k.u64") == 1 << 40)
        #expect(try f.int("k.i64") == -(1 << 40))
        #expect(try f.double("k.f64") == -0.25)
        #expect(try f.stringArray("k.arr") == ["a", "bc", ""])
        #expect(try f.intArray("k.arr_i32") == [1, -2, 3])
        #expect(f.metadataKeys.first == "general.alignment")
        #expect(f.tensors.map(\.name) == ["t.f32", "t.f16", "t.q8_0", "t.q4_1"])
        #expect(f.tensors.map(\.offset) == [0, 64, 128, 192])
        let t = try f.tensor("t.f32")
        #expect(t.rows == 2 && t.cols == 3)
    }

    @Test func dequantisesMappedTensors() throws {
        let path = Fixtures.temporaryPath("tiny.gguf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.tinyFile(version: 2).write(to: path)
        let f = try GGUFFile(path: path)
        #expect(f.version == 2)
        func row(_ name: String, _ r: Int = 0) throws -> [Float] {
            let m = WeightMatrix(try f.tensor(name))
            var out = [Float](repeating: .nan, count: m.cols)
            out.withUnsafeMutableBufferPointer { m.dequantizeRow(r, into: $0.baseAddress!) }
            return out
        }
        #expect(try row("t.f32", 1) == [0, 0.25, -8])
        #expect(try row("t.f16") == [1, -0.5, 2048, Float(Float16(0.099975586))])
        #expect(try row("t.q8_0") == (0..<32).map { Float($0) * 0.5 })
        // Q4_1 value j = (byte[j] & 0xF)·d + m for j < 16, (byte[j−16] >> 4)·d + m for j ≥ 16
        #expect(try row("t.q4_1") == (0..<32).map { j in Float(j < 16 ? j : 15 - (j - 16)) * 0.25 - 1 })
    }

    @Test func truncatedFileNamesTheTensorCutOff() throws {
        let path = Fixtures.temporaryPath("truncated.gguf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let full = Self.tinyFile().bytes()
        // Cut inside the last tensor (t.q4_1, 20 bytes at data offset 192).
        try Data(full.prefix(full.count - 64 + 10)).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try GGUFFile(path: path)
        } throws: { error in
            guard case let GGUFError.truncated(_, what, _, _) = error else { return false }
            return what == "the data of tensor 't.q4_1'" && "\(error)".contains("Truncated GGUF file")
        }
    }

    @Test func truncatedHeaderNamesTheKey() throws {
        let path = Fixtures.temporaryPath("truncated-header.gguf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let full = Self.tinyFile().bytes()
        try Data(full.prefix(73)).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try GGUFFile(path: path)
        } throws: { error in
            guard case let GGUFError.truncated(_, what, _, _) = error else { return false }
            return what == "the value of 'k.u8'"
        }
    }

    @Test func rejectsBadMagicVersionAndUnsupportedType() throws {
        let path = Fixtures.temporaryPath("bad.gguf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var bytes = Self.tinyFile().bytes()
        bytes[0] = UInt8(ascii: "X")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(throws: GGUFError.badMagic(path: path, found: "XGUF")) { _ = try GGUFFile(path: path) }

        try Self.tinyFile(version: 1).write(to: path)
        #expect(throws: GGUFError.unsupportedVersion(path: path, version: 1)) { _ = try GGUFFile(path: path) }

        var w = Self.tinyFile()
        w.tensors.append(("t.q3_k", [256], 11, [UInt8](repeating: 0, count: 110)))
        try w.write(to: path)
        let f = try GGUFFile(path: path)
        #expect(throws: GGUFError.unsupportedTensorType(path: path, name: "t.q3_k", typeName: "Q3_K")) { _ = try f.tensor("t.q3_k") }
        #expect(throws: GGUFError.missingTensor(path: path, name: "nope")) { _ = try f.tensor("nope") }
        #expect(throws: GGUFError.missingKey(path: path, key: "nope")) { _ = try f.int("nope") }
        #expect(throws: GGUFError.wrongKeyType(path: path, key: "k.str", expected: "an integer", found: "string")) { _ = try f.int("k.str") }
    }

    @Test func rejectsInconsistentRowLength() throws {
        let path = Fixtures.temporaryPath("inconsistent.gguf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var w = GGUFWriter()
        w.tensors = [("t.bad", [33], 8, [UInt8](repeating: 0, count: 68))]
        try w.write(to: path)
        #expect {
            _ = try GGUFFile(path: path)
        } throws: { error in
            guard case let GGUFError.inconsistent(_, subject, _) = error else { return false }
            return subject == "tensor 't.bad'"
        }
    }

    @Test func smolLM2HeaderMatchesTheSpec() throws {
        let f = try Fixtures.modelFile()
        #expect(f.version == 3)
        #expect(f.tensors.count == 272)
        #expect(f.metadata.count == 33)
        let c = try LlamaConfig(gguf: f)
        #expect(c.layerCount == 30 && c.dim == 576 && c.ffnDim == 1536)
        #expect(c.headCount == 9 && c.kvHeadCount == 3 && c.headDim == 64)
        #expect(c.ropeBase == 100000 && c.vocabSize == 49152 && c.trainedContext == 8192)
        let counts = Dictionary(grouping: f.tensors, by: { GGMLType.name(ofRawType: $0.rawType) }).mapValues(\.count)
        #expect(counts == ["Q4_1": 210, "Q8_0": 1, "F32": 61])
    }
}
