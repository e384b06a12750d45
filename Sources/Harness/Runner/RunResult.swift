/// What a run produced.
public struct RunResult: Sendable {
    /// The run folder (`<output>/<experiment>/<run-id>`).
    public var directory: String
    public var provenance: RunProvenance
    /// Every row of `turns.csv`: kept ones from a resumed run first, then this invocation's.
    public var rows: [TurnRow]
    public var variants: [MetricVariant]
    /// Cascades run by this invocation (warmup excluded).
    public var cellsRun: Int
    /// Cells skipped because a resumed run had finished them.
    public var cellsSkipped: Int
    /// Cascades that threw (their rows have status `failed`).
    public var cellsFailed: Int
    /// Wall-clock seconds of each checkpoint this invocation wrote after a cell (empty without checkpoints).
    public var checkpointSeconds: [Double] = []
    /// Wall-clock seconds of each cascade this invocation ran (the cascade rows' total).
    public var cascadeSeconds: [Double] = []
    /// "resumed from cell k of n (state restored from checkpoint …)" when this invocation resumed.
    public var resumeNote: String?
    /// Throughput and field invariants of a run with `in_flight` > 1 (nil otherwise).
    public var inFlight: InFlightOutcome?
}
