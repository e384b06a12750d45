import GRDB
import HarmonixCore

/// The Prose field ("cloud"): prose rows, their sentences and word trigrams in SQLite
/// (`ProseHarmonix` of the original).
///
/// ```swift
/// let field = try ProseField(path: "/tmp/run/prose.db")
/// var rng = SeededGenerator(seed: 7)
/// let seed = try await field.fieldSeed(mode: .auto, generator: &rng)   // the model's input
/// let id = try await field.addProse("Text.", quality: 0.5, dissonance: 0.8, temperature: 0.63,
///                                   addedBy: "prose_cascade")
/// ```
///
/// Concurrency (overview decision 5), the rules every method here follows:
/// 1. Every method is synchronous inside the actor and wraps its SQL in one `DatabaseQueue.write`
///    (one transaction): there is no `await` between a read and the write that depends on it, so each
///    call is linearizable and no other call observes a half-written prose row.
/// 2. Private `…Locked(_:)` helpers take a `Database` and assume the transaction is already open:
///    the analogue of the original's `_unlocked` methods, callable from several public methods.
/// 3. Model inference never runs here: callers take the seed, generate elsewhere, then come back.
public actor ProseField {
    /// The database file (`nil` = in-memory).
    public nonisolated let path: String?
    private let queue: DatabaseQueue

    /// Opens (creating if needed) the field at `path` and creates the schema if absent.
    ///
    /// - throws: `FieldDatabaseError.cannotOpen` or ``ProseFieldError/database(operation:path:reason:)``.
    public init(path: String?) throws {
        self.path = path
        queue = try FieldDatabase.open(path: path)
        try Self.run(queue, "creating the schema", path) { try ProseSchema.create($0) }
    }

    /// Runs `body` in one write transaction, turning SQLite errors into ``ProseFieldError``.
    static func run<T>(
        _ queue: DatabaseQueue, _ operation: String, _ path: String?, _ body: (Database) throws -> T
    ) throws -> T {
        do {
            return try queue.write { db in try body(db) }
        } catch let error as DatabaseError {
            throw ProseFieldError.database(
                operation: operation, path: path ?? ":memory:", reason: error.message ?? "\(error)")
        }
    }

    func write<T>(_ operation: String, _ body: (Database) throws -> T) throws -> T {
        try Self.run(queue, operation, path, body)
    }

    func read<T>(_ operation: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.read { db in try body(db) }
        } catch let error as DatabaseError {
            throw ProseFieldError.database(
                operation: operation, path: path ?? ":memory:", reason: error.message ?? "\(error)")
        }
    }
}
