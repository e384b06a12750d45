import Foundation
import GRDB
import HarmonixCore

/// HAiKU's field: the SQLite database `cloud.db` of haiku.md §3.1 (every table: the Harmonix
/// observer's words/trigrams/shards/metrics, the generator's chain, the phase-4 bridges and the
/// dream tables), behind one actor.
///
/// ```swift
/// let field = try HaikuField(database: try FieldDatabase.open(path: "run/haiku.db"), seedWords: seeds)
/// try await field.morphCloud(["what", "is", "resonance"])
/// ```
///
/// Rule 1: no `await` between a field read and its write. Every method is synchronous inside the
/// actor and wraps its SQL in one `DatabaseQueue.write` (one transaction per field operation, as the
/// original commits once per operation), so each public method is atomic and linearizable.
/// Rule 2: this actor owns the database file; the generator and the emergent modules reach their
/// tables only through it (the original opened one connection per component).
/// Rule 3: no generation runs here; callers generate first, then hand the texts over.
public actor HaikuField {
    let db: DatabaseQueue
    let clock: HaikuClock
    /// Where shard JSON files go (the run's folder); nil writes the rows only.
    let shardsDirectory: URL?
    /// Write transactions committed by this actor since it opened (for the benchmark's statement
    /// of the database work per turn).
    public internal(set) var transactions = 0
    /// The stress run's operation log; nil (inert) otherwise.
    var opLog: FieldOpLog?
    /// Newest chain version saved (see ``saveChain(_:)``).
    var savedChainVersion = 0

    /// The tables of a HAiKU field: a database with other tables is refused untouched.
    public static let schema = FieldSchema(organism: "HAiKU", tables: HaikuSchema.tables)

    /// Opens the field on `database`: creates every table, seeds `words` with `seedWords` when it
    /// is empty (INSERT OR IGNORE, weight 1.0, frequency 0, 'seed'), and initialises the dream
    /// tables (`initialized` = 1, `last_run_turn` = 0 on first use).
    ///
    /// - throws: ``HaikuError/database(operation:reason:)``.
    public init(database: DatabaseQueue, seedWords: [String], clock: HaikuClock = .system,
                shardsDirectory: URL? = nil, dreamBootstrap: [String] = []) throws
    {
        db = database
        self.clock = clock
        self.shardsDirectory = shardsDirectory
        try HaikuField.prepare(database, seedWords: seedWords, now: clock.now(), dreamBootstrap: dreamBootstrap)
    }

    /// Schema, seed words and dream initialisation, in one transaction.
    static func prepare(_ db: DatabaseQueue, seedWords: [String], now: Double, dreamBootstrap: [String]) throws {
        try run(db, "creating the HAiKU schema") { db in
            for statement in HaikuSchema.statements { try db.execute(sql: statement) }
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM words") ?? 0
            if count == 0 {
                let insert = try db.cachedStatement(sql: """
                    INSERT OR IGNORE INTO words (word, weight, frequency, last_used, added_by)
                    VALUES (?, 1.0, 0, ?, 'seed')
                    """)
                for w in seedWords { try insert.execute(arguments: [w, now]) }
            }
            let initialized = try String.fetchOne(db, sql: "SELECT value FROM dream_meta WHERE key = 'initialized'")
            if initialized != "1" {
                for haiku in dreamBootstrap.prefix(10) {
                    for line in haiku.split(separator: "\n") {
                        let text = line.trimmingCharacters(in: .whitespaces)
                        if !text.isEmpty {
                            try db.execute(sql: "INSERT INTO dream_fragments (text, weight) VALUES (?, 1.0)",
                                           arguments: [text])
                        }
                    }
                }
                try db.execute(sql: "INSERT OR REPLACE INTO dream_meta (key, value) VALUES ('initialized', '1')")
                try db.execute(sql: "INSERT OR REPLACE INTO dream_meta (key, value) VALUES ('last_run_turn', '0')")
            }
        }
    }

    /// One transaction on `db`; GRDB errors become ``HaikuError/database(operation:reason:)``.
    static func run<T>(_ db: DatabaseQueue, _ operation: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try db.write(body)
        } catch let error as HaikuError {
            throw error
        } catch {
            throw HaikuError.database(operation: operation, reason: "\(error)")
        }
    }

    /// One transaction on this field's database; with an op log, the committed body is logged
    /// with the counts it declares (``FieldOpLog``).
    func write<T>(_ operation: String, counts: [String: Int] = [:], _ body: @escaping (Database) throws -> T) throws -> T {
        transactions += 1
        let result = try HaikuField.run(db, operation, body)
        opLog?.record(operation, counts: counts) { _ = try body($0) }
        return result
    }

    /// Starts the stress run's operation log (counted: trigram counts, word frequencies, chain
    /// counts; units: shard + metrics rows, dream dialogs with their exchanges).
    public func enableOpLog() throws -> FieldOpLog {
        let log = try FieldOpLog(
            field: "haiku", live: db,
            countedColumns: [.init("trigrams", "count"), .init("words", "frequency"), .init("markov_bigrams", "count")],
            audit: HaikuField.audit)
        opLog = log
        return log
    }

    /// The units of a snapshot that are not whole: a turn's shard row comes with its metrics row
    /// (one operation), a dream dialog with all its exchanges.
    static func audit(_ db: Database) throws -> [String] {
        var broken: [String] = []
        let shards = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM shards") ?? 0
        let metrics = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM metrics") ?? 0
        if shards != metrics { broken.append("haiku: \(shards) shard rows but \(metrics) metrics rows") }
        let dialogs = try Row.fetchAll(db, sql: """
            SELECT d.id, d.exchanges_count, d.finished_at, (SELECT COUNT(*) FROM dream_exchanges e WHERE e.dialog_id = d.id)
            FROM dream_dialogs d
            """)
        for row in dialogs {
            let id: Int64 = row[0], declared: Int? = row[1], finished: Double? = row[2], actual: Int = row[3]
            if finished == nil || declared != actual {
                broken.append("haiku: dream dialog \(id) has \(actual) exchanges, declares \(declared.map(String.init) ?? "none")")
            }
        }
        return broken
    }

    /// A read on this field's database (no write transaction).
    func read<T>(_ operation: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try db.read(body)
        } catch {
            throw HaikuError.database(operation: operation, reason: "\(error)")
        }
    }
}

