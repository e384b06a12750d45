import HarmonixCore

/// Sonnet's own figures in `TurnResult.extras`, named once (the `turns.csv` extras keys).
extension MetricName {
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
}
