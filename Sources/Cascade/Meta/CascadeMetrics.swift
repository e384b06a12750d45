import HarmonixCore

/// Cascade-level figures from the stages' own metrics (overview decision 2, "Meta").
public enum CascadeMetrics {
    /// global_resonance = mean(1 − d) (the original's sync hub), mean_dissonance = mean(d) (what
    /// the async plan called global_resonance), field_entropy = mean(pulse entropy); each over
    /// the stages that reported the figure (a failed stage reports none).
    public static func summarize(_ stages: [TurnResult], combinedFieldSize: Int) -> [NamedValue] {
        let ds = stages.compactMap(\.dissonance)
        let entropies = stages.compactMap { $0.extra(.pulseEntropy) }
        var values: [NamedValue] = []
        if !ds.isEmpty {
            values.append(NamedValue(.globalResonance, ds.map { 1 - $0 }.reduce(0, +) / Double(ds.count)))
            values.append(NamedValue(.meanDissonance, ds.reduce(0, +) / Double(ds.count)))
        }
        if !entropies.isEmpty {
            values.append(NamedValue(.fieldEntropy, entropies.reduce(0, +) / Double(entropies.count)))
        }
        values.append(NamedValue(.combinedFieldSize, Double(combinedFieldSize)))
        return values
    }
}
