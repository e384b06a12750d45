import Foundation

/// How a ``HaikuOrganism`` runs. The defaults are the original chat turn (haiku.md §1.1).
public struct HaikuOptions: Sendable {
    /// Candidates per turn (chat: 5).
    public var candidates = 5
    /// Use the async field's `compute_dissonance`, which also upserts U ++ S into `trigrams`
    /// (haiku.md §1.3: user trigrams are then counted twice per turn). Off: the sync chat field.
    public var recordTrigramsOnDissonance = false
    /// Dream settings, including the cooldown quirk (kept by default).
    public var dream = DreamConfig()
    /// Seed of the stream that initialises MathBrain's and the RAE selector's MLPs when the
    /// organism is built (turns draw from `TurnRequest.seed`, never from this).
    public var initSeed: UInt64 = 0x4841_494B_55
    /// Directory for shard JSON files (the run's folder); nil writes shard rows only.
    public var shardsDirectory: URL?
    /// `mathbrain.json` to load at start and write on ``HaikuOrganism/save()``; nil keeps MathBrain in memory.
    public var brainPath: String?
    /// Timestamps of the field (the wall clock, or a stepping clock in tests).
    public var clock: HaikuClock = .system

    public init() {}
}
