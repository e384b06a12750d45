import HarmonixCore

/// Dream (dream_haiku.py): an occasional self-dialogue whose texts feed back into the chain.
///
/// A dream runs when all three gates pass: the cooldown (turn − last_run_turn ≥ 10), a trigger
/// (quality < 0.45, novelty > 0.7, or 0.4 < d < 0.7), and a draw ≤ 0.25. The dialog is
/// [last haiku, friend@1.2, haiku@0.9, friend@1.2] (a fourth reply is generated and discarded).
public struct DreamConfig: Sendable, Hashable {
    public var cooldownTurns = 10
    public var probability = 0.25
    public var exchanges = 4
    /// The original's unused "buffer" size.
    public var bufferSize = 15
    public var friendTemperature = 1.2
    public var haikuTemperature = 0.9
    /// Keep the original's cooldown bug: after a dream `last_run_turn` becomes `last_run_turn + 1`,
    /// not the current turn, so after the first dream the cooldown is in effect always satisfied
    /// (haiku.md §5). `false` records the current turn, the evident intent.
    public var cooldownQuirk = true

    public init() {}
}

/// What the dream gates read after a turn.
public struct DreamContext: Sendable, Hashable {
    public var lastHaiku: String
    public var dissonance: Double
    public var novelty: Double
    public var quality: Double
    public var vocabSize: Int
    public var turn: Int

    /// The trigger gate: low quality, high novelty, or mid dissonance.
    public var triggers: Bool {
        quality < 0.45 || novelty > 0.7 || (dissonance > 0.4 && dissonance < 0.7)
    }
}

/// The texts of one dream dialog, speaker by speaker.
public struct DreamDialog: Sendable, Hashable {
    public var texts: [String]
    public var speakers: [String]
}

extension HaikuGenerator {
    /// `run_dream_dialog`'s generations: 4 recorded texts starting with `last`, replies alternating
    /// friend (T 1.2) and haiku (T 0.9); the reply to the 4th text is generated and discarded.
    func dreamDialog(startingWith last: String, config: DreamConfig, rng: inout SeededGenerator) -> DreamDialog {
        var texts: [String] = []
        var speakers: [String] = []
        var current = last
        var speaker = "haiku"
        for _ in 0..<config.exchanges {
            texts.append(current)
            speakers.append(speaker)
            if speaker == "haiku" {
                current = generateHaiku(temperature: config.friendTemperature, rng: &rng).text
                speaker = "friend"
            } else {
                current = generateHaiku(temperature: config.haikuTemperature, rng: &rng).text
                speaker = "haiku"
            }
        }
        return DreamDialog(texts: texts, speakers: speakers)
    }
}
