import HarmonixCore

/// Failures of the HAiKU organism. Each reads "<what failed>: <detail> - while <context>. <how to fix>."
public enum HaikuError: ExplainedError, Equatable {
    case seedWordsUnreadable(path: String, reason: String)
    case database(operation: String, reason: String)
    case brainUnreadable(path: String, reason: String)
    case shardNotWritten(path: String, reason: String)

    public var explanation: ErrorExplanation {
        switch self {
        case .seedWordsUnreadable(let path, let reason): return ErrorExplanation("HAiKU seed list unreadable: \(reason)", while: "reading \(path)", fix: "Point to a UTF-8 file with one seed word per line.")
        case .database(let operation, let reason): return ErrorExplanation("HAiKU field database failed: \(reason)", while: operation, fix: "Check that the database file is writable and not used by another program.")
        case .brainUnreadable(let path, let reason): return ErrorExplanation("MathBrain state unreadable: \(reason)", while: "loading \(path)", fix: "Delete the file to start from a fresh scorer.")
        case .shardNotWritten(let path, let reason): return ErrorExplanation("HAiKU shard not written: \(reason)", while: "writing \(path)", fix: "Check that the shards directory is writable.")
        }
    }
}
