import HarmonixCore

/// Prose's own figures in `TurnResult.extras`, named once (the `turns.csv` extras keys).
extension MetricName {
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
