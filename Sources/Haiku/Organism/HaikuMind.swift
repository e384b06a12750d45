import HarmonixCore

/// The organism's in-memory half: generator, MathBrain, RAE, MetaHaiku, the turn counter and the
/// previous phase-4 state. An actor of its own so generation never runs on the field actor; every
/// method is synchronous inside it, so each call is atomic.
actor HaikuMind {
    private(set) var generator: HaikuGenerator
    private(set) var brain: MathBrain
    private var rae: RecursiveAdapterEngine
    private(set) var meta = MetaHaiku()
    private var turnCounter = 0
    private(set) var previousState: String?

    init(generator: HaikuGenerator, brain: MathBrain, rae: RecursiveAdapterEngine) {
        self.generator = generator
        self.brain = brain
        self.rae = rae
    }

    /// Starts a turn: returns its 1-based number.
    func beginTurn() -> Int {
        turnCounter += 1
        return turnCounter
    }

    /// `update_chain`, returning what to persist: every chain row and the recent trigrams, stamped
    /// with a version that grows with every update, so the field can keep the newest chain when two
    /// turns' saves arrive out of order.
    func updateChain(_ trigrams: [Trigram]) -> ChainSnapshot {
        generator.updateChain(trigrams)
        chainVersion += 1
        return ChainSnapshot(rows: generator.chainRows(), recent: generator.recentTrigrams, version: chainVersion,
                             added: trigrams.count)
    }
    private var chainVersion = 0

    var recentTrigrams: [Trigram] { generator.recentTrigrams }
    var vocabCount: Int { generator.vocabCount }

    func generateCandidates(count: Int, temperature: Double, rng: inout SeededGenerator) -> [HaikuDraft] {
        generator.generateCandidates(count: count, temperature: temperature, rng: &rng)
    }

    /// RAE's choice among `candidates` (the recursive selector in chat).
    func select(_ candidates: [String], userTrigrams: [Trigram]) -> (haiku: String, confidence: Double?) {
        let generator = self.generator, brain = self.brain
        return rae.reason(candidates, userTrigrams: userTrigrams) { brain.score($0, userContext: userTrigrams, generator: generator) }
    }

    /// MathBrain's `observe`, and the phase-4 previous state moves on.
    func observe(_ haiku: String, quality: Double, userTrigrams: [Trigram], state: String,
                 rng: inout SeededGenerator) -> Double
    {
        let loss = brain.observe(haiku, quality: quality, userContext: userTrigrams, generator: generator, rng: &rng)
        previousState = state
        return loss
    }

    func reflect(haiku: String, dissonance: Double, arousal: Double, rng: inout SeededGenerator) -> String {
        meta.reflect(haiku: haiku, dissonance: dissonance, arousal: arousal, generator: generator, rng: &rng)
    }

    func dreamDialog(startingWith last: String, config: DreamConfig, rng: inout SeededGenerator) -> DreamDialog {
        generator.dreamDialog(startingWith: last, config: config, rng: &rng)
    }

    func saveBrain(to path: String) throws { try brain.save(to: path) }

    /// Everything above, for a checkpoint (issue 10).
    func capture() -> HaikuMindState {
        HaikuMindState(turnCounter: turnCounter, previousState: previousState, generator: generator.snapshot,
                       brain: brain, rae: rae, meta: meta)
    }

    /// Puts a captured mind back (between turns).
    func restore(_ state: HaikuMindState) throws {
        guard state.brain.mlp.sizes == brain.mlp.sizes,
              state.brain.mlp.parameterCount == brain.mlp.parameterCount else {
            throw MindStateMismatch(organism: "haiku", detail: "MathBrain layers \(state.brain.mlp.sizes), expected \(brain.mlp.sizes)")
        }
        generator = try HaikuGenerator(snapshot: state.generator, counter: generator.counter)
        brain = state.brain
        rae = state.rae
        meta = state.meta
        turnCounter = state.turnCounter
        previousState = state.previousState
    }

    /// The generator's chain rows (for inspection and tests).
    func chainRows() -> [ChainRow] { generator.chainRows() }
    func chainKeyCount() -> Int { generator.chain.keyCount }
}
