import HarmonixCore

/// Cascade-level figures from the stages' own metrics (overview decision 2, "Meta").
public enum CascadeMetrics {
    /// Name of the pulse-entropy extra each organism reports.
    public static let pulseEntropy = "pulse_entropy"

    /// global_resonance = mean(1 − d) (the original's sync hub), mean_dissonance = mean(d) (what
    /// the async plan called global_resonance), field_entropy = mean(pulse entropy); each over
    /// the stages that reported the figure (a failed stage reports none).
    public static func summarize(_ stages: [TurnResult], combinedFieldSize: Int) -> [NamedValue] {
        let ds = stages.compactMap(\.dissonance)
        let entropies = stages.compactMap { $0.extra(pulseEntropy) }
        var values: [NamedValue] = []
        if !ds.isEmpty {
            values.append(NamedValue("global_resonance", ds.map { 1 - $0 }.reduce(0, +) / Double(ds.count)))
            values.append(NamedValue("mean_dissonance", ds.reduce(0, +) / Double(ds.count)))
        }
        if !entropies.isEmpty {
            values.append(NamedValue("field_entropy", entropies.reduce(0, +) / Double(entropies.count)))
        }
        values.append(NamedValue("combined_field_size", Double(combinedFieldSize)))
        return values
    }
}
