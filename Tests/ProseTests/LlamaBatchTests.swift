import Foundation
import Testing
@testable import LlamaGGUF
@testable import Prose

/// The batched prompt path (`LlamaModel.evaluatePrompt`) against the prompt fed token by token, on the
/// real SmolLM2: the same logits bit for bit, the same KV cache, the same greedy continuation, on
/// every kernel path this CPU runs and with 1 and 2 threads.
@Suite(.serialized) struct LlamaBatchTests {
    /// Short, medium, one crossing the 64-token batch boundary, one ending exactly on it.
    static let prompts: [String] = [
        "The field resonates.",
        "<|im_start|>user\nWhat does the sonnet remember of the haiku?<|im_end|>\n<|im_start|>assistant\n",
        String(repeating: "Resonance folds the field into words, and words unfold the field again. ", count: 6),
        String(repeating: "a b ", count: 31),   // 63 tokens of text + BOS handling: checked below to be ≥ 60
    ]

    static func ids(_ engine: LlamaEngine, _ prompt: String) -> [Int] {
        engine.tokenizer.encode(prompt, addSpecial: true, parseSpecial: true)
    }

    /// Logits of the last prompt token and the whole KV cache (f16 bits) after the prompt.
    static func run(_ engine: LlamaEngine, _ ids: [Int], batched: Bool) -> (logits: [Float], keys: [UInt16], values: [UInt16]) {
        let m = engine.model
        m.batchedPrompt = batched
        defer { m.batchedPrompt = true }
        let logits = Array(UnsafeBufferPointer(start: m.evaluatePrompt(ids)!, count: m.config.vocabSize))
        let cacheCount = m.config.layerCount * m.state.cacheStride * m.config.kvDim
        // Only the written positions: position p of layer l (keys row-major, values in 64-chunks).
        var keys: [UInt16] = [], values: [UInt16] = []
        for l in 0..<m.config.layerCount {
            let base = l * m.state.cacheStride * m.config.kvDim
            keys += UnsafeBufferPointer(start: m.state.keyCache + base, count: ids.count * m.config.kvDim)
            let chunks = (ids.count + 63) / 64 * 64
            for c in stride(from: 0, to: chunks, by: 64) {
                for i in 0..<m.config.kvDim {
                    for t in c..<min(c + 64, ids.count) {
                        values.append(m.state.valueCache[base + c * m.config.kvDim + i * 64 + t % 64])
                    }
                }
            }
        }
        precondition(keys.count <= cacheCount)
        return (logits, keys, values)
    }

    @Test func batchedPromptIsBitIdenticalOnEveryPathAndThreadCount() throws {
        let path = try Fixtures.modelPath()
        defer { try? KernelPath.use(KernelPath.detected) }
        for threads in [1, 2] {
            let engine = try LlamaEngine(modelPath: path, threads: threads)
            let lengths = Self.prompts.map { Self.ids(engine, $0).count }
            #expect(lengths.contains { $0 > 64 } && lengths.contains { $0 >= 60 && $0 <= 64 }, "prompt lengths \(lengths)")
            for kernelPath in KernelPath.supported {
                try KernelPath.use(kernelPath)
                // The portable path is a slow oracle: its check uses the two shorter prompts.
                for prompt in kernelPath == .portable ? Array(Self.prompts.prefix(2)) : Self.prompts {
                    let ids = Self.ids(engine, prompt)
                    let one = Self.run(engine, ids, batched: false)
                    let batch = Self.run(engine, ids, batched: true)
                    let same = zip(one.logits, batch.logits).allSatisfy { $0.bitPattern == $1.bitPattern }
                    #expect(same, "logits differ: \(kernelPath) threads \(threads) prompt of \(ids.count) tokens")
                    #expect(one.keys == batch.keys && one.values == batch.values, "KV cache differs: \(kernelPath) threads \(threads) \(ids.count) tokens")
                }
            }
        }
    }

    /// Greedy continuations (which decode on top of the prompt's KV cache) are the same tokens.
    @Test func greedyContinuationsAreTheSameTokens() throws {
        let engine = try LlamaEngine(modelPath: try Fixtures.modelPath(), threads: 2)
        for prompt in Self.prompts {
            engine.model.batchedPrompt = false
            let one = try engine.generate(prompt: prompt, maxTokens: 24, temperature: 0, seed: 0, stopAtEndOfGeneration: false)
            engine.model.batchedPrompt = true
            let batch = try engine.generate(prompt: prompt, maxTokens: 24, temperature: 0, seed: 0, stopAtEndOfGeneration: false)
            #expect(one.tokens == batch.tokens && one.tokens.count == 24, "prompt \(prompt.prefix(30).debugDescription)")
            // Sampled (temperature 0.8): the same draws from the same logits.
            engine.model.batchedPrompt = false
            let s1 = try engine.generate(prompt: prompt, maxTokens: 16, temperature: 0.8, seed: 11)
            engine.model.batchedPrompt = true
            let s2 = try engine.generate(prompt: prompt, maxTokens: 16, temperature: 0.8, seed: 11)
            #expect(s1.tokens == s2.tokens)
        }
    }

    /// The comparison above can fail: one changed prompt token (the second to last) changes the cache
    /// and the logits the batched path returns, so equality is not reached by comparing constant buffers.
    @Test func theComparisonSeesAOneTokenChange() throws {
        let engine = try LlamaEngine(modelPath: try Fixtures.modelPath(), threads: 1)
        var ids = Self.ids(engine, Self.prompts[2])
        let reference = Self.run(engine, ids, batched: true)
        ids[ids.count - 2] = (ids[ids.count - 2] + 1) % engine.model.config.vocabSize
        let changed = Self.run(engine, ids, batched: true)
        #expect(reference.logits != changed.logits)
        #expect(reference.keys != changed.keys)
        #expect(reference.keys.prefix((ids.count - 2) * engine.model.config.kvDim) == changed.keys.prefix((ids.count - 2) * engine.model.config.kvDim))
    }
}
