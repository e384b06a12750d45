import HarmonixCore

/// The inner voice (spec §4.1): after a turn it may generate a second sonnet (prompt "\n",
/// 800 characters, temperature 0.9) as a "reflection", and a reflection that validates enters
/// the field as a 'metasonnet' row (quality 0.7, temperature 0.9) — lowering future novelty.
///
/// This type holds the state and the decisions; the generation itself runs in the turn
/// (``SonnetChatTurn``) on the engine's thread. The "reflection seed" the original builds from
/// the buffer is never used by its generation, so it is not built here.
public struct MetaSonnet: Sendable, Codable {
    public struct Reflection: Sendable, Hashable, Codable {
        public var sonnet: String
        public var context: String
    }

    public static let reflectionTemperature = 0.9
    public static let reflectionQuality = 0.7
    public static let reflectionTokens = 800

    public let maxSnippets: Int
    public let maxSnippetLength = 200
    public private(set) var reflections: [Reflection] = []
    /// The last `maxSnippets` snippets (first two lines of qualifying sonnets), oldest first.
    public private(set) var bootstrapBuffer: [String] = []

    public init(maxSnippets: Int = 5) { self.maxSnippets = maxSnippets }

    // Checkpointed with the mind (issue 10); `maxSnippetLength` is a constant, not state.
    private enum CodingKeys: String, CodingKey { case maxSnippets, reflections, bootstrapBuffer }

    /// d > 0.7, or quality > 0.75, or arousal > 0.6; otherwise true with probability 0.3 (one draw).
    public func shouldReflect(dissonance: Double, quality: Double, pulse: Pulse?, rng: inout SeededGenerator) -> Bool {
        if dissonance > 0.7 || quality > 0.75 || (pulse?.arousal ?? 0) > 0.6 { return true }
        return rng.nextUnit() < 0.3
    }

    /// Keeps the first two lines of `sonnet` (joined by a space, ≤ 200 characters) when
    /// d > 0.7, arousal > 0.5 or quality > 0.7.
    public mutating func feedBootstrap(sonnet: String, dissonance: Double, quality: Double, pulse: Pulse?) {
        guard dissonance > 0.7 || (pulse?.arousal ?? 0) > 0.5 || quality > 0.7 else { return }
        let lines = PythonText.strip(sonnet, .swiftCharacters).split(separator: "\n", omittingEmptySubsequences: false).prefix(2)
        let snippet = String(lines.joined(separator: " ").prefix(maxSnippetLength))
        bootstrapBuffer.append(snippet)
        if bootstrapBuffer.count > maxSnippets { bootstrapBuffer.removeFirst(bootstrapBuffer.count - maxSnippets) }
    }

    /// Records a formatted reflection; returns true when it validates, i.e. when
    /// `update_cloud_bias` must add it to the field.
    public mutating func record(reflection: String, context: String) -> Bool {
        reflections.append(Reflection(sonnet: reflection, context: context))
        return SonnetFormatter.validate(reflection).valid
    }

    /// The last `count` reflections, oldest first.
    public func recentReflections(_ count: Int = 3) -> [Reflection] { Array(reflections.suffix(count)) }
}
