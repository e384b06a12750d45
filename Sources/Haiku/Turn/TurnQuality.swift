import HarmonixCore

/// The chat turn's quality heuristic and state flags (chat.py, haiku.md §1.1).
public struct TurnQuality: Sendable, Hashable {
    /// q = 0.5 + 0.2 (0.3 < d < 0.7) + 0.15 (0.4 < entropy < 0.8) + 0.15 (0.3 < novelty < 0.7), in [0, 1].
    public var quality: Double
    /// d < 0.3 and entropy < 0.4.
    public var boredom: Bool
    /// d > 0.8 or arousal > 0.8.
    public var overwhelm: Bool
    /// q < 0.4.
    public var stuck: Bool

    public init(dissonance d: Double, pulse: Pulse) {
        var q = 0.5
        if d > 0.3 && d < 0.7 { q += 0.2 }
        if pulse.entropy > 0.4 && pulse.entropy < 0.8 { q += 0.15 }
        if pulse.novelty > 0.3 && pulse.novelty < 0.7 { q += 0.15 }
        quality = min(1, max(0, q))
        boredom = d < 0.3 && pulse.entropy < 0.4
        overwhelm = d > 0.8 || pulse.arousal > 0.8
        stuck = quality < 0.4
    }
}
