import Foundation
import HarmonixBase

/// The Prose inference engine: a GGUF llama model, its tokenizer and llama.cpp's default sampler,
/// continuing raw text (no chat template, no field) — what `harmonix generate` and the Prose organism
/// call.
///
/// ```swift
/// let engine = try LlamaEngine(modelPath: "Models/SmolLM2-135M-Instruct.Q4_1.gguf", threads: 2)
/// let text = try engine.complete(prompt: "The field resonates.", maxTokens: 30, temperature: 0, seed: 1)
/// ```
/// Calls are serialised by an internal lock (one KV cache); CPU-heavy, so call it off any actor.
public final class LlamaEngine: @unchecked Sendable {
    public let model: LlamaModel
    public let tokenizer: any Tokenizer
    public let modelPath: String
    let lock = NSLock()

    /// The most matvec threads an engine starts (each is a real thread with its own stack).
    public static let maximumThreads = 256

    /// Maps the model file and prepares buffers for a context of min(trained, 2048) positions.
    /// - parameter threads: matvec worker threads (the caller counts as one).
    /// - throws: `GGUFError` / `TokenizerError` naming the failing key or tensor; `CPUFeatures.Missing`.
    public convenience init(modelPath: String, threads: Int = 1) throws {
        try self.init(modelPath: modelPath, threads: threads, contextLength: nil, useFastKernels: true)
    }

    /// - parameter contextLength: KV-cache positions (default min(trained, 2048), the original's n_ctx).
    /// - parameter useFastKernels: false = the Swift oracle kernels only (benchmark comparison, tests).
    public init(modelPath: String, threads: Int, contextLength: Int?, useFastKernels: Bool) throws {
        guard (1...Self.maximumThreads).contains(threads) else { throw EngineError.badThreads(threads) }
        try CPUFeatures.requireKernelSupport()
        self.modelPath = modelPath
        let file = try GGUFFile(path: modelPath)
        model = try LlamaModel(file: file, threads: threads, contextLength: contextLength, useFastKernels: useFastKernels)
        tokenizer = try TokenizerFactory.make(gguf: file)
    }

    /// Continues `prompt` (tokenised per the GGUF's tokenizer, BOS per add_bos_token) for up to
    /// `maxTokens` tokens with llama.cpp's default sampler chain (top-k 40 → top-p 0.95 → min-p 0.05
    /// → temperature → draw) seeded by `seed`; greedy when temperature == 0. Stops at EOS.
    public func complete(prompt: String, maxTokens: Int, temperature: Float, seed: UInt64) throws -> String {
        try generate(prompt: prompt, maxTokens: maxTokens, temperature: temperature, seed: seed).text
    }

    /// `complete` with its token ids, stop reason and timings (for benchmarks and the harness).
    /// - parameter stopAtEndOfGeneration: false = decode exactly `maxTokens` (benchmarks time a fixed count).
    public func generate(prompt: String, maxTokens: Int, temperature: Float, seed: UInt64,
                         stopAtEndOfGeneration: Bool = true) throws -> Generation {
        guard temperature.isFinite, temperature >= 0 else { throw EngineError.badTemperature(temperature) }
        guard maxTokens >= 0 else { throw EngineError.badMaxTokens(maxTokens) }
        lock.lock()
        defer { lock.unlock() }
        let promptIDs = tokenizer.encode(prompt, addSpecial: true, parseSpecial: true)
        guard !promptIDs.isEmpty else { throw EngineError.emptyPrompt }
        guard promptIDs.count < model.contextLength else {
            throw EngineError.promptTooLong(tokens: promptIDs.count, context: model.contextLength)
        }
        var rng = SeededGenerator(seed: seed)
        let sampler = Sampler(temperature: temperature)
        let vocab = model.config.vocabSize
        let clock = ContinuousClock()

        let promptStart = clock.now
        var logits = model.evaluatePrompt(promptIDs)
        let promptTime = clock.now - promptStart

        var output: [Int] = []
        var stop = Generation.StopReason.maxTokens
        let decodeStart = clock.now
        var pos = promptIDs.count
        while output.count < maxTokens, let current = logits {
            let next = sampler.sample(current, count: vocab, using: &rng)
            if stopAtEndOfGeneration && tokenizer.vocabulary.endOfGeneration.contains(next) {
                stop = .endOfSequence
                break
            }
            output.append(next)
            if output.count == maxTokens { break }
            if pos >= model.contextLength {
                stop = .contextFull
                break
            }
            logits = model.forward(token: next, position: pos)
            pos += 1
        }
        let decodeTime = clock.now - decodeStart
        return Generation(promptTokens: promptIDs, tokens: output, text: tokenizer.decode(output), stopReason: stop,
                          promptSeconds: promptTime.seconds, decodeSeconds: decodeTime.seconds)
    }

