import HarmonixCore

/// The Prose organism: `generate_cascade` of the original (prose.md §1.5, cascade.md §1.8) as a
/// two-phase ``Organism`` turn.
///
/// ```swift
/// let organism = ProseOrganism(field: try ProseField(path: dbPath), model: engine)
/// let result = try await organism.turn(TurnRequest(prompt: "What is resonance?", seed: 42))
/// print(result.output, result.dissonance!, result.temperature!)
/// ```
///
/// **compose** (what generation needs, nothing upstream): one stream `SeededGenerator(request.seed)`
/// draws the field seed (`auto`: recent 70 % / trigram→recent 20 % / random 10 %), then one word for
/// the model's sampler; the temperature is `adjust_temperature(d, 0.9)` with d from the prompt's
/// combined input (see ``composeTemperature(prompt:)``); the model continues the seed alone on the
/// organism's inference thread; the completion is stripped. Two composes running at once (async
/// mode across prompts) may read the same recent seed: the original's async plan names this
/// ("seed generation not atomic"), and it cannot change a sync or async-parity run.
///
/// **settle** (in one field transaction): disturbances H, S (the non-empty upstream parts, in
/// order), then P; d = dissonance of `P + "\n" + H + "\n" + S` against ""; `add_prose(text, 0.5,
/// d, T, "prose_cascade")`; the result reports that combined text as its input.
///
/// **absorb** (EXHALE): the meta sentence is one disturbance (trigrams), atomically.
///
/// The ``TurnResult``: `fieldSize` is the trigram vocabulary after the turn (the field's cheapest
/// "wrinkle" measure); `extras` are, in order, `pulse_novelty`, `pulse_arousal`, `pulse_entropy`,
/// `context_temperature` (what the full context would give), `seed_mode` (0 recent, 1 trigram,
/// 2 random), `seed_fallback` (1 when the seed was a default sentence), `empty_output`,
/// `word_count`, `semantic_density`, `total_prose`, then what the model reports (`tokens`,
/// `stop_eos`, `prompt_eval_s`, `decode_s`); `timings` are `field_seed`, `generate`, `settle`.
///
/// Failures: a model error makes ``compose(_:)`` throw ``ProseOrganismError/generationFailed(seed:reason:)``
/// and the turn writes nothing; an empty completion is a real outcome (the original stores `''`
/// rows): it is stored, returned as `output == ""` and flagged by the extra `empty_output = 1`, so
/// the harness counts it apart.
public final class ProseOrganism: Organism {
    public let name = "prose"
    public let field: ProseField
    public let model: any ProseTextModel
    public let configuration: ProseConfiguration
    private let inference: InferenceThread

    public init(field: ProseField, model: any ProseTextModel, configuration: ProseConfiguration = ProseConfiguration()) {
        self.field = field
        self.model = model
        self.configuration = configuration
        inference = InferenceThread(label: "harmonix.prose.inference")
    }

    // MARK: Organism

    // Overlapping turns (issue 11): the field-seed read (compose) and `settleTurn` (settle) are two
    // atomic operations with generation between them, free to interleave: the seed is a committed
    // snapshot, and each settle writes its disturbances, row, sentences and trigrams as one unit.
    // Every model call goes through `inference`, one serial queue, so two composes never share the
    // engine's KV cache.
    public func compose(_ request: TurnRequest) async throws -> ProseDraft {
        var rng = SeededGenerator(seed: request.seed)
        let seedWatch = Stopwatch()
        let fieldSeed = try await field.fieldSeed(mode: configuration.seedMode, generator: &rng)
        let seedSeconds = seedWatch.elapsed
        let modelSeed = rng.next()
        let temperature = composeTemperature(prompt: request.prompt)
        let (completion, generateSeconds) = try await Stopwatch.measure {
            try await complete(fieldSeed.text, temperature: temperature, seed: modelSeed)
        }
        return ProseDraft(
            text: PythonText.strip(completion.text), fieldSeed: fieldSeed, temperature: temperature,
            requestSeed: request.seed, modelSeed: modelSeed, completion: completion,
            timings: [NamedValue("field_seed", seedSeconds), NamedValue("generate", generateSeconds)])
    }

    public func settle(_ draft: ProseDraft, context: TurnContext) async throws -> TurnResult {
        let watch = Stopwatch()
        let combined = Self.combinedInput(context)
        let (dissonance, pulse) = ProseDissonance.compute(input: combined, prose: "")
        let settlement = try await field.settleTurn(
            disturbances: Self.disturbances(context), prose: draft.text, quality: configuration.storedQuality,
            dissonance: dissonance, temperature: draft.temperature, addedBy: configuration.addedBy)
        let settleSeconds = watch.elapsed
        return TurnResult(
            organism: name, input: combined, output: draft.text, dissonance: dissonance,
            temperature: draft.temperature, quality: configuration.storedQuality,
            fieldSize: settlement.stats.trigramVocabulary,
            extras: [
                NamedValue(.pulseNovelty, pulse.novelty),
                NamedValue(.pulseArousal, pulse.arousal),
                NamedValue(.pulseEntropy, pulse.entropy),
                NamedValue(.contextTemperature, ProseDissonance.temperature(for: dissonance, base: configuration.baseTemperature)),
                NamedValue(.seedMode, Double(Self.modeCode(draft.fieldSeed.mode))),
                NamedValue(.seedFallback, draft.fieldSeed.source == .recentDefault || draft.fieldSeed.source == .randomDefault ? 1 : 0),
                NamedValue(.emptyOutput, draft.text.isEmpty ? 1 : 0),
                NamedValue(.wordCount, Double(PythonText.words(draft.text).count)),
                NamedValue(.semanticDensity, SemanticDensity.of(draft.text)),
                NamedValue(.totalProse, Double(settlement.stats.totalProse)),
            ] + Self.completionExtras(draft.completion),
            timings: draft.timings + [NamedValue("settle", settleSeconds)],
            seed: draft.requestSeed)
    }

