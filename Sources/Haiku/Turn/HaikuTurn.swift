import HarmonixCore

/// Everything one canonical turn produced: HAiKU's `Draft` (the whole turn runs in `compose`;
/// `settle` only packages it).
public struct HaikuTurn: Sendable {
    /// Turn number within this organism (1-based; restarts with every organism, as chat's counter).
    public var turn: Int
    public var prompt: String
    public var seed: UInt64
    /// The chosen haiku: 3 lines joined by "\n", words by " ".
    public var haiku: String
    /// Syllables per line of the chosen haiku.
    public var lineSyllables: [Int]
    public var candidates: [String]
    public var userTrigrams: [Trigram]
    public var systemTrigrams: [Trigram]
    public var dissonance: Double
    public var pulse: Pulse
    public var temperature: Double
    public var harmonixTemperature: Double
    public var quality: TurnQuality
    public var stateID: String
    public var selectorConfidence: Double?
    public var mathBrainLoss: Double
    public var reflection: String
    public var overthinkAccepted: Int
    /// The dream dialog's texts when a dream ran this turn.
    public var dream: [String]?
    /// COUNT(words) as recorded with the metrics row.
    public var cloudSize: Int
    public var vocabSize: Int
    /// Seconds per stage, in ``TurnStage`` order.
    public var timings: [NamedDuration]

    /// Total seconds of the turn's stages.
    public var seconds: Double { timings.reduce(0) { $0 + $1.seconds } }
}

/// A stage and its wall-clock duration.
public struct NamedDuration: Sendable, Hashable {
    public var stage: TurnStage
    public var seconds: Double
}
