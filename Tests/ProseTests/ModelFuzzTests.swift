import Foundation
import HarmonixCore
import Testing
@testable import LlamaGGUF
@testable import Prose

/// Issue 12: seeded mutants of model files, each loaded in a `ModelProbe` child under
/// `setrlimit(RLIMIT_AS)`. Every mutant must end in a named error (exit 1, one line) or a load; a
/// load is checked against the original's result wherever the mutation cannot change the model.
@Suite(.serialized) struct ModelFuzzTests {
    /// Address-space limit of each child: the real models need far less (SmolLM2 maps 94 MiB).
    static let addressSpaceMiB = 1024

    /// No mutant may end in a defect; a truncation shorter than `needed` bytes (where the model's last
    /// byte lies) must not load.
    static func expectNoDefect(_ mutants: [ModelFuzz.Mutant], _ outcomes: [ModelFuzz.Outcome], format: String, needed: Int) {
        for (m, o) in zip(mutants, outcomes) {
            if case let .defect(detail) = o { Issue.record("\(format) mutant '\(m.name)' (\(m.kind.rawValue)): \(detail)") }
            if m.kind == .truncation, m.bytes.count < needed, case let .loaded(line) = o {
                Issue.record("\(format) mutant '\(m.name)' loaded although truncated: \(line)")
            }
        }
    }

    // MARK: - GGUF

    /// Offsets of every count, length, type, dimension, offset and numeric value field of a GGUF
    /// (a walk independent of the reader under test; strings inside arrays are sampled, not all listed).
    static func ggufFields(_ b: [UInt8]) -> (fields: [ModelFuzz.Field], headerEnd: Int) {
        var fields: [ModelFuzz.Field] = [.init(offset: 8, width: 8), .init(offset: 16, width: 8), .init(offset: 4, width: 4)]
        func u32(_ p: Int) -> Int { (0..<4).reduce(0) { $0 | Int(b[p + $1]) << (8 * $1) } }
        func u64(_ p: Int) -> Int { (0..<8).reduce(0) { $0 | Int(b[p + $1]) << (8 * $1) } }
        let widths = [0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8]
        var p = 24
        var listed = 0
        func string(list: Bool) {
            if list { fields.append(.init(offset: p, width: 8)) }
            p += 8 + u64(p)
        }
        func value(_ type: Int, top: Bool) {
            if let w = widths[type] {
                if top && w >= 2 { fields.append(.init(offset: p, width: w)) }
                p += w
            } else if type == 8 {
                listed += 1
                string(list: top || listed % 997 == 0)
            } else {
                fields.append(.init(offset: p, width: 4))
                fields.append(.init(offset: p + 4, width: 8))
                let element = u32(p), n = u64(p + 4)
                p += 12
                for _ in 0..<n { value(element, top: false) }
            }
        }
        let tensorCount = u64(8), kvCount = u64(16)
        for _ in 0..<kvCount {
            string(list: true)
            fields.append(.init(offset: p, width: 4))
            let type = u32(p)
            p += 4
            value(type, top: true)
        }
        for _ in 0..<tensorCount {
            string(list: true)
            fields.append(.init(offset: p, width: 4))
            let rank = u32(p)
            p += 4
            for _ in 0..<rank {
                fields.append(.init(offset: p, width: 8))
                p += 8
            }
            fields.append(.init(offset: p, width: 4))
            fields.append(.init(offset: p + 4, width: 8))
            p += 12
        }
        return (fields, p)
    }

