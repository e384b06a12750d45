import HarmonixCore

/// The chat-flow turn of spec §5 (chat.py), split in the two phases of the `Organism` contract.
///
/// compose: temperature (0.8 on the first turn, then the phase's t_sonnet) → generate "\n" ×
/// 800 characters → format.
/// settle:  quality = ((valid ? 0.8 : 0.5) + brain)/2 → (d, pulse) = dissonance(context, sonnet)
/// BEFORE the sonnet enters the cloud → phase update (next temperature) → add_sonnet(quality, d,
/// temperature 0.8 as chat.py hard-codes, 'user') → MetaSonnet reflection when it fires (a second
/// generation at 0.9; a valid one becomes a 'metasonnet' row) → Overthinkng when ≥ 2 recent rows.
///
/// Overlapping turns (issue 11): dissonance (a read), `add_sonnet` (one unit) and Overthinkng's
/// pass (one operation) are each atomic; the mind's phase and MetaSonnet state change in single
/// `with` calls. What interleaves freely: another turn's sonnet may land between this turn's
/// dissonance read and its `add_sonnet`, as between two chat turns; every row stays whole and the
/// trigram counts conserved.
///
/// When formatting fails chat.py changes nothing; the turn then reports the cascade's fallback
/// (raw[:500]) with its read-only dissonance and base quality, so downstream stages get text.
struct SonnetChatTurn: Sendable {
    static let fallbackCharacters = 500
    static let prompt = "\n"
    /// chat.py stores every user sonnet with temperature 0.8, whatever it was generated at.
    static let storedTemperature = 0.8

    let engine: SonnetEngine
    let field: SonnetField
    let brain: SonnetBrain?
    let configuration: SonnetTurnConfiguration
    let mind: SonnetMind

    func compose(_ request: TurnRequest) async throws -> SonnetDraft {
        let temperature = mind.with { $0.nextTemperature }
        let generated = try await engine.generate(
            prompt: Self.prompt, maxTokens: configuration.maxTokens, temperature: temperature,
            rng: SeededGenerator(seed: request.seed))
        let (sonnet, formatSeconds) = Stopwatch.measure { SonnetFormatter.format(generated.text) }
        return SonnetDraft(
            raw: generated.text, sonnet: sonnet, temperature: temperature, rng: generated.rng, seed: request.seed,
            timings: [NamedValue("generate", generated.seconds), NamedValue("format", formatSeconds)])
    }

    /// The context as the original joins it: prompt + "\n\n" + upstream outputs (sync: the haiku),
    /// or the prompt alone.
    static func joinedContext(_ context: TurnContext) -> String {
        ([context.prompt] + context.upstream).joined(separator: "\n\n")
    }

    func settle(_ draft: SonnetDraft, context: TurnContext) async throws -> TurnResult {
        var rng = draft.rng
        var timings = draft.timings
        var extras: [NamedValue] = []
        let input = Self.joinedContext(context)
        let output = draft.output

        var watch = Stopwatch()
        let valid = SonnetFormatter.validate(output).valid
        let base = valid ? 0.8 : 0.5
        let brainScore = draft.sonnet.flatMap { s in brain.map { $0.score(s) } }
        let quality = brainScore.map { (base + $0) / 2 } ?? base
        timings.append(NamedValue("quality", watch.elapsed))

        watch = Stopwatch()
        let (d, pulse) = try await field.computeDissonance(userInput: input, sonnet: output)
        timings.append(NamedValue("dissonance", watch.elapsed))

        var reflected = false, reflectionAdded = false, overthinkRows = 0
        if let sonnet = draft.sonnet {
            watch = Stopwatch()
            let save: PhaseTransitions? = mind.with { state in
                state.phase.update(dissonance: d, novelty: pulse.novelty, quality: quality, rng: &rng)
                state.nextTemperature = state.phase.temperatureSonnet
                return state.phase.isSaveDue ? state.phase : nil
            }
            if let save, let path = configuration.phaseSavePath { try save.save(to: path) }
            timings.append(NamedValue("phase", watch.elapsed))

            watch = Stopwatch()
            try await field.addSonnet(sonnet, quality: quality, dissonance: d, temperature: Self.storedTemperature, addedBy: "user")
            timings.append(NamedValue("add_sonnet", watch.elapsed))

            if configuration.reflect {
                watch = Stopwatch()
                (reflected, reflectionAdded) = try await reflect(
                    on: sonnet, input: input, dissonance: d, quality: quality, pulse: pulse, rng: &rng)
                timings.append(NamedValue("metasonnet", watch.elapsed))
            }
            if configuration.overthink {
                watch = Stopwatch()
                // The recent-sonnets read and the N bare rows: one field operation.
                overthinkRows = try await field.overthinkngPass(rng: &rng)
                timings.append(NamedValue("overthinkng", watch.elapsed))
            }
        }

        watch = Stopwatch()
        let stats = try await field.stats()
        timings.append(NamedValue("stats", watch.elapsed))

        extras += [
            NamedValue(.formatted, draft.sonnet == nil ? 0 : 1),
            NamedValue(.valid, valid ? 1 : 0),
            NamedValue(.baseQuality, base),
            NamedValue(.brainScore, brainScore ?? .nan),
            NamedValue(.pulseNovelty, pulse.novelty),
            NamedValue(.pulseArousal, pulse.arousal),
            NamedValue(.pulseEntropy, pulse.entropy),
            NamedValue(.reflected, reflected ? 1 : 0),
            NamedValue(.reflectionAdded, reflectionAdded ? 1 : 0),
            NamedValue(.overthinkngRows, Double(overthinkRows)),
            NamedValue(.sonnetCount, Double(stats.sonnetCount)),
            NamedValue(.nextTemperature, mind.with { $0.nextTemperature }),
            NamedValue(.generatedChars, Double(draft.raw.count - Self.prompt.count)),
        ]
        return TurnResult(
            organism: SonnetOrganism.organismName, input: input, output: output, dissonance: d,
            temperature: draft.temperature, quality: quality, fieldSize: stats.vocabSize, extras: extras,
            timings: timings, seed: draft.seed)
    }

    /// MetaSonnet (spec §4.1): decide, feed the bootstrap buffer, generate at 0.9, format, record,
    /// and add a valid reflection as a 'metasonnet' row. Returns (reflected, added to the field).
    private func reflect(
        on sonnet: String, input: String, dissonance d: Double, quality: Double, pulse: Pulse,
        rng: inout SeededGenerator
    ) async throws -> (Bool, Bool) {
        let fires = mind.with { state -> Bool in
            guard state.meta.shouldReflect(dissonance: d, quality: quality, pulse: pulse, rng: &rng) else { return false }
            state.meta.feedBootstrap(sonnet: sonnet, dissonance: d, quality: quality, pulse: pulse)
            return true
        }
        guard fires else { return (false, false) }
        let generated = try await engine.generate(
            prompt: Self.prompt, maxTokens: MetaSonnet.reflectionTokens, temperature: MetaSonnet.reflectionTemperature, rng: rng)
        rng = generated.rng
        guard let reflection = SonnetFormatter.format(generated.text) else { return (true, false) }
        let add = mind.with { $0.meta.record(reflection: reflection, context: input) }
        if add {
            try await field.addSonnet(
                reflection, quality: MetaSonnet.reflectionQuality, dissonance: d,
                temperature: MetaSonnet.reflectionTemperature, addedBy: "metasonnet")
        }
        return (true, add)
    }
}
