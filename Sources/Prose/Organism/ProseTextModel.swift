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
}
