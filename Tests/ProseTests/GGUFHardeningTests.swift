import Foundation
import Testing
@testable import LlamaGGUF
@testable import Prose

/// Issue 12: every hyperparameter and size a GGUF declares is checked before it is used, and the
/// error names the key or tensor and the expected value. Each case here loaded (or crashed) before.
@Suite(.serialized) struct GGUFHardeningTests {
    /// Writes `writer` and loads it as an engine; returns the error, or nil if it loaded.
    static func loadError(_ writer: GGUFWriter, threads: Int = 1) throws -> Error? {
        let path = Fixtures.temporaryPath("hardening.gguf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try writer.write(to: path)
        do {
            _ = try LlamaEngine(modelPath: path, threads: threads, contextLength: 64, useFastKernels: true)
            return nil
        } catch {
            return error
        }
    }

    /// The tiny test llama with one metadata value replaced (or added).
    static func tiny(_ key: String, _ value: GGUFValue) -> GGUFWriter {
        var w = EngineTinyModelTests.model()
        if let i = w.metadata.firstIndex(where: { $0.0 == key }) { w.metadata[i].1 = value } else { w.metadata.append((key, value)) }
        return w
    }

    static func expectInconsistent(_ error: Error?, subject: String, mentions expected: String,
                                   sourceLocation: SourceLocation = #_sourceLocation) {
        guard case let GGUFError.inconsistent(_, s, detail)? = error as? GGUFError else {
            Issue.record("expected an inconsistent-file error about \(subject), got \(String(describing: error))", sourceLocation: sourceLocation)
            return
        }
        #expect(s == subject, sourceLocation: sourceLocation)
        #expect(detail.contains(expected), "\(detail)", sourceLocation: sourceLocation)
    }

    @Test func theUnchangedTinyModelLoads() throws {
        #expect(try Self.loadError(EngineTinyModelTests.model()) == nil)
    }

    @Test func rmsEpsilonMustBeFiniteAndPositive() throws {
        for bad: Float in [.nan, 0, -1e-5, .infinity] {
            let error = try Self.loadError(Self.tiny("llama.attention.layer_norm_rms_epsilon", .float32(bad)))
            Self.expectInconsistent(error, subject: "key 'llama.attention.layer_norm_rms_epsilon'", mentions: "expected a finite number > 0")
        }
        // A float64 too large for a Float becomes +inf: refused too.
        let error = try Self.loadError(Self.tiny("llama.attention.layer_norm_rms_epsilon", .float64(1e300)))
        Self.expectInconsistent(error, subject: "key 'llama.attention.layer_norm_rms_epsilon'", mentions: "inf")
    }

    @Test func ropeBaseMustBeFiniteAndPositive() throws {
        for bad: Float in [0, -10000, .nan, .infinity] {
            let error = try Self.loadError(Self.tiny("llama.rope.freq_base", .float32(bad)))
            Self.expectInconsistent(error, subject: "key 'llama.rope.freq_base'", mentions: "expected a finite number > 0")
        }
    }

    @Test func ropeDimensionMustEqualTheHeadDimension() throws {
        // dim 256 / 4 heads = 64: 63 gave "is is is …" before.
        for bad: UInt32 in [63, 62, 0, 128] {
            let error = try Self.loadError(Self.tiny("llama.rope.dimension_count", .uint32(bad)))
            Self.expectInconsistent(error, subject: "key 'llama.rope.dimension_count'", mentions: "expected the head dimension 64")
        }
        #expect(try Self.loadError(Self.tiny("llama.rope.dimension_count", .uint32(64))) == nil)
    }

    @Test func headDimensionMustBeEvenAndDivideTheEmbedding() throws {
        // 256 heads of 1: odd.
        var w = Self.tiny("llama.attention.head_count", .uint32(256))
        Self.expectInconsistent(try Self.loadError(w), subject: "key 'llama.attention.head_count'", mentions: "expected an even number")
        w = Self.tiny("llama.attention.head_count", .uint32(3))
        Self.expectInconsistent(try Self.loadError(w), subject: "key 'llama.attention.head_count'", mentions: "do not divide d_model 256")
        w = Self.tiny("llama.attention.head_count_kv", .uint32(3))
        Self.expectInconsistent(try Self.loadError(w), subject: "key 'llama.attention.head_count_kv'", mentions: "expected a divisor of the 4 query heads")
        w = Self.tiny("llama.attention.key_length", .uint32(32))
        Self.expectInconsistent(try Self.loadError(w), subject: "key 'llama.attention.key_length'", mentions: "expected the head dimension 256 / 4 = 64")
        for key in ["llama.attention.head_count", "llama.block_count", "llama.embedding_length", "llama.feed_forward_length"] {
            Self.expectInconsistent(try Self.loadError(Self.tiny(key, .int32(-4))), subject: "key '\(key)'", mentions: "expected 1...2147483647")
        }
    }

    @Test func contextMustBeAtLeastOne() throws {
        for bad: Int32 in [0, -1] {
            Self.expectInconsistent(try Self.loadError(Self.tiny("llama.context_length", .int32(bad))),
                                    subject: "key 'llama.context_length'", mentions: "expected 1...2147483647")
        }
    }

    @Test func vocabularyMustMatchTheTokenEmbedding() throws {
        var w = EngineTinyModelTests.model()
        let i = try #require(w.metadata.firstIndex { $0.0 == "tokenizer.ggml.tokens" })
        guard case var .array(tokens) = w.metadata[i].1 else { Issue.record("no token array"); return }
        // One token more than token_embd has rows: its id would index past the embedding.
        tokens.append(.string("▁extra"))
        w.metadata[i].1 = .array(tokens)
        let error = try Self.loadError(w)
        Self.expectInconsistent(error, subject: "key 'tokenizer.ggml.tokens'", mentions: "301 tokens, expected 300")
        #expect("\(error!)".contains("hardening.gguf"))
        Self.expectInconsistent(try Self.loadError(Self.tiny("llama.vocab_size", .uint32(299))),
                                subject: "key 'llama.vocab_size'", mentions: "expected 300")
    }

    @Test func normVectorsMustHaveTheirShape() throws {
        var w = EngineTinyModelTests.model()
        let i = try #require(w.tensors.firstIndex { $0.name == "output_norm.weight" })
        w.tensors[i].dims = [128, 2]   // 256 values, but a matrix
        Self.expectInconsistent(try Self.loadError(w), subject: "tensor 'output_norm.weight'", mentions: "expected [256]")
    }

    // MARK: - Sizes and counts in the file structure

    static func fileError(_ bytes: [UInt8]) throws -> Error? {
        let path = Fixtures.temporaryPath("structure.gguf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        do {
            _ = try GGUFFile(path: path)
            return nil
        } catch {
            return error
        }
    }

    @Test func tensorDimensionsWhoseProductOverflowsAreRefused() throws {
        // Four dimensions of 2^20: 2^80 values overflowed Int (a trap) in the data-range check.
        var w = GGUFWriter()
        w.tensors = [("t.huge", [1 << 20, 1 << 20, 1 << 20, 1 << 20], 0, [UInt8](repeating: 0, count: 32))]
        let error = try Self.fileError(w.bytes())
        Self.expectInconsistent(error, subject: "tensor 't.huge'", mentions: "more values than a")
    }

    @Test func aTensorOffsetNearIntMaxIsRefused() throws {
        var w = GGUFWriter()
        w.tensors = [("t.a", [8], 0, [UInt8](repeating: 0, count: 32))]
        var bytes = w.bytes()
        // The offset is the tensor table's last u64, just before the 32-byte-aligned data section.
        let headerEnd = 24 + 8 + 3 + 4 + 8 + 4 + 8
        let at = headerEnd - 8
        for k in 0..<8 { bytes[at + k] = UInt8(truncatingIfNeeded: (UInt64(Int.max) - 31) >> (8 * k)) }
        Self.expectInconsistent(try Self.fileError(bytes), subject: "tensor 't.a'", mentions: "within the")
    }

    @Test func aCountLargerThanTheFileIsRefusedAndOneThatFitsEndsInTruncation() throws {
        var w = GGUFWriter()
        w.metadata = [("k", .uint8(1))]
        var bytes = w.bytes()
        bytes.replaceSubrange(16..<24, with: withUnsafeBytes(of: UInt64.max.littleEndian, Array.init))
        Self.expectInconsistent(try Self.fileError(bytes), subject: "the metadata count", mentions: "expected less than the file size")
        // 40 tensors fit the 64-byte file as a number but not as entries: the first bad one is named.
        bytes = w.bytes()
        bytes.replaceSubrange(8..<16, with: withUnsafeBytes(of: UInt64(40).littleEndian, Array.init))
        let error = try #require(try Self.fileError(bytes) as? GGUFError)
        #expect("\(error)".contains("tensor #0") || "\(error)".contains("tensor ''"), "\(error)")
    }

    @Test func deeplyNestedArraysAreRefusedNotRecursedInto() throws {
        // 200,000 arrays each holding one array: the reader recursed once per level and overflowed its stack.
        var bytes: [UInt8] = Array("GGUF".utf8)
        func u32(_ v: UInt32) { bytes += withUnsafeBytes(of: v.littleEndian, Array.init) }
        func u64(_ v: UInt64) { bytes += withUnsafeBytes(of: v.littleEndian, Array.init) }
        u32(3); u64(0); u64(1)
        u64(1); bytes += Array("k".utf8); u32(GGUFValue.Kind.array.rawValue)
        for _ in 0..<200_000 { u32(GGUFValue.Kind.array.rawValue); u64(1) }
        u32(GGUFValue.Kind.uint8.rawValue); u64(1); bytes.append(7)
        Self.expectInconsistent(try Self.fileError(bytes), subject: "key 'k'", mentions: "nested deeper than 2")
    }

    @Test func duplicateKeysAndTensorsAreRefused() throws {
        var w = GGUFWriter()
        w.metadata = [("k", .uint8(1)), ("k", .uint8(2))]
        Self.expectInconsistent(try Self.fileError(w.bytes()), subject: "key 'k'", mentions: "listed twice")
        w.metadata = []
        w.tensors = [("t", [8], 0, [UInt8](repeating: 0, count: 32)), ("t", [8], 0, [UInt8](repeating: 0, count: 32))]
        Self.expectInconsistent(try Self.fileError(w.bytes()), subject: "tensor 't'", mentions: "listed twice")
    }

    @Test func aDirectoryIsNamedNotMapped() throws {
        let dir = Fixtures.temporaryPath("model-dir")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: GGUFError.cannotOpen(path: dir, reason: "it is a directory")) { _ = try GGUFFile(path: dir) }
    }