/// Every table and index of haiku.md §3.1, created if missing.
enum HaikuSchema {
    static let statements: [String] = [
        // Harmonix (identical in the sync and async originals)
        """
        CREATE TABLE IF NOT EXISTS words (id INTEGER PRIMARY KEY, word TEXT UNIQUE NOT NULL,
            weight REAL DEFAULT 1.0, frequency INTEGER DEFAULT 0, last_used TIMESTAMP, added_by TEXT)
        """,
        """
        CREATE TABLE IF NOT EXISTS trigrams (id INTEGER PRIMARY KEY, word1 TEXT NOT NULL, word2 TEXT NOT NULL,
            word3 TEXT NOT NULL, count INTEGER DEFAULT 1, resonance REAL, UNIQUE(word1, word2, word3))
        """,
        """
        CREATE TABLE IF NOT EXISTS shards (id INTEGER PRIMARY KEY, timestamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
            filepath TEXT NOT NULL, dissonance REAL, haiku_temp REAL, harmonix_temp REAL)
        """,
        """
        CREATE TABLE IF NOT EXISTS metrics (id INTEGER PRIMARY KEY, timestamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
            perplexity REAL, entropy REAL, resonance REAL, cloud_size INTEGER)
        """,
        // Generator
        """
        CREATE TABLE IF NOT EXISTS markov_bigrams (word1 TEXT NOT NULL, word2 TEXT NOT NULL, next_word TEXT NOT NULL,
            count INTEGER DEFAULT 1, PRIMARY KEY (word1, word2, next_word))
        """,
        """
        CREATE TABLE IF NOT EXISTS recent_trigrams (id INTEGER PRIMARY KEY, word1 TEXT NOT NULL, word2 TEXT NOT NULL,
            word3 TEXT NOT NULL, position INTEGER NOT NULL, timestamp REAL NOT NULL)
        """,
        // Phase 4
        """
        CREATE TABLE IF NOT EXISTS haiku_state_log (id INTEGER PRIMARY KEY AUTOINCREMENT, ts REAL NOT NULL,
            turn_id TEXT, prev_state_id TEXT, state_id TEXT NOT NULL, metrics_before TEXT, metrics_after TEXT,
            boredom INTEGER DEFAULT 0, overwhelm INTEGER DEFAULT 0, stuck INTEGER DEFAULT 0)
        """,
        """
        CREATE TABLE IF NOT EXISTS haiku_transitions (from_state_id TEXT NOT NULL, to_state_id TEXT NOT NULL,
            count INTEGER NOT NULL DEFAULT 0, sum_similarity REAL NOT NULL DEFAULT 0.0,
            sum_quality_delta REAL NOT NULL DEFAULT 0.0, sum_overwhelm REAL NOT NULL DEFAULT 0.0,
            sum_boredom REAL NOT NULL DEFAULT 0.0, sum_stuck REAL NOT NULL DEFAULT 0.0,
            PRIMARY KEY (from_state_id, to_state_id))
        """,
        "CREATE INDEX IF NOT EXISTS idx_haiku_transitions_from ON haiku_transitions (from_state_id)",
        """
        CREATE TABLE IF NOT EXISTS haiku_state_snapshot (state_id TEXT PRIMARY KEY, last_metrics TEXT,
            activations_total INTEGER NOT NULL DEFAULT 0, last_updated REAL)
        """,
        // Dream
        "CREATE TABLE IF NOT EXISTS dream_meta (key TEXT PRIMARY KEY, value TEXT)",
        """
        CREATE TABLE IF NOT EXISTS dream_fragments (id INTEGER PRIMARY KEY AUTOINCREMENT, text TEXT NOT NULL,
            weight REAL NOT NULL DEFAULT 1.0)
        """,
        """
        CREATE TABLE IF NOT EXISTS dream_dialogs (id INTEGER PRIMARY KEY AUTOINCREMENT, started_at REAL NOT NULL,
            finished_at REAL, exchanges_count INTEGER DEFAULT 0, avg_quality REAL, note TEXT)
        """,
        """
        CREATE TABLE IF NOT EXISTS dream_exchanges (id INTEGER PRIMARY KEY AUTOINCREMENT,
            dialog_id INTEGER REFERENCES dream_dialogs(id), speaker TEXT NOT NULL, text TEXT NOT NULL,
            dissonance REAL, quality REAL)
        """,
    ]

    /// Table names, in schema order.
    static let tables = [
        "words", "trigrams", "shards", "metrics", "markov_bigrams", "recent_trigrams", "haiku_state_log",
        "haiku_transitions", "haiku_state_snapshot", "dream_meta", "dream_fragments", "dream_dialogs",
        "dream_exchanges",
    ]
}
