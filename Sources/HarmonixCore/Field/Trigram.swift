/// Three consecutive words: the unit of HAiKU's chain, of the organisms' `trigrams` tables and of
/// HAiKU's dissonance.
public struct Trigram: Hashable, Sendable, Codable, CustomStringConvertible {
    public var first: String
    public var second: String
    public var third: String

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

    public var words: [String] { [first, second, third] }
    public var description: String { "(\(first), \(second), \(third))" }
}
