import HarmonixCore

/// MetaHaiku (metahaiku.py): the hidden "inner voice". Each reflection may keep a snippet of the
/// output, then generates one hidden haiku at temperature 0.7 that nobody reads.
///
/// It changes neither the text nor the field; it costs one generation and RNG draws per turn,
/// which is why it stays in the turn (same work, same random stream as the original's turn).
public struct MetaHaiku: Sendable {
    public static let bufferLimit = 8
    public static let snippetWords = 10
    public static let snippetCharacters = 100
    public static let temperature = 0.7

    /// Snippets of recent outputs (a deque of at most 8).
    public private(set) var buffer: [String] = []
    /// Every hidden haiku with the output it reflected on (unbounded, as the original).
    public private(set) var reflections: [(haiku: String, context: String)] = []

    public init() {}

    /// Draws the gate (always), maybe keeps a snippet, and generates one hidden haiku.
    mutating func reflect(haiku: String, dissonance: Double, arousal: Double, generator: HaikuGenerator,
                          rng: inout SeededGenerator) -> String
    {
        let draw = rng.nextUnit()
        if !haiku.isEmpty && (dissonance > 0.6 || arousal > 0.6 || draw < 0.3) {
            let words = haiku.split(whereSeparator: { $0 == " " || $0 == "\n" }).prefix(MetaHaiku.snippetWords)
            let snippet = String(words.joined(separator: " ").prefix(MetaHaiku.snippetCharacters))
            buffer.append(snippet)
            if buffer.count > MetaHaiku.bufferLimit { buffer.removeFirst(buffer.count - MetaHaiku.bufferLimit) }
        }
        let hidden = generator.generateHaiku(temperature: MetaHaiku.temperature, rng: &rng).text
        reflections.append((hidden, haiku))
        return hidden
    }

    /// The last `n` hidden haikus.
    public func recentReflections(_ n: Int) -> [String] {
        reflections.suffix(n).map(\.haiku)
    }
}

// Checkpointed with the mind (issue 10): the snippet buffer and every reflection so far.
extension MetaHaiku: Codable {
    private struct Reflection: Codable {
        var haiku: String
        var context: String
    }

    private enum CodingKeys: String, CodingKey { case buffer, reflections }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        buffer = try c.decode([String].self, forKey: .buffer)
        reflections = try c.decode([Reflection].self, forKey: .reflections).map { ($0.haiku, $0.context) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(buffer, forKey: .buffer)
        try c.encode(reflections.map { Reflection(haiku: $0.haiku, context: $0.context) }, forKey: .reflections)
    }
}