    @Test func alignmentIsBounded() throws {
        var w = GGUFWriter()
        w.metadata = [("general.alignment", .uint64(1 << 62))]
        Self.expectInconsistent(try Self.fileError(w.bytes()), subject: "key 'general.alignment'", mentions: "expected a power of two")
    }

    // MARK: - Generation options

    @Test func temperatureMustBeFiniteAndNonNegative() throws {
        let path = Fixtures.temporaryPath("tiny-temperature.gguf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try EngineTinyModelTests.writeModel(to: path)
        let engine = try LlamaEngine(modelPath: path, threads: 1)
        for bad: Float in [.nan, .infinity, -.infinity, -0.5] {
            #expect {
                _ = try engine.generate(prompt: "the", maxTokens: 2, temperature: bad, seed: 1)
            } throws: { error in
                guard case let EngineError.badTemperature(t) = error else { return false }
                return (t.isNaN && bad.isNaN) || t == bad
            }
        }
        #expect(throws: (any Error).self) { _ = try engine.generate(prompt: "the", maxTokens: -1, temperature: 0, seed: 1) }
        #expect(try engine.generate(prompt: "the", maxTokens: 2, temperature: 0, seed: 1).tokens.count <= 2)
    }

    @Test func threadCountIsRangeChecked() throws {
        for bad in [0, -3, LlamaEngine.maximumThreads + 1, Int.max] {
            let error = try Self.loadError(EngineTinyModelTests.model(), threads: bad)
            guard case let EngineError.badThreads(n)? = error as? EngineError else {
                Issue.record("threads \(bad): \(String(describing: error))")
                continue
            }
            #expect(n == bad)
            #expect("\(error!)".contains("expected 1...\(LlamaEngine.maximumThreads)"))
        }
    }
}
