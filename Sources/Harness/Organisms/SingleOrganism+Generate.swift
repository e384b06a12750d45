import Foundation
import HarmonixCore
import Prose
import Sonnet

extension SingleOrganism {
    /// `harmonix generate`: continues `prompt` with one engine alone (raw continuation, no field, no
    /// formatting), the engine the model file's first bytes name, and returns the continuation only.
    /// `threads` applies to the GGUF matvecs (the NanoGPT kernel is single-threaded).
    ///
    /// - throws: ``SingleOrganismError`` for a path that is no model file; `CPUFeatures`' error on a
    ///   CPU without the kernels' features; the engine's own load or generation errors.
    public static func generate(model: String, prompt: String, maxTokens: Int, temperature: Double, seed: UInt64,
                                threads: Int, warn: Lines) throws -> String {
        switch try ModelFileFormat.detect(path: model) {
        case .npz:
            if threads > 1 {
                warn("Warning: the NanoGPT kernel runs on one thread; --threads \(threads) ignored.")
            }
            try CPUFeatures.requireKernelSupport()
            let engine = try SonnetEngine(weightsPath: model)
            var rng = SeededGenerator(seed: seed)
            let text = try engine.generateBlocking(prompt: prompt, maxTokens: maxTokens,
                                                   temperature: temperature, rng: &rng)
            // The engine returns prompt + continuation; hand back the continuation only.
            return String(text.unicodeScalars.dropFirst(prompt.unicodeScalars.count))
        case .gguf:
            try CPUFeatures.requireKernelSupport()
            let engine = try LlamaEngine(modelPath: model, threads: threads)
            return try engine.complete(prompt: prompt, maxTokens: maxTokens,
                                       temperature: Float(temperature), seed: seed)
        }
    }
}
