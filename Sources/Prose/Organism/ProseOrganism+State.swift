import HarmonixCore

// Prose's mind is empty (issue 10): the live turn (`generate_cascade`) reads only its field
// (disturbances, trigrams, prose rows) and the request's seed; the engine starts every generation
// from position 0 with a fresh KV cache. MetaProse, Overthinkrose, ProseBrain and PhaseTransitions
// are not on the live path, so they hold no state a later turn reads.
extension ProseOrganism {
    public func captureState() async -> NoMindState { NoMindState() }
    public func restoreState(_ state: NoMindState) async throws {}
}
