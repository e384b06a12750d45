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
    /// The stress run's operation log; nil (inert) otherwise.
    private var opLog: FieldOpLog?

    /// The tables of a Prose field: a database with other tables is refused untouched.
    public static let schema = FieldSchema(organism: "Prose", tables: ["prose", "prose_sentences", "prose_trigrams"])

    /// Opens (creating if needed) the field at `path` and creates the schema if absent.
    ///
    /// - throws: `FieldDatabaseError.cannotOpen` or ``ProseFieldError/database(operation:path:reason:)``.
    public init(path: String?) throws {
        self.path = path
        queue = try FieldDatabase.open(path: path, schema: Self.schema)
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

    /// One transaction; with an op log, the committed body is logged with the counts it declares.
    func write<T>(_ operation: String, counts: [String: Int] = [:], _ body: @escaping (Database) throws -> T) throws -> T {
        let result = try Self.run(queue, operation, path, body)
        opLog?.record(operation, counts: counts) { _ = try body($0) }
        return result
    }

    /// Starts the stress run's operation log (counted: trigram counts; units: every prose row
    /// written after the start has its sentences numbered 0… and every one of its trigrams).
    public func enableOpLog() throws -> FieldOpLog {
        let firstNew = try read("reading the last prose id") { db in try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM prose") ?? 0 } + 1
        let log = try FieldOpLog(field: "prose", live: queue, countedColumns: [.init("prose_trigrams", "count")]) { db in
            try ProseField.audit(db, fromID: firstNew)
        }
        opLog = log
        return log
    }

    /// How many `prose_trigrams` increments `text` makes (one per word position with two after it).
    static func trigramIncrements(_ text: String) -> Int {
        max(0, PythonText.words(PythonText.lower(text)).count - 2)
    }

    /// Prose rows (from `fromID` on, with metrics: not Overthinkrose's bare rows) that are not whole.
    static func audit(_ db: Database, fromID: Int64) throws -> [String] {
        var broken: [String] = []
        let rows = try Row.fetchAll(db, sql: "SELECT id, text FROM prose WHERE id >= ? AND word_count IS NOT NULL", arguments: [fromID])
        for row in rows {
            let id: Int64 = row[0], text: String = row[1]
            let numbers = try Int.fetchAll(db, sql: "SELECT sentence_num FROM prose_sentences WHERE prose_id = ? ORDER BY sentence_num",
                                           arguments: [id])
            if numbers != Array(0..<ProseSplit.sentences(text).count) {
                broken.append("prose \(id): sentences \(numbers) for \(ProseSplit.sentences(text).count)")
            }
            let words = PythonText.words(PythonText.lower(text))
            if words.count >= 3 {
                for i in 0..<(words.count - 2) {
                    let n = try Int.fetchOne(db, sql: "SELECT count FROM prose_trigrams WHERE word1 = ? AND word2 = ? AND word3 = ?",
                                             arguments: [words[i], words[i + 1], words[i + 2]]) ?? 0
                    if n < 1 {
                        broken.append("prose \(id): trigram \(words[i]) \(words[i + 1]) \(words[i + 2]) missing")
                        break
                    }
                }
            }
        }
        return broken
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
