import HarmonixCore

/// MetaHarmonix's combined field: every all-letter word the organisms have said, across cascades.
///
/// The original keeps a Python `set` for the life of the hub, never reset or pruned
/// (`cascade.md` §1.1, §4.2). A Python set has no stable order, so sampling from it is not
/// reproducible; here words keep their first-seen order, so a seeded meta sentence is.
public struct CombinedField: Sendable, Codable {
    public private(set) var words: [String] = []
    private var seen: Set<String> = []

    public init() {}

    // Checkpointed as the word list (issue 10); `seen` is re-derived from it.
    private enum CodingKeys: String, CodingKey { case words }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        words = try c.decode([String].self, forKey: .words)
        seen = Set(words)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(words, forKey: .words)
    }

    public var count: Int { words.count }

    /// Adds the words of `text` that `alphaWords(_:)` keeps.
    public mutating func absorb(_ text: String) {
        for word in CombinedField.alphaWords(text) where seen.insert(word).inserted {
            words.append(word)
        }
    }

    /// Lower-cased whitespace tokens made only of letters. Tokens with punctuation are dropped,
    /// not stripped ("tears," and "father's" are lost), as in the original (`str.isalpha`). Split,
    /// lowercasing and the letter test follow Swift's `Character` rules (``TextRules/swiftCharacters``),
    /// as this port was written: kept so the meta sentences stay as they are.
    public static func alphaWords(_ text: String) -> [String] {
        PythonText.lowerSplit(text, .swiftCharacters).filter { token in token.allSatisfy { $0.isLetter } }
    }
}
