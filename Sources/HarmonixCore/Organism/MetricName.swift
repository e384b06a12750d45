/// The name of a figure in ``TurnResult/extras`` or a cascade's metrics: the key `turns.csv`
/// writes. Every name is declared once, as a static constant in this one list (the cascade's and
/// each organism's), so writers and readers (``CascadeMetrics``, the harness rows and commands)
/// are checked by the compiler.
public struct MetricName: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    // Every organism's pulse (``TurnResult/pulse``).
    public static let pulseNovelty = MetricName("pulse_novelty")
    public static let pulseArousal = MetricName("pulse_arousal")
    public static let pulseEntropy = MetricName("pulse_entropy")

    // The cascade's own figures (the `cascade` row).
    public static let globalResonance = MetricName("global_resonance")
    public static let meanDissonance = MetricName("mean_dissonance")
    public static let fieldEntropy = MetricName("field_entropy")
    public static let combinedFieldSize = MetricName("combined_field_size")
    public static let exhaleFailures = MetricName("exhale_failures")

    // Each organism's own figures in `TurnResult.extras`. They sit here rather than in the organisms'
    // modules so that every `turns.csv` extras key is named in one list, where a clash shows.

    // HAiKU.
    public static let boredom = MetricName("boredom")
    public static let overwhelm = MetricName("overwhelm")
    public static let stuck = MetricName("stuck")
    public static let dream = MetricName("dream")
    public static let exact575 = MetricName("exact_575")
    public static let syllablesLine1 = MetricName("syllables_line1")
    public static let syllablesLine2 = MetricName("syllables_line2")
    public static let syllablesLine3 = MetricName("syllables_line3")
    public static let vocabSize = MetricName("vocab_size")
    public static let mathBrainLoss = MetricName("mathbrain_loss")
    public static let overthinkAccepted = MetricName("overthink_accepted")
    public static let raeConfidence = MetricName("rae_confidence")

    // Sonnet.
    public static let formatted = MetricName("formatted")
    public static let valid = MetricName("valid")
    public static let baseQuality = MetricName("base_quality")
    public static let brainScore = MetricName("brain_score")
    public static let reflected = MetricName("reflected")
    public static let reflectionAdded = MetricName("reflection_added")
    public static let overthinkngRows = MetricName("overthinkng_rows")
    public static let sonnetCount = MetricName("sonnet_count")
    public static let nextTemperature = MetricName("next_temperature")
    public static let generatedChars = MetricName("generated_chars")

    // Prose.
    public static let contextTemperature = MetricName("context_temperature")
    public static let seedMode = MetricName("seed_mode")
    public static let seedFallback = MetricName("seed_fallback")
    public static let emptyOutput = MetricName("empty_output")
    public static let wordCount = MetricName("word_count")
    public static let semanticDensity = MetricName("semantic_density")
    public static let totalProse = MetricName("total_prose")
    public static let tokens = MetricName("tokens")
    public static let stopEOS = MetricName("stop_eos")
    public static let promptEvalSeconds = MetricName("prompt_eval_s")
    public static let decodeSeconds = MetricName("decode_s")
}

extension NamedValue {
    public init(_ name: MetricName, _ value: Double) { self.init(name.rawValue, value) }
}

extension Array where Element == NamedValue {
    /// The value named `name`, if present (the first one).
    public func value(_ name: MetricName) -> Double? { first(where: { $0.name == name.rawValue })?.value }
}
