import HarmonixCore

/// The meta sentence of one cascade (`cascade.md` §1.5): "resonance unbroken" while the combined
/// field has fewer than 3 words; otherwise k ∈ {3 … min(5, |field|)} distinct words drawn
/// uniformly from the whole field, joined by spaces, first character upper-cased, no punctuation.
/// The original's docstring says "Markov-style"; its code is a uniform sample, which is ported.
public enum MetaSentence {
    public static let unbroken = "resonance unbroken"

    public static func compose(from field: CombinedField, rng: inout SeededGenerator) -> String {
        let words = field.words
        guard words.count >= 3 else { return unbroken }
        let k = 3 + rng.nextInt(below: min(5, words.count) - 3 + 1)
        // Partial Fisher–Yates over indices: k distinct positions, uniformly.
        var indices = Array(words.indices)
        var chosen: [String] = []
        chosen.reserveCapacity(k)
        for i in 0..<k {
            let j = i + rng.nextInt(below: indices.count - i)
            indices.swapAt(i, j)
            chosen.append(words[indices[i]])
        }
        let sentence = chosen.joined(separator: " ")
        return sentence.prefix(1).uppercased() + sentence.dropFirst()
    }
}
