import HarmonixBase

extension NanoGPT {
    /// The most characters one call generates (2^20, ≈ 15 min at 0.9 ms per character): the output
    /// buffer is reserved up front, so the count is checked before anything is allocated.
    public static let maxTokensLimit = 1 << 20

    /// Continues `prompt` by `maxTokens` characters (spec §1.5) and returns prompt + continuation.
    ///
    /// Each step recomputes the last ≤ 64 ids with positions re-based to 0 (no KV cache: the
    /// window slides, so cached keys would carry stale positions). The next id is drawn from
    /// softmax(logits / temperature) by inverse CDF with `rng` (numpy's `choice`: cdf = cumsum(p),
    /// cdf /= cdf[last], first index with cdf > u); temperature 0 takes the argmax (first maximum).
    ///
    /// - throws: ``SonnetError/badGenerationArgument(detail:)`` for an empty prompt, a token count
    ///   outside 0...``maxTokensLimit``, or a temperature that is negative or not finite.
    public func generate(
        prompt: String, maxTokens: Int, temperature: Double, rng: inout SeededGenerator
    ) throws -> String {
        guard !prompt.isEmpty else { throw SonnetError.badGenerationArgument(detail: "empty prompt") }
        guard maxTokens >= 0, maxTokens <= Self.maxTokensLimit else {
            throw SonnetError.badGenerationArgument(detail: "max tokens \(maxTokens), expected 0...\(Self.maxTokensLimit)")
        }
        guard temperature >= 0, temperature.isFinite else {
            throw SonnetError.badGenerationArgument(detail: "temperature \(temperature), expected a finite value ≥ 0")
        }
        var ids = Vocabulary.encode(prompt)
        ids.reserveCapacity(ids.count + maxTokens)
        let window = NanoGPTConfig.blockSize
        for _ in 0..<maxTokens {
            let start = max(0, ids.count - window)
            ids.withUnsafeBufferPointer { all in
                forward(UnsafeBufferPointer(rebasing: all[start...]))
            }
            ids.append(sample(temperature: temperature, rng: &rng))
        }
        return Vocabulary.decode(ids)
    }

    /// Draws the next id from the logits the last ``forward(_:)`` left behind.
    private func sample(temperature: Double, rng: inout SeededGenerator) -> Int {
        let n = NanoGPTConfig.vocabSize
        let logits = logitsPointer
        var best = 0
        for i in 1..<n where logits[i] > logits[best] { best = i }
        if temperature == 0 { return best }
        let top = Double(logits[best]) / temperature
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: n) { buffer in
            var total = 0.0
            for i in 0..<n {
                total += Libm.exp(Double(logits[i]) / temperature - top)
                buffer[i] = total
            }
            let u = rng.nextUnit()
            for i in 0..<n where buffer[i] / total > u { return i }
            return n - 1
        }
    }
}
