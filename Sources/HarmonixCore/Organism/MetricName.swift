/// The name of a figure in ``TurnResult/extras`` or a cascade's metrics: the key `turns.csv`
/// writes. Every name is declared once, as a static constant: the shared ones here, each
/// organism's own in an extension in its module (`HaikuMetricNames.swift`, …), so writers and
/// readers (``CascadeMetrics``, the harness rows and commands) are checked by the compiler.
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
}

extension NamedValue {
    public init(_ name: MetricName, _ value: Double) { self.init(name.rawValue, value) }
}

extension Array where Element == NamedValue {
    /// The value named `name`, if present (the first one).
    public func value(_ name: MetricName) -> Double? { first(where: { $0.name == name.rawValue })?.value }
}
