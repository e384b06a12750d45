/// The language model behind Prose: continues a raw text (no chat template) with the sampler of
/// prose.md §1.4, seeded. `LlamaEngine` conforms; tests use a deterministic scripted model.
///
/// Implementations run CPU-heavy work synchronously; ``ProseOrganism`` calls them on its own
/// serial thread, never on a field actor or the cooperative pool, and never two calls at once on
/// the same organism (an engine keeps a KV cache, so it is not reentrant).
public protocol ProseTextModel: Sendable {
    /// The continuation of `prompt` (the prompt itself excluded), at most `maxTokens` tokens,
    /// sampled at `temperature` (0 = greedy) from a stream seeded with `seed`.
    func complete(prompt: String, maxTokens: Int, temperature: Float, seed: UInt64) throws -> String

    /// ``complete(prompt:maxTokens:temperature:seed:)`` with what the model knows about the call
    /// (tokens, stop reason, prompt and decode time). The default knows only the text.
    func completeWithDetails(prompt: String, maxTokens: Int, temperature: Float, seed: UInt64) throws -> ProseCompletion
}

extension ProseTextModel {
    public func completeWithDetails(prompt: String, maxTokens: Int, temperature: Float, seed: UInt64) throws
        -> ProseCompletion
    {
        ProseCompletion(text: try complete(prompt: prompt, maxTokens: maxTokens, temperature: temperature, seed: seed))
    }
}

/// One completion and, when the model reports them, its token count, stop reason and timings
/// (prose.md §7: latency is dominated by how many tokens are produced before EOS).
public struct ProseCompletion: Sendable, Hashable {
    /// The raw continuation (not yet stripped).
    public var text: String
    /// Tokens generated.
    public var tokenCount: Int?
    /// Why generation stopped: "eos", "max_tokens" or "context".
    public var stopReason: String?
    /// Seconds spent evaluating the prompt (the field seed).
    public var promptSeconds: Double?
    /// Seconds spent decoding.
    public var decodeSeconds: Double?

    public init(
        text: String, tokenCount: Int? = nil, stopReason: String? = nil, promptSeconds: Double? = nil,
        decodeSeconds: Double? = nil
    ) {
        self.text = text
        self.tokenCount = tokenCount
        self.stopReason = stopReason
        self.promptSeconds = promptSeconds
        self.decodeSeconds = decodeSeconds
    }
}
