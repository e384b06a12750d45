import Foundation
import HarmonixCore

// The canonical chat turn (haiku/chat.py, haiku.md §1.1), in the original's order:
// tokenize → morph_cloud → update_trigrams → update_chain → compute_dissonance → adjust_temperature
// → 5 candidates → RAE → quality → phase-4 record_state → MathBrain observe → metahaiku
// → overthinkg → dream (+ feedback into the chain) → create_shard → record_metrics.
//
// Overlapping turns (issue 11): every field call is one atomic operation. The turn-level
// read→write pairs across calls are made safe one by one:
// - chain update (mind) → save (field): the save carries the update's version and never replaces a
//   newer stored chain (invariant: stored chain = newest saved update; counts conserved);
// - dream gates (read) → dialog record: compare-and-write on `last_run_turn` (invariant: no two
//   dreams inside one cooldown window);
// - shard → metrics: one operation (a reader sees both rows or neither).
// The rest interleave freely: morph, trigram upserts and phase-4 records commute in their counted
// columns, and the mind's own state (turn counter, previous state, brain) changes in single calls.
extension HaikuOrganism {
    /// Runs the whole canonical turn for `request.prompt` (stripped). HAiKU hears only the prompt.
    /// Every random choice draws from one `SeededGenerator(seed: request.seed)`, in turn order.
    /// An empty prompt still turns (no tokens: d = 0.5); the chat loop skipped such prompts.
    ///
    /// - throws: ``HaikuError`` when a field operation fails.
    public func compose(_ request: TurnRequest) async throws -> HaikuTurn {
        var rng = SeededGenerator(seed: request.seed)
        var timings: [NamedDuration] = []
        var watch = Stopwatch()
        func lap(_ stage: TurnStage) {
            timings.append(NamedDuration(stage: stage, seconds: watch.elapsed))
            watch = Stopwatch()
        }
        let prompt = request.prompt.trimmingCharacters(in: .whitespacesAndNewlines)
        let turn = await mind.beginTurn()

        // INHALE: the prompt wrinkles the field and the chain.
        let (words, userTrigrams) = WordTokenizer.dual(prompt)
        try await field.morphCloud(words)
        try await field.updateTrigrams(userTrigrams)
        let chain = await mind.updateChain(userTrigrams)
        try await widenChainWindowIfFaulted(turn: turn)
        try await field.saveChain(chain)
        let systemTrigrams = chain.recent
        lap(.inhale)

        // Dissonance and temperature.
        let reading = try await field.computeDissonance(
            user: userTrigrams, system: systemTrigrams, recordTrigrams: options.recordTrigramsOnDissonance)
        let d = reading.dissonance, pulse = reading.pulse
        let temperature = Dissonance.temperature(for: d)
        lap(.dissonance)

        let candidates = await mind.generateCandidates(count: options.candidates, temperature: temperature.haiku,
                                                       rng: &rng)
        lap(.generate)

        let texts = candidates.map(\.text)
        let choice = await mind.select(texts, userTrigrams: userTrigrams)
        let best = choice.haiku
        let bestSyllables = candidates.first(where: { $0.text == best })?.lineSyllables ?? []
        lap(.rae)

        // Quality, phase-4 bridges, MathBrain.
        let quality = TurnQuality(dissonance: d, pulse: pulse)
        let stateID = PhaseBridges.stateID(dissonance: d, entropy: pulse.entropy, quality: quality.quality)
        let before = StateMetrics(dissonance: d, entropy: pulse.entropy, novelty: pulse.novelty,
                                  arousal: pulse.arousal, quality: 0.5)
        var after = before
        after.quality = quality.quality
        let previous = await mind.previousState
        try await field.recordState(stateID, before: before, after: after, previous: previous, turnID: "turn_\(turn)",
                                    boredom: quality.boredom, overwhelm: quality.overwhelm, stuck: quality.stuck)
        let loss = await mind.observe(best, quality: quality.quality, userTrigrams: userTrigrams, state: stateID,
                                      rng: &rng)
        lap(.bridgesObserve)

        let reflection = await mind.reflect(haiku: best, dissonance: d, arousal: pulse.arousal, rng: &rng)
        lap(.meta)

        let rings = try await field.overthink(recent: userTrigrams, rng: &rng)
        lap(.overthink)

        // Dream: gates, dialog, and its feedback into the chain.
        let vocabSize = await mind.vocabCount
        let dreamContext = DreamContext(lastHaiku: best, dissonance: d, novelty: pulse.novelty,
                                        quality: quality.quality, vocabSize: vocabSize, turn: turn)
        var dreamTexts: [String]?
        if let lastRun = try await field.dreamDue(dreamContext, config: options.dream, rng: &rng) {
            let dialog = await mind.dreamDialog(startingWith: best, config: options.dream, rng: &rng)
            // Recorded only if no other turn dreamed since the gates were read (one at a time, always so).
            if try await field.recordDreamDialog(dialog, turn: turn, config: options.dream, ifLastRunIs: lastRun) {
                for text in dialog.texts {
                    try await field.updateDreamFragments(text)
                    let update = await mind.updateChain(WordTokenizer.trigrams(text))
                    try await widenChainWindowIfFaulted(turn: turn)
                    try await field.saveChain(update)
                }
                dreamTexts = dialog.texts
            }
        }
        lap(.dream)

        let cloudSize = try await field.recordTurnEnd(ShardRecord(
            input: prompt, output: best, dissonance: d, haikuTemperature: temperature.haiku,
            harmonixTemperature: temperature.harmonix, userTrigrams: userTrigrams, systemTrigrams: systemTrigrams),
            perplexity: 0.5, entropy: pulse.entropy, resonance: 1 - d).cloudSize
        lap(.shardMetrics)

        return HaikuTurn(
            turn: turn, prompt: prompt, seed: request.seed, haiku: best, lineSyllables: bestSyllables,
            candidates: texts, userTrigrams: userTrigrams, systemTrigrams: systemTrigrams, dissonance: d, pulse: pulse,
            temperature: temperature.haiku, harmonixTemperature: temperature.harmonix, quality: quality,
            stateID: stateID, selectorConfidence: choice.confidence, mathBrainLoss: loss, reflection: reflection,
            overthinkAccepted: rings.reduce(0) { $0 + $1.accepted.count }, dream: dreamTexts,
            cloudSize: cloudSize, vocabSize: await mind.vocabCount, timings: timings)
    }

    /// Test-only (``FieldFault/splitTurnSequences``): a wide gap between the chain update and its
    /// save, odd turns saving late, so an unversioned save overwrites a newer chain. The late window
    /// (40 ms) is wide enough that a newer turn's update lands inside it even on a loaded machine
    /// (8 ms was missed once under a full test suite with other builds running).
    private func widenChainWindowIfFaulted(turn: Int) async throws {
        guard FieldFaults.active == .splitTurnSequences else { return }
        try await Task.sleep(for: .milliseconds(turn % 2 == 1 ? 40 : 1))
    }
}
