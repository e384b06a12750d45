/// What a shard run records in `run.json` (`shard`): which part of the plan it ran, and the whole
/// plan's units so `harmonix merge` can check coverage without the manifest.
public struct ShardRecord: Codable, Sendable, Hashable {
    public struct Unit: Codable, Sendable, Hashable {
        public var id: String
        public var prompts: [String]
        /// The unit's folder under `fields/` (``LineageUnit/folder``).
        public var folder: String
        /// The shard the partition assigns it to.
        public var shard: Int
        /// Cells (prompts × modes × repeats) a complete run of the unit has.
        public var cells: Int
    }

    public var index: Int
    public var count: Int
    /// Every unit of the plan, in the unsharded run's order.
    public var units: [Unit]

    public var spec: String { "\(index)/\(count)" }
    /// The ids of the units this shard runs.
    public var ownUnits: [String] { units.filter { $0.shard == index }.map(\.id) }
}

/// One shard of a merged run (`run.json` → `merged_from`): where it ran and what.
public struct ShardOrigin: Codable, Sendable, Hashable {
    public var shard: String
    public var runID: String
    public var directory: String
    public var host: String
    public var machine: MachineFacts?
    public var units: [String]
    public var startedAt: String

    enum CodingKeys: String, CodingKey {
        case shard, runID = "run_id", directory, host, machine, units, startedAt = "started_at"
    }
}