    public func absorb(_ disturbance: String) async throws {
        try await field.addDisturbance(disturbance, source: "meta_exhale")
    }

    // MARK: The parts, public for the cascade, the CLI and tests

    /// The input the original measures against: `P + "\n" + (H ?? "") + "\n" + (S ?? "")`, i.e. the
    /// prompt and the upstream parts (haiku, sonnet; missing ones empty) joined by "\n". More than two
    /// upstream parts are all appended in order.
    public static func combinedInput(_ context: TurnContext) -> String {
        var parts = [context.prompt] + context.upstream
        while parts.count < 3 { parts.append("") }
        return parts.joined(separator: "\n")
    }

    /// The disturbances in the original's order: each non-empty upstream part (haiku, then sonnet),
    /// then the prompt.
    public static func disturbances(_ context: TurnContext) -> [String] {
        context.upstream.filter { !$0.isEmpty } + [context.prompt]
    }

    /// The temperature compose uses: `adjust_temperature(d, base)` with d of the combined input of the
    /// prompt alone, so generation reads nothing upstream (async and async-parity generate exactly as
    /// sync). It equals the full-context temperature whenever the prompt has a word (then d ≥ 0.8
    /// either way: T = 0.63); for a word-less prompt with upstream text the original would use 0.63
    /// where this gives 0.9 — settle records the full-context value as `context_temperature`.
    public func composeTemperature(prompt: String) -> Double {
        let d = ProseDissonance.compute(input: Self.combinedInput(TurnContext(prompt: prompt)), prose: "").dissonance
        return ProseDissonance.temperature(for: d, base: configuration.baseTemperature)
    }

    /// `generate()` of the original (the standalone, non-cascade entry): disturbance(user), d of the
    /// input against "", field seed (auto), T = `temperature ?? adjust_temperature(d, 0.8)`,
    /// generation, `add_prose(text, 0.5, d, T, "prose_organism")`. Used by MetaProse.
    public func generate(
        _ userInput: String, maxTokens: Int? = nil, temperature: Double? = nil, seed: UInt64
    ) async throws -> String {
        try await field.addDisturbance(userInput, source: "user")
        let (d, _) = ProseDissonance.compute(input: userInput, prose: "")
        var rng = SeededGenerator(seed: seed)
        let fieldSeed = try await field.fieldSeed(mode: .auto, generator: &rng)
        let t = temperature ?? ProseDissonance.temperature(for: d, base: ProseDissonance.generateBase)
        let text = PythonText.strip(
            try await complete(fieldSeed.text, temperature: t, seed: rng.next(), maxTokens: maxTokens ?? configuration.maxTokens)
                .text)
        try await field.addProse(text, quality: 0.5, dissonance: d, temperature: t, addedBy: "prose_organism")
        return text
    }

    /// The model's figures as extras, when it reported them: `tokens`, `stop_eos` (1 = ended by
    /// EOS), `prompt_eval_s`, `decode_s`.
    static func completionExtras(_ completion: ProseCompletion) -> [NamedValue] {
        var extras: [NamedValue] = []
        if let tokens = completion.tokenCount { extras.append(NamedValue(.tokens, Double(tokens))) }
        if let stop = completion.stopReason { extras.append(NamedValue(.stopEOS, stop == "eos" ? 1 : 0)) }
        if let seconds = completion.promptSeconds { extras.append(NamedValue(.promptEvalSeconds, seconds)) }
        if let seconds = completion.decodeSeconds { extras.append(NamedValue(.decodeSeconds, seconds)) }
        return extras
    }

    /// Runs the model on the inference thread; a model error becomes ``ProseOrganismError/generationFailed(seed:reason:)``.
    private func complete(_ prompt: String, temperature: Double, seed: UInt64, maxTokens: Int? = nil) async throws
        -> ProseCompletion
    {
        let model = self.model
        let tokens = maxTokens ?? configuration.maxTokens
        do {
            return try await inference.run {
                try model.completeWithDetails(prompt: prompt, maxTokens: tokens, temperature: Float(temperature), seed: seed)
            }
        } catch {
            throw ProseOrganismError.generationFailed(seed: prompt, reason: "\(error)")
        }
    }

    /// Numeric code of a seed mode for the numeric extras: recent 0, trigram 1, random 2.
    public static func modeCode(_ mode: FieldSeedMode) -> Int {
        switch mode {
        case .auto, .recent: return 0
        case .trigram: return 1
        case .random: return 2
        }
    }
}

extension ProseOrganism: OpLoggable {
    /// The stress run's log of the field's committed operations.
    public func enableOpLogs() async throws -> [FieldOpLog] { [try await field.enableOpLog()] }
}
