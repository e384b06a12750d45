import Foundation
import HarmonixCore
import Prose
import Sonnet

extension SingleOrganism {
    /// What `harmonix generate` asks of one engine alone: raw continuation, no field, no formatting.
    public struct Generation: Sendable {
        public var model: String
        public var prompt: String
        public var maxTokens: Int
        public var temperature: Double
        public var seed: UInt64
        public var threads: Int

        public init(model: String, prompt: String, maxTokens: Int, temperature: Double, seed: UInt64, threads: Int) {
            self.model = model
            self.prompt = prompt
            self.maxTokens = maxTokens
            self.temperature = temperature
            self.seed = seed
            self.threads = threads
        }
    }

    /// Continues `request.prompt` with the engine the model file's first bytes name, and returns the
    /// continuation only.
    ///
    /// - throws: ``SingleOrganismError`` for a path that is no model file; `CPUFeatures`' error on a
    ///   CPU without the kernels' features; the engine's own load or generation errors.
    public static func generate(_ request: Generation, warn: Lines) throws -> String {
        switch try ModelFileFormat.detect(path: request.model) {
        case .npz:
            if request.threads > 1 {
                warn("Warning: the NanoGPT kernel runs on one thread; --threads \(request.threads) ignored.")
            }
            try CPUFeatures.requireKernelSupport()
            let engine = try SonnetEngine(weightsPath: request.model)
            var rng = SeededGenerator(seed: request.seed)
            let text = try engine.generateBlocking(prompt: request.prompt, maxTokens: request.maxTokens,
                                                   temperature: request.temperature, rng: &rng)
            // The engine returns prompt + continuation; hand back the continuation only.
            return String(text.unicodeScalars.dropFirst(request.prompt.unicodeScalars.count))
        case .gguf:
            try CPUFeatures.requireKernelSupport()
            let engine = try LlamaEngine(modelPath: request.model, threads: request.threads)
            return try engine.complete(prompt: request.prompt, maxTokens: request.maxTokens,
                                       temperature: Float(request.temperature), seed: request.seed)
        }
    }
}
