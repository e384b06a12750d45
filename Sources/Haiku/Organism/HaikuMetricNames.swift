import HarmonixCore

/// Haiku's own figures in `TurnResult.extras`, named once (the `turns.csv` extras keys).
extension MetricName {
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
}
