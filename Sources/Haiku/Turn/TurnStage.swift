/// The stages of the canonical turn, in the order they run (haiku.md §1.1), with the names the
/// timings carry (the rows of the original's latency table, §10).
public enum TurnStage: String, Sendable, CaseIterable {
    /// tokenize, morph_cloud, update_trigrams, update_chain (+ its persistence).
    case inhale
    /// compute_dissonance and adjust_temperature.
    case dissonance
    /// 5 candidates.
    case generate
    /// The recursive selector.
    case rae
    /// Quality, phase-4 record_state, MathBrain observe.
    case bridgesObserve = "bridges_observe"
    /// MetaHaiku reflection (one hidden haiku).
    case meta
    /// Overthinkg's three rings.
    case overthink
    /// Dream gates, and when they pass the dialog and its feedback into the chain.
    case dream
    /// create_shard and record_metrics.
    case shardMetrics = "shard_metrics"
}
