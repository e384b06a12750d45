import Dispatch
import Foundation
import HarmonixBase

/// The NanoGPT behind its ``InferenceThread``: generation runs on that thread, never on the
/// cooperative pool or a field actor (overview decision 5, the analogue of `asyncio.to_thread`),
/// and the model's scratch buffers are touched by one thread at a time.
///
/// ```swift
/// let engine = try SonnetEngine(weightsPath: path)
/// var rng = SeededGenerator(seed: 7)
/// let raw = try await engine.generate(prompt: "\n", maxTokens: 800, temperature: 0.8, rng: rng)
/// ```
public final class SonnetEngine: @unchecked Sendable {
    // @unchecked: `model` is only used from `inference`, a serial thread.
    private let model: NanoGPT
    private let inference = InferenceThread(label: "harmonix.sonnet.engine")
    public let weightsPath: String
    /// Test-only regression knob: extra generations whose text is discarded, so the turn's output
    /// is unchanged and only its time grows (issue 8: the CPU-normalised gate must catch a slowed
    /// stage). Set only by a test, through ``extraWorkVariable``; 0 in every real run.
    public let extraWork: Int

    /// The environment variable behind ``extraWork``: a test sets it to N to make every generation
    /// run N more times. Nothing but a test sets it.
    public static let extraWorkVariable = "HARMONIX_TEST_SONNET_EXTRA_WORK"

    public init(weights: SonnetWeights, attentionScale: AttentionScale = .numpyInference) throws {
        model = try NanoGPT(weights: weights, attentionScale: attentionScale)
        weightsPath = weights.path
        extraWork = ProcessInfo.processInfo.environment[Self.extraWorkVariable].flatMap { Int($0) }.map { max(0, $0) } ?? 0
    }

    /// Loads the npz at `weightsPath` (callers resolve it: the harness's `DataResolver`).
    public convenience init(weightsPath: String, attentionScale: AttentionScale = .numpyInference) throws {
        try self.init(weights: try SonnetWeights(contentsOf: weightsPath), attentionScale: attentionScale)
    }

    /// Generation result with the generator state after the draws, so a caller can continue the
    /// same seeded stream.
    public struct Output: Sendable {
        public var text: String
        public var rng: SeededGenerator
        public var seconds: Double
    }

    /// Runs ``NanoGPT/generate(prompt:maxTokens:temperature:rng:)`` on the engine's thread.
    public func generate(prompt: String, maxTokens: Int, temperature: Double, rng: SeededGenerator) async throws -> Output {
        try await inference.run { [self] in
            var local = rng
            let watch = Stopwatch()
            let text = try model.generate(prompt: prompt, maxTokens: maxTokens, temperature: temperature, rng: &local)
            for _ in 0..<extraWork {
                var scratch = rng
                _ = try model.generate(prompt: prompt, maxTokens: maxTokens, temperature: temperature, rng: &scratch)
            }
            return Output(text: text, rng: local, seconds: watch.elapsed)
        }
    }

    /// Synchronous generation on the caller's thread (benchmarks, the `generate` command).
    public func generateBlocking(prompt: String, maxTokens: Int, temperature: Double, rng: inout SeededGenerator) throws -> String {
        try inference.runBlocking { try model.generate(prompt: prompt, maxTokens: maxTokens, temperature: temperature, rng: &rng) }
    }

    /// Last-position logits of a window (tests, diagnostics).
    public func lastLogits(_ ids: [Int]) -> [Float] {
        inference.runBlocking { model.lastLogits(ids) }
    }
}
