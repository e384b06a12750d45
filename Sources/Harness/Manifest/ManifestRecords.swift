/// One prompt set of a manifest and whether it runs (listed in `run.json` and `report.md`).
public struct PromptSetRecord: Sendable, Hashable, Codable {
    /// As the manifest writes it: the file value (`prompts/thresholds.json`, `data:leo.paradoxes`) or
    /// `topic <name>` for an inline set.
    public var name: String
    /// The file read, absolute; nil for inline sets and for skipped sets that were not found.
    public var path: String? = nil
    /// Which rule of the data order found the file (nil for inline sets).
    public var source: DataSource? = nil
    /// Topic names, in order.
    public var topics: [String] = []
    /// Prompts of the set (before `filter` / `--limit`).
    public var promptCount: Int = 0
    /// False when an `optional: true` set was not found.
    public var included: Bool = true
    /// Why the set was skipped.
    public var note: String? = nil
    /// Prompts of the set in the run's matrix (after filter and limit); set in `run.json`.
    public var promptsRun: Int?

    enum CodingKeys: String, CodingKey {
        case name, path, source, topics, promptCount = "prompt_count", included, note, promptsRun = "prompts_run"
    }

    /// One line for reports: `prompts/thresholds.json: 20 prompts (20 run)` or `…: skipped (why)`.
    public var summary: String {
        guard included else { return "\(name): skipped (\(note ?? "not found"))" }
        let run = promptsRun.map { " (\($0) run)" } ?? ""
        return "\(name): \(promptCount) prompts\(run)"
    }
}

/// One data file of a manifest, as resolved (listed in `run.json`).
public struct DataRecord: Sendable, Hashable, Codable {
    /// Manifest key path, e.g. `organisms.sonnet.model`.
    public var key: String
    /// The named item when the path came from a `data:` reference or an omitted value.
    public var item: DataItem?
    public var path: String
    public var source: DataSource
    /// The rule as shown to the user (`$HARMONIX_SONNET_WEIGHTS`, `harmonix checkout from --harmonix-home`, …).
    public var rule: String

    public init(key: String, item: DataItem?, path: String, source: DataSource, rule: String) {
        self.key = key
        self.item = item
        self.path = path
        self.source = source
        self.rule = rule
    }
}
