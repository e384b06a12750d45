/// Command-line choices that refine a manifest for one run.
public struct RunOptions: Sendable {
    /// Continue the run in this folder: finished cells are kept and skipped.
    public var resumeDirectory: String?
    /// Regex on prompt ids, replacing the manifest's `filter`.
    public var filter: String?
    /// Only the first N prompts (after the filter).
    public var limit: Int?
    /// Folder receiving `<experiment>/<run-id>/`, replacing the manifest's `output`.
    public var outputDirectory: String?
    /// Replaces the manifest's seed.
    public var seed: UInt64?
    /// Replaces the manifest's repeats.
    public var repeats: Int?
    public var progress: ProgressStyle
    /// Folder name of the run; a UTC timestamp by default.
    public var runID: String?
    /// A checkpoint of every mode's fields and minds at each cell boundary (issue 10), so `--resume`
    /// reproduces an uninterrupted run exactly. Off (`--no-checkpoint`): the old behaviour, where a
    /// resume continues from the fields as they are on disk with fresh minds (not exact).
    public var checkpoints: Bool
    /// Time the calibration workload before and after the matrix (≈ 0.2 s each; harness.md §4.3).
    public var calibrate: Bool
    /// Run only the lineage units the partition assigns to this shard (`--shard I/N`, issue 14).
    public var shard: ShardSpec?

    public init(resumeDirectory: String? = nil, filter: String? = nil, limit: Int? = nil, outputDirectory: String? = nil,
                seed: UInt64? = nil, repeats: Int? = nil, progress: ProgressStyle = .auto, runID: String? = nil,
                checkpoints: Bool = true, calibrate: Bool = true, shard: ShardSpec? = nil) {
        self.shard = shard
        self.checkpoints = checkpoints
        self.resumeDirectory = resumeDirectory
        self.filter = filter
        self.limit = limit
        self.outputDirectory = outputDirectory
        self.seed = seed
        self.repeats = repeats
        self.progress = progress
        self.runID = runID
        self.calibrate = calibrate
    }
}
