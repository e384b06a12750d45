import Foundation
import GRDB

/// The committed operations of one field during a stress run (issue 11): what each operation
/// declared it wrote to the counted columns, and a closure that re-runs the operation's transaction
/// body on another database, for the linearizability replay.
///
/// Inert unless a field is asked for one (``OpLoggable/enableOpLogs()``): a field without a log
/// only tests an optional. The field actor appends right after each commit, with no suspension in
/// between, so the log's order is the commit order.
public final class FieldOpLog: @unchecked Sendable {
    // @unchecked: `entries` is guarded by `lock`; replay closures are only called after the run,
    // from one task, on databases the stress check owns.

    /// One committed operation.
    public struct Entry: @unchecked Sendable {
        public let sequence: Int
        public let operation: String
        /// Declared change of each counted column ("table.column" → delta of its SUM).
        public fileprivate(set) var counts: [String: Int]
        let replay: (Database) throws -> Void
    }

    /// A column whose SUM must move exactly by what the operations declared.
    public struct CountedColumn: Sendable, Hashable {
        public var table: String
        public var column: String
        public init(_ table: String, _ column: String) {
            self.table = table
            self.column = column
        }
        public var key: String { "\(table).\(column)" }
    }

    /// Field name ("haiku", "sonnet", "prose").
    public let field: String
    /// The field's own database (read by the observer and the checks: reads are serialised with
    /// the field's writes, so each read is a committed snapshot).
    public let live: DatabaseQueue
    /// A copy of the field taken when the log was enabled: the replay's starting state.
    public let initial: DatabaseQueue
    public let countedColumns: [CountedColumn]
    /// The field's unit check: one description per broken unit in a snapshot (empty when whole).
    public let audit: @Sendable (Database) throws -> [String]

    private let lock = NSLock()
    private var log: [Entry] = []

    public init(field: String, live: DatabaseQueue, countedColumns: [CountedColumn],
                audit: @escaping @Sendable (Database) throws -> [String]) throws
    {
        self.field = field
        self.live = live
        self.countedColumns = countedColumns
        self.audit = audit
        initial = try DatabaseQueue()
        try live.backup(to: initial)
    }

    /// Appends a committed operation. Call it from the field actor right after the commit.
    public func record(_ operation: String, counts: [String: Int] = [:], replay: @escaping (Database) throws -> Void) {
        lock.lock()
        log.append(Entry(sequence: log.count, operation: operation, counts: counts, replay: replay))
        lock.unlock()
    }

    /// Adds counts measured inside the last operation's transaction (e.g. rows an INSERT OR IGNORE
    /// really inserted) to its entry.
    public func addToLast(_ counts: [String: Int]) {
        lock.lock()
        if !log.isEmpty {
            for (key, value) in counts { log[log.count - 1].counts[key, default: 0] += value }
        }
        lock.unlock()
    }

    public var entries: [Entry] {
        lock.lock()
        defer { lock.unlock() }
        return log
    }
}

/// A field, organism or cascade whose fields can keep an operation log (stress runs only).
public protocol OpLoggable: Sendable {
    /// Starts logging every committed field operation; returns one log per field.
    func enableOpLogs() async throws -> [FieldOpLog]
}
