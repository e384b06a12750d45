/// The engine is Prose's text model: `complete` as is, and the details of `generate` (token count,
/// stop reason, prompt and decode seconds) for the turn's extras.
extension LlamaEngine: ProseTextModel {
    public func completeWithDetails(prompt: String, maxTokens: Int, temperature: Float, seed: UInt64) throws
        -> ProseCompletion
    {
        let generation = try generate(prompt: prompt, maxTokens: maxTokens, temperature: temperature, seed: seed)
        return ProseCompletion(
            text: generation.text, tokenCount: generation.tokens.count, stopReason: generation.stopReason.rawValue,
            promptSeconds: generation.promptSeconds, decodeSeconds: generation.decodeSeconds)
    }
}
