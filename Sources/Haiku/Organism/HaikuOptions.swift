import Foundation

/// How a ``HaikuOrganism`` runs. The defaults are the original chat turn (haiku.md §1.1).
public struct HaikuOptions: Sendable {
    /// Candidates per turn (chat: 5).
    public var candidates = 5
    /// Use the async field's `compute_dissonance`, which also upserts U ++ S into `trigrams`
    /// (haiku.md §1.3: user trigrams are then counted twice per turn). Off: the sync chat field.
    public var recordTrigramsOnDissonance = false
    /// Dream settings, including the cooldown quirk (kept by default).
    public var dream = DreamConfig()
    /// Seed of the stream that initialises MathBrain's and the RAE selector's MLPs when the
    /// organism is built (turns draw from `TurnRequest.seed`, never from this).
    public var initSeed: UInt64 = 0x4841_494B_55
    /// Directory for shard JSON files (the run's folder); nil writes shard rows only.
    public var shardsDirectory: URL?
    /// `mathbrain.json` to load at start and write on ``HaikuOrganism/save()``; nil keeps MathBrain in memory.
    public var brainPath: String?
    /// How commits reach the disk. The transactions are the same either way (one per field operation).
    public var durability: FieldDurability = .wal
    /// Timestamps of the field (the wall clock, or a stepping clock in tests).
    public var clock: HaikuClock = .system

    public init() {}
}

/// The SQLite journal settings of a file-backed field. The SQL and the transactions are identical;
/// only what a commit waits for differs.
public enum FieldDurability: String, Sendable, CaseIterable {
    /// The original's settings (Python `sqlite3` defaults): rollback journal, `synchronous=FULL`;
    /// every commit waits for fsync (tens of ms per commit on a loaded machine).
    case full
    /// Write-ahead log with `synchronous=NORMAL`: a commit is an append to the WAL without fsync;
    /// safe against a crash of the process, not against power loss. Enough for experiment runs,
    /// which start from a declared state anyway (overview decision 6).
    case wal

    /// The PRAGMA statements that set this mode (run outside a transaction).
    var pragmas: [String] {
        switch self {
        case .full: return ["PRAGMA journal_mode=DELETE", "PRAGMA synchronous=FULL"]
        case .wal: return ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL"]
        }
    }
}