    /// Name, architecture, size and the file's sha256 when cheap (not computed: hashing 100 MB costs ~0.3 s).
    public var modelDescription: String {
        let c = model.config
        let name = model.file.metadata["general.name"]?.stringValue ?? URL(fileURLWithPath: modelPath).lastPathComponent
        let types = Dictionary(grouping: model.file.tensors, by: { GGMLType.name(ofRawType: $0.rawType) })
            .map { "\($0.value.count)×\($0.key)" }.sorted().joined(separator: " ")
        return "\(name) (\(c.architecture), \(c.layerCount) layers, d \(c.dim), ffn \(c.ffnDim), heads \(c.headCount)/\(c.kvHeadCount), vocab \(c.vocabSize), \(types), \(model.file.fileSize) bytes) from \(modelPath)"
    }
}

/// The result of one `generate` call.
public struct Generation: Sendable {
    public enum StopReason: String, Sendable { case endOfSequence = "eos", maxTokens = "max_tokens", contextFull = "context" }
    public let promptTokens: [Int]
    public let tokens: [Int]
    public let text: String
    public let stopReason: StopReason
    public let promptSeconds: Double
    public let decodeSeconds: Double
}

/// Errors of a generation call.
public enum EngineError: ExplainedError {
    case emptyPrompt
    case promptTooLong(tokens: Int, context: Int)
    /// NaN, ±∞ or a negative temperature (0 is greedy).
    case badTemperature(Float)
    case badMaxTokens(Int)
    case badThreads(Int)

    public var explanation: ErrorExplanation {
        switch self {
        case .emptyPrompt: return ErrorExplanation("Empty prompt: the text tokenised to no tokens and the model adds no BOS", while: "starting a generation", fix: "Pass non-empty text.")
        case let .promptTooLong(tokens, context): return ErrorExplanation("Prompt too long: \(tokens) tokens for a context of \(context)", while: "starting a generation", fix: "Shorten the prompt.")
        case let .badTemperature(t): return ErrorExplanation("Invalid temperature: \(t), expected a finite number ≥ 0", while: "starting a generation", fix: "Pass 0 for greedy decoding or a positive value.")
        case let .badMaxTokens(n): return ErrorExplanation("Invalid token count: \(n), expected ≥ 0", while: "starting a generation", fix: "Pass a non-negative --max-tokens.")
        case let .badThreads(n): return ErrorExplanation("Invalid thread count: \(n), expected 1...\(LlamaEngine.maximumThreads)", while: "loading the model", fix: "Pass --threads within that range.")
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}

extension LlamaEngine {
    /// Logits after the whole `prompt` (one fresh sequence), copied out; for tests and diagnostics.
    public func firstStepLogits(prompt: String) throws -> [Float] {
        lock.lock()
        defer { lock.unlock() }
        let ids = tokenizer.encode(prompt, addSpecial: true, parseSpecial: true)
        guard !ids.isEmpty else { throw EngineError.emptyPrompt }
        guard ids.count <= model.contextLength else {
            throw EngineError.promptTooLong(tokens: ids.count, context: model.contextLength)
        }
        guard let logits = model.evaluatePrompt(ids) else { throw EngineError.emptyPrompt }
        return Array(UnsafeBufferPointer(start: logits, count: model.config.vocabSize))
    }
}
