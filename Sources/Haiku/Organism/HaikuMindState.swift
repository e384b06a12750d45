import HarmonixCore

/// HAiKU's declared in-memory state (issue 10): what a later turn reads besides the field.
///
/// - `turnCounter`: the turn number (the dream cooldown and `turn_<n>` ids depend on it);
/// - `previousState`: the phase-4 state of the last turn (`prev_state_id` of the next one);
/// - `generator`: the lexicon in id order, the chain in insertion order and the recent trigrams
///   (the field holds the chain too, but its reload orders words differently: see
///   `HaikuGenerator.Snapshot`);
/// - `brain`: MathBrain's weights, observation count, losses and learning rate (it trains online
///   every turn; plain SGD, no optimiser state beyond these);
/// - `rae`: the recursive selector's MLP (not trained by the chat turn, kept so a restored mind
///   never depends on the init seed staying the same);
/// - `meta`: MetaHaiku's snippet buffer and reflections.
public struct HaikuMindState: Codable, Sendable {
    public var turnCounter: Int
    public var previousState: String?
    var generator: HaikuGenerator.Snapshot
    public var brain: MathBrain
    public var rae: RecursiveAdapterEngine
    public var meta: MetaHaiku
}

extension HaikuOrganism {
    public func captureState() async -> HaikuMindState { await mind.capture() }
    public func restoreState(_ state: HaikuMindState) async throws { try await mind.restore(state) }
}