    @Test func ggufMutantsEndInANamedErrorOrALoad() throws {
        let path = Fixtures.temporaryPath("tiny-fuzz.gguf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try EngineTinyModelTests.writeModel(to: path)
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let (fields, headerEnd) = Self.ggufFields(original)
        var mutants = ModelFuzz.mutants(of: original, fields: fields, focus: 0..<headerEnd, count: 100, seed: 12)
        // Content-preserving: flips in the zero padding between the tensor table and the data section.
        let dataStart = (headerEnd + 31) / 32 * 32
        if dataStart > headerEnd {
            for at in headerEnd..<dataStart {
                var b = original
                b[at] ^= 0x5A
                mutants.append(.init(name: "padding byte \(at) changed", bytes: b, kind: .preserving))
            }
        }
        let reference = ModelFuzz.probe(try ModelFuzz.probeBinary(), format: "gguf", path: path, addressSpaceMiB: Self.addressSpaceMiB)
        guard case let .loaded(expected) = reference else {
            Issue.record("the unmutated tiny model does not load: \(reference)")
            return
        }
        let outcomes = try ModelFuzz.probeAll(mutants, format: "gguf", addressSpaceMiB: Self.addressSpaceMiB)
        print("GGUF fuzz (tiny test model, \(original.count) bytes): " + ModelFuzz.summary(mutants, outcomes))
        // The writer pads the last tensor to the alignment: a cut inside that padding still holds the model.
        let needed = original.count - original.reversed().prefix { $0 == 0 }.count
        Self.expectNoDefect(mutants, outcomes, format: "gguf", needed: needed)
        for (m, o) in zip(mutants, outcomes) where m.kind == .preserving {
            #expect(o == .loaded(expected), "\(m.name): \(o)")
        }
        #expect(mutants.count >= 300)
    }

    /// The real SmolLM2 header (tokenizer metadata, 272 tensor infos), cut after 4 MiB (enough for
    /// every tensor info to pass the size bound, 8 values per byte), mutated: every mutant must be
    /// refused by name (its tensors lie beyond the cut), none may crash or run away.
    @Test func smolLM2HeaderMutantsAreRefusedByName() throws {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: try Fixtures.modelPath()))
        defer { try? handle.close() }
        let original = [UInt8](try handle.read(upToCount: 4 << 20) ?? Data())
        let (fields, headerEnd) = Self.ggufFields(original)
        #expect(headerEnd > 1_000_000 && headerEnd < original.count)
        let mutants = ModelFuzz.mutants(of: original, fields: fields, focus: 0..<headerEnd, count: 50, seed: 135)
        let outcomes = try ModelFuzz.probeAll(mutants, format: "gguf", addressSpaceMiB: Self.addressSpaceMiB)
        print("GGUF fuzz (SmolLM2 header, first 4 MiB): " + ModelFuzz.summary(mutants, outcomes))
        Self.expectNoDefect(mutants, outcomes, format: "gguf", needed: original.count)
        for (m, o) in zip(mutants, outcomes) {
            if case let .loaded(line) = o { Issue.record("SmolLM2 mutant '\(m.name)' loaded from 4 MiB: \(line)") }
        }
    }

    /// A tensor count that fits a large file as a number but not as entries: the reader reserved the
    /// whole count up front (134 M × 40 bytes from a 128 MiB file, an abort under the 1 GiB limit);
    /// now it reserves what the bytes left can hold and names the first entry that is not there.
    @Test func aHugeTensorCountStaysWithinTheMemoryBound() throws {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: try Fixtures.modelPath()))
        let prefix = [UInt8](try handle.read(upToCount: 4 << 20) ?? Data())
        try handle.close()
        // The real header only; zeros follow, so the first invented tensor info is an empty one.
        var bytes = Array(prefix.prefix(Self.ggufFields(prefix).headerEnd))
        let size = 128 << 20
        bytes.replaceSubrange(8..<16, with: withUnsafeBytes(of: UInt64(size - 64).littleEndian, Array.init))
        let path = Fixtures.temporaryPath("sparse-count.gguf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try out.truncate(atOffset: UInt64(size))   // zeros after the real header (sparse)
        try out.close()
        let outcome = ModelFuzz.probe(try ModelFuzz.probeBinary(), format: "gguf", path: path, addressSpaceMiB: Self.addressSpaceMiB)
        guard case let .refused(message) = outcome else {
            Issue.record("expected a named error, got \(outcome)")
            return
        }
        #expect(message.contains("tensor '"), "\(message)")
    }

    // MARK: - npz

    static func npzPath() throws -> String {
        let path = Fixtures.sharedData.appendingPathComponent("sonnet/shakespeare_gpt.npz").path
        guard FileManager.default.fileExists(atPath: path) else {
            Issue.record("Missing shared data file \(path): set HARMONIX_SHARED_DATA.")
            throw Fixtures.FixtureError.missing(path)
        }
        return path
    }

    /// Every size, count, offset, method and length field of the ZIP's end record, central directory
    /// entries and local headers; and the fields nothing reads (version made by, timestamps).
    static func zipFields(_ b: [UInt8]) -> (fields: [ModelFuzz.Field], unread: [ModelFuzz.Field], directory: Range<Int>) {
        func u16(_ p: Int) -> Int { Int(b[p]) | Int(b[p + 1]) << 8 }
        func u32(_ p: Int) -> Int { u16(p) | u16(p + 2) << 16 }
        var e = b.count - 22
        while e > 0 && u32(e) != 0x0605_4b50 { e -= 1 }
        var fields: [ModelFuzz.Field] = [8, 10, 12, 16, 20].map { .init(offset: e + $0, width: $0 == 12 || $0 == 16 ? 4 : 2) }
        var unread: [ModelFuzz.Field] = []
        let count = u16(e + 10), start = u32(e + 16)
        var p = start
        for _ in 0..<count {
            fields += [(8, 2), (10, 2), (16, 4), (20, 4), (24, 4), (28, 2), (30, 2), (32, 2), (42, 4)].map { .init(offset: p + $0.0, width: $0.1) }
            unread += [(4, 2), (12, 2), (14, 2)].map { .init(offset: p + $0.0, width: $0.1) }
            let local = u32(p + 42)
            fields += [(6, 2), (8, 2), (14, 4), (18, 4), (22, 4), (26, 2), (28, 2)].map { .init(offset: local + $0.0, width: $0.1) }
            unread += [(10, 2), (12, 2)].map { .init(offset: local + $0.0, width: $0.1) }
            p += 46 + u16(p + 28) + u16(p + 30) + u16(p + 32)
        }
        return (fields, unread, start..<b.count)
    }

    @Test func npzMutantsEndInANamedErrorOrTheOriginalWeights() throws {
        let path = try Self.npzPath()
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let (fields, unread, directory) = Self.zipFields(original)
        #expect(fields.count == 5 + 110 * 16)
        var mutants = ModelFuzz.mutants(of: original, fields: fields, focus: directory, count: 130, seed: 3)
        // Bit flips inside member data (compressed bytes): the CRC-32 or inflate must catch each one.
        var rng = SeededGenerator(seed: 4)
        for _ in 0..<40 {
            var b = original
            let at = 100 + rng.nextInt(below: directory.lowerBound - 200), bit = rng.nextInt(below: 8)
            b[at] ^= UInt8(1 << bit)
            mutants.append(.init(name: "data bit \(at).\(bit) flipped", bytes: b, kind: .bitFlip))
        }
        // Content-preserving: timestamps and "version made by" are not part of the model.
        for i in 0..<30 {
            var b = original
            let f = unread[rng.nextInt(below: unread.count)]
            b[f.offset] ^= UInt8(1 + i % 255)
            mutants.append(.init(name: "unread field at \(f.offset) changed", bytes: b, kind: .preserving))
        }
        let reference = ModelFuzz.probe(try ModelFuzz.probeBinary(), format: "npz", path: path, addressSpaceMiB: Self.addressSpaceMiB)
        guard case let .loaded(expected) = reference else {
            Issue.record("the original npz does not load: \(reference)")
            return
        }
        let outcomes = try ModelFuzz.probeAll(mutants, format: "npz", addressSpaceMiB: Self.addressSpaceMiB)
        print("npz fuzz (shakespeare_gpt.npz): " + ModelFuzz.summary(mutants, outcomes))
        Self.expectNoDefect(mutants, outcomes, format: "npz", needed: original.count)
        // Every member is CRC-checked, so any load must be the original model, bit for bit.
        for (m, o) in zip(mutants, outcomes) {
            if case let .loaded(line) = o, line != expected { Issue.record("npz mutant '\(m.name)' loaded other weights: \(line)") }
            if m.kind == .preserving { #expect(o == .loaded(expected), "\(m.name): \(o)") }
        }
        #expect(mutants.count >= 400)
    }
}
