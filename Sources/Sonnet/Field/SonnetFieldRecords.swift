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
