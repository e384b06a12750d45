/// Failures of the HAiKU organism. Each reads "<what failed>: <detail> - while <context>. <how to fix>."
public enum HaikuError: Error, CustomStringConvertible, Equatable {
    case seedWordsUnreadable(path: String, reason: String)
    case database(operation: String, reason: String)
    case brainUnreadable(path: String, reason: String)
    case shardNotWritten(path: String, reason: String)

    public var description: String {
        switch self {
        case .seedWordsUnreadable(let path, let reason):
            return "HAiKU seed list unreadable: \(reason) - while reading \(path). "
                + "Point to a UTF-8 file with one seed word per line."
        case .database(let operation, let reason):
            return "HAiKU field database failed: \(reason) - while \(operation). "
                + "Check that the database file is writable and not used by another program."
        case .brainUnreadable(let path, let reason):
            return "MathBrain state unreadable: \(reason) - while loading \(path). "
                + "Delete the file to start from a fresh scorer."
        case .shardNotWritten(let path, let reason):
            return "HAiKU shard not written: \(reason) - while writing \(path). "
                + "Check that the shards directory is writable."
        }
    }
}
