import Foundation
import HarmonixCore
import Testing
@testable import LlamaGGUF
@testable import Prose

/// A one-layer llama written by the test as a GGUF file, with the TinyLlama-style parts SmolLM2 does
/// not have: SentencePiece vocabulary with BOS, untied Q6_K output head, K-quant matrices (Q4_K, Q5_K,
/// Q6_K), mixed activation types inside a layer (Q5_K q/k with a Q8_0 v; Q5_K gate with a Q4_1 up),
/// an F16 norm vector.
@Suite(.serialized) struct EngineTinyModelTests {
    static let dim = 256, ffn = 512, vocabSize = 300

    /// Random block bytes with sane f16 scales for any supported type (deterministic).
    static func matrix(_ type: GGMLType, rows: Int, cols: Int, seed: UInt64) -> [UInt8] {
        var rng = SeededGenerator(seed: seed)
        var bytes = (0..<(rows * type.byteCount(cols))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        for b in 0..<(rows * cols / type.blockSize) {
            let base = b * type.bytesPerBlock
            let d = Bytes.half(Float(rng.nextUnit() * 0.004 + 0.001)), m = Bytes.half(Float(rng.nextUnit() * 0.004))
            switch type {
            case .q8_0, .q4_0, .q5_0: bytes.replaceSubrange(base..<(base + 2), with: d)
            case .q4_1: bytes.replaceSubrange(base..<(base + 4), with: d + Bytes.half(-Float(rng.nextUnit() * 0.03)))
            case .q4_K, .q5_K: bytes.replaceSubrange(base..<(base + 4), with: d + m)
            case .q6_K: bytes.replaceSubrange((base + 208)..<(base + 210), with: d)
            case .f32, .f16: break
            }
        }
        return bytes
    }

    static func writeModel(to path: String) throws {
        try model().write(to: path)
    }

    /// The model as a writer, for tests that change a key or a tensor before writing it.
    static func model() -> GGUFWriter {
        var w = GGUFWriter()
        var tokens = ["<unk>", "<s>", "</s>"] + (0..<256).map { String(format: "<0x%02X>", $0) }
        let letters = "abcdefghijklmnopqrstuvwxyz".map { String($0) }
        tokens += ["▁"] + letters + ["▁t", "▁a", "he", "▁the", "in", "er", "an", "on", "▁s", "re", "at", "▁w", "en", "nd"]
        precondition(tokens.count == vocabSize)
        let types: [GGUFValue] = tokens.indices.map { i in .int32(i == 0 ? 2 : (i < 3 ? 3 : (i < 259 ? 6 : 1))) }
        let scores: [GGUFValue] = tokens.indices.map { .float32($0 < 259 ? 0 : -Float($0 - 259)) }
        w.metadata = [
            ("general.architecture", .string("llama")), ("general.name", .string("tiny-test-llama")),
            ("llama.block_count", .uint32(1)), ("llama.embedding_length", .uint32(UInt32(dim))),
            ("llama.feed_forward_length", .uint32(UInt32(ffn))), ("llama.attention.head_count", .uint32(4)),
            ("llama.attention.head_count_kv", .uint32(2)), ("llama.rope.freq_base", .float32(10000)),
            ("llama.attention.layer_norm_rms_epsilon", .float32(1e-5)), ("llama.context_length", .uint32(64)),
            ("tokenizer.ggml.model", .string("llama")), ("tokenizer.ggml.tokens", .array(tokens.map { .string($0) })),
            ("tokenizer.ggml.scores", .array(scores)), ("tokenizer.ggml.token_type", .array(types)),
            ("tokenizer.ggml.bos_token_id", .uint32(1)), ("tokenizer.ggml.eos_token_id", .uint32(2)),
            ("tokenizer.ggml.unknown_token_id", .uint32(0)), ("tokenizer.ggml.add_bos_token", .bool(true)),
        ]
        func norm(_ n: Int, seed: Float) -> [UInt8] { (0..<n).flatMap { Bytes.float(1 + 0.1 * sinf(Float($0) * seed)) } }
        w.tensors = [
            ("token_embd.weight", [dim, vocabSize], GGMLType.q4_K.rawValue, matrix(.q4_K, rows: vocabSize, cols: dim, seed: 1)),
            ("blk.0.attn_norm.weight", [dim], 0, norm(dim, seed: 0.3)),
            ("blk.0.attn_q.weight", [dim, dim], GGMLType.q5_K.rawValue, matrix(.q5_K, rows: dim, cols: dim, seed: 2)),
            ("blk.0.attn_k.weight", [dim, 128], GGMLType.q5_K.rawValue, matrix(.q5_K, rows: 128, cols: dim, seed: 3)),
            ("blk.0.attn_v.weight", [dim, 128], GGMLType.q8_0.rawValue, matrix(.q8_0, rows: 128, cols: dim, seed: 4)),
            ("blk.0.attn_output.weight", [dim, dim], GGMLType.q4_K.rawValue, matrix(.q4_K, rows: dim, cols: dim, seed: 5)),
            ("blk.0.ffn_norm.weight", [dim], 1, (0..<dim).flatMap { Bytes.half(1 - 0.05 * cosf(Float($0))) }),
            ("blk.0.ffn_gate.weight", [dim, ffn], GGMLType.q5_K.rawValue, matrix(.q5_K, rows: ffn, cols: dim, seed: 6)),
            ("blk.0.ffn_up.weight", [dim, ffn], GGMLType.q4_1.rawValue, matrix(.q4_1, rows: ffn, cols: dim, seed: 7)),
            ("blk.0.ffn_down.weight", [ffn, dim], GGMLType.q6_K.rawValue, matrix(.q6_K, rows: dim, cols: ffn, seed: 8)),
            ("output_norm.weight", [dim], 0, norm(dim, seed: 0.7)),
            ("output.weight", [dim, vocabSize], GGMLType.q6_K.rawValue, matrix(.q6_K, rows: vocabSize, cols: dim, seed: 9)),
        ]
        return w
    }

    /// The int8-activation forward pass (K-quant, Q8_0 and Q4_1 dot products) stays within the 8-bit
    /// activation noise of the f32 dequantised forward pass: max |Δlogit| ≤ 5 % of the logit range.
    @Test func quantisedForwardAgreesWithFloatForward() throws {
        let path = Fixtures.temporaryPath("tiny-llama.gguf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.writeModel(to: path)
        let engine = try LlamaEngine(modelPath: path, threads: 2, contextLength: 64, useFastKernels: true)
        #expect(engine.tokenizer is SentencePieceTokenizer)
        #expect(engine.model.weights.tiedOutput == false)
        let prompt = "the winter sand"
        #expect(engine.tokenizer.encode(prompt).first == 1)
        let fast = try engine.firstStepLogits(prompt: prompt)
        engine.model.exactFloat = true
        let exact = try engine.firstStepLogits(prompt: prompt)
        engine.model.exactFloat = false
        let range = exact.max()! - exact.min()!
        let worst = zip(fast, exact).map { abs($0 - $1) }.max()!
        #expect(range > 0.1, "degenerate logits")
        #expect(worst <= 0.05 * range, "max |Δ| \(worst) for a logit range \(range)")
    }

    @Test func completesDeterministically() throws {
        let path = Fixtures.temporaryPath("tiny-llama.gguf")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.writeModel(to: path)
        let engine = try LlamaEngine(modelPath: path, threads: 1)
        let a = try engine.generate(prompt: "the sand", maxTokens: 12, temperature: 0.9, seed: 5)
        let b = try engine.generate(prompt: "the sand", maxTokens: 12, temperature: 0.9, seed: 5)
        #expect(a.tokens == b.tokens && a.text == b.text)
        #expect(a.promptTokens.first == 1 && a.tokens.count <= 12)
        #expect(engine.modelDescription.contains("tiny-test-llama"))
    }
}
