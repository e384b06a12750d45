import HarmonixCore

/// What ``SonnetOrganism/compose(_:)`` hands to ``SonnetOrganism/settle(_:context:)``: the raw
/// generation, its formatted sonnet (nil when fewer than 14 clean lines), the temperature used,
/// and the seeded stream positioned after the generation's draws (settle continues it).
public struct SonnetDraft: Sendable {
    public var raw: String
    public var sonnet: String?
    public var temperature: Double
    public var rng: SeededGenerator
    public var seed: UInt64
    public var timings: [NamedValue]

    /// The text that goes downstream: the sonnet, or the first 500 characters of the raw text
    /// (metaharmonix's fallback, its leading "\n" included).
    public var output: String { sonnet ?? String(raw.prefix(SonnetChatTurn.fallbackCharacters)) }
}
