/// The interaction pulse of one dissonance measurement (spec §3.3).
///
/// - novelty: share of the sonnet's distinct words absent from the field's cloud (1 on an empty cloud);
/// - arousal: |#user words − #sonnet words| / max(1, #user words), unbounded (≈ 20 for real turns);
/// - entropy: min(1, distinct words of user + sonnet / 50).
public struct Pulse: Sendable, Hashable, Codable {
    public var novelty: Double
    public var arousal: Double
    public var entropy: Double

    public init(novelty: Double = 0, arousal: Double = 0, entropy: Double = 0) {
        self.novelty = novelty
        self.arousal = arousal
        self.entropy = entropy
    }
}

/// One stored sonnet as the read methods return it: (id, text, quality).
public struct StoredSonnet: Sendable, Hashable {
    public var id: Int64
    public var text: String
    public var quality: Double
}

/// `get_stats()`: one consistent snapshot of the four aggregates.
public struct FieldStats: Sendable, Hashable {
    public var sonnetCount: Int
    public var averageQuality: Double
    public var averageDissonance: Double
    /// COUNT(DISTINCT word1) of the trigrams — not the union vocabulary that novelty uses.
    public var vocabSize: Int
}

/// A word trigram as the field stores it.
public struct Trigram: Sendable, Hashable {
    public var first: String, second: String, third: String
    public init(_ first: String, _ second: String, _ third: String) {
        self.first = first
        self.second = second
        self.third = third
    }

    /// Consecutive triples of `words` (none when fewer than 3).
    public static func of(_ words: [String]) -> [Trigram] {
        guard words.count >= 3 else { return [] }
        return (0..<(words.count - 2)).map { Trigram(words[$0], words[$0 + 1], words[$0 + 2]) }
    }
}
