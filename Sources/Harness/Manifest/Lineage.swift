/// Which cascades of a run share one evolving field state (manifest key `lineage:`, issue 14).
///
/// The organisms learn: every cascade writes into its fields and minds, and the next cascade of the
/// same lineage unit reads them. The lineage decides how far that history reaches, so results
/// depend on it (it is recorded in `run.json` and `report.md`).
public enum Lineage: String, Sendable, Hashable, Codable, CaseIterable {
    /// One state per mode across the whole run (every prompt and repeat in plan order): the
    /// behaviour before issue 14. Cannot be sharded: splitting it would cut the evolving state.
    case run
    /// Each topic (one conversation, the unit of V4's history) starts from the declared initial
    /// state and evolves through its prompts and repeats.
    case topic
    /// Each prompt starts from the declared initial state and evolves through its repeats.
    case prompt
}
