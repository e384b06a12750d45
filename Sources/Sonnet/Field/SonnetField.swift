import Foundation
import GRDB
import HarmonixCore

/// The Sonnet field (the original's `SonnetHarmonix` / `AsyncSonnetHarmonix`, spec §3): sonnets,
/// their lines and the word-trigram cloud in SQLite, behind an actor.
///
/// Concurrency rules (overview decision 5, cascade.md §3.5):
/// 1. Every public method is one critical section: it runs its SQLite work synchronously through
///    `DatabaseQueue` inside the actor, with no `await` between its reads and writes, so it is
///    atomic with respect to every other call on this field (why: Swift actors are re-entrant at
///    each `await`; a suspension between read and write would let another call interleave).
/// 2. Private `…Unlocked` helpers take a `Database` and assume they run inside such a section —
///    the analogue of the original's `_unlocked` methods; they never call public methods.
/// 3. `add_sonnet` is one transaction: the sonnet row, its line rows and its trigram upserts
///    commit together, so no reader sees a half-inserted sonnet (the original commits twice).
/// 4. CPU-heavy work (generation) never runs here: callers generate first, then make one call.
///
/// ```swift
/// let field = try SonnetField(path: "cloud/sonnets.db")      // nil path = in-memory
/// let (d, pulse) = try await field.computeDissonance(userInput: prompt, sonnet: text)
/// let id = try await field.addSonnet(text, quality: 0.8, dissonance: d)
/// ```
public actor SonnetField {
    private let queue: DatabaseQueue
    public nonisolated let path: String?
    /// The stress run's operation log; nil (inert) otherwise.
    private var opLog: FieldOpLog?

    /// The tables of a Sonnet field: a database with other tables is refused untouched.
    public static let schema = FieldSchema(organism: "Sonnet", tables: ["sonnets", "sonnet_lines", "sonnet_trigrams", "metrics"])

    /// Opens (creating if needed) the field database and its four tables.
    ///
    /// - throws: `FieldDatabaseError.cannotOpen` or ``SonnetError/field(detail:context:)``.
    public init(path: String?) throws {
        self.path = path
        queue = try FieldDatabase.open(path: path, schema: Self.schema)
        do {
            try queue.write { db in try Self.createSchema(db) }
        } catch {
            throw SonnetError.field(detail: "\(error)", context: "creating the Sonnet tables in \(path ?? ":memory:")")
        }
    }

    private static func createSchema(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS sonnets (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                text TEXT NOT NULL,
                quality REAL DEFAULT 0.5,
                dissonance REAL,
                temperature REAL,
                timestamp REAL DEFAULT (julianday('now')),
                added_by TEXT DEFAULT 'user',
                word_count INTEGER,
                line_count INTEGER DEFAULT 14
            );
            CREATE TABLE IF NOT EXISTS sonnet_lines (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                sonnet_id INTEGER,
                line_num INTEGER,
                text TEXT NOT NULL,
                syllable_count INTEGER,
                FOREIGN KEY (sonnet_id) REFERENCES sonnets(id)
            );
            \(TrigramTable.createSQL("sonnet_trigrams"));
            CREATE TABLE IF NOT EXISTS metrics (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                timestamp REAL DEFAULT (julianday('now')),
                avg_quality REAL,
                avg_dissonance REAL,
                sonnet_count INTEGER,
                vocab_size INTEGER
            );
            """)
    }

    // MARK: - Writes

    /// `add_sonnet`: the sonnet row, one line row per line of `text.strip()` (1-based, fallback
    /// syllables) and the upserted word trigrams of `text`, as one transaction. Empty text still
    /// stores a row with one empty line. Returns the new id.
    @discardableResult
    public func addSonnet(
        _ text: String, quality: Double = 0.5, dissonance: Double = 0.5, temperature: Double = 0.8,
        addedBy: String = "user"
    ) throws -> Int64 {
        let lines = PythonText.strip(text, .swiftCharacters).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let wordCount = PythonText.split(text, .swiftCharacters).count
        let trigrams = Trigram.of(PythonText.lowerSplit(text, .swiftCharacters))
        return try write("adding a sonnet", counts: ["sonnet_trigrams.count": trigrams.count]) { db in
            try db.execute(
                sql: """
                    INSERT INTO sonnets (text, quality, dissonance, temperature, added_by, word_count, line_count)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [text, quality, dissonance, temperature, addedBy, wordCount, lines.count])
            let id = db.lastInsertedRowID
            for (index, line) in lines.enumerated() {
                try db.execute(
                    sql: "INSERT INTO sonnet_lines (sonnet_id, line_num, text, syllable_count) VALUES (?, ?, ?, ?)",
                    arguments: [id, index + 1, line, Syllables.count(line)])
            }
            try Self.updateTrigramsUnlocked(db, trigrams)
            return id
        }
    }

    /// `update_trigrams`: upsert each trigram, count + 1 on conflict.
    public func updateTrigrams(_ trigrams: [Trigram]) throws {
        try write("updating trigrams", counts: ["sonnet_trigrams.count": trigrams.count]) { db in
            try Self.updateTrigramsUnlocked(db, trigrams)
        }
    }

    /// EXHALE: the trigrams of `text`'s field words (lowercased whitespace tokens), atomically.
    /// Returns how many trigrams were upserted (0 for fewer than 3 words).
    @discardableResult
    public func absorb(_ text: String) throws -> Int {
        let trigrams = Trigram.of(PythonText.lowerSplit(text, .swiftCharacters))
        try updateTrigrams(trigrams)
        return trigrams.count
    }

    /// A row without lines or trigrams (Overthinkng's variations: word_count NULL).
    @discardableResult
    public func addBareSonnet(_ text: String, quality: Double, dissonance: Double, temperature: Double, addedBy: String) throws -> Int64 {
        try write("adding an Overthinkng row") { db in
            try db.execute(
                sql: "INSERT INTO sonnets (text, quality, dissonance, temperature, added_by) VALUES (?, ?, ?, ?, ?)",
                arguments: [text, quality, dissonance, temperature, addedBy])
            return db.lastInsertedRowID
        }
    }

    /// Overthinkng's pass as one operation: if at least two sonnets are stored, the newest
    /// non-Overthinkng rows are read, expanded (``Overthinkng/expand(recent:numRings:rng:)``, pure
    /// and cheap) and every variation is added as a bare row, in one transaction. (Before issue 11
    /// the reads and each `addBareSonnet` were separate calls: only the cascade gate kept another
    /// turn's sonnet from landing between them.) Returns how many rows were added.
    public func overthinkngPass(rng: inout SeededGenerator) throws -> Int {
        let start = rng
        let (added, end) = try write("Overthinkng's pass") { db -> (Int, SeededGenerator) in
            var stream = start
            let recentCount = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (SELECT id FROM sonnets LIMIT 3)") ?? 0
            guard recentCount >= 2 else { return (0, stream) }
            let recent = try Self.sonnets(db, sql: """
                SELECT id, text, quality FROM sonnets
                WHERE added_by NOT IN ('overthinkng_echo', 'overthinkng_drift', 'overthinkng_meta')
                ORDER BY timestamp DESC, id DESC LIMIT ?
                """, [Overthinkng.recentLimit])
            var added = 0
            for variation in Overthinkng.expand(recent: recent, rng: &stream) {
                try db.execute(
                    sql: "INSERT INTO sonnets (text, quality, dissonance, temperature, added_by) VALUES (?, ?, ?, ?, ?)",
                    arguments: [variation.text, variation.coherence, 0.5, 0.8, variation.addedBy])
                added += 1
            }
            return (added, stream)
        }
        rng = end
        return added
    }

    /// Starts the stress run's operation log (counted: trigram counts; units: each sonnet with
    /// exactly its lines).
    public func enableOpLog() throws -> FieldOpLog {
        let log = try FieldOpLog(field: "sonnet", live: queue, countedColumns: [.init("sonnet_trigrams", "count")],
                                 audit: SonnetField.audit)
        opLog = log
        return log
    }

    /// Sonnets that are not whole in a snapshot: a sonnet with lines (word_count set) must have
    /// exactly line_count rows numbered 1…line_count under its own id; a bare row has none.
    static func audit(_ db: Database) throws -> [String] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT s.id, s.word_count, s.line_count, COUNT(l.id), MIN(l.line_num), MAX(l.line_num), COUNT(DISTINCT l.line_num)
            FROM sonnets s LEFT JOIN sonnet_lines l ON l.sonnet_id = s.id GROUP BY s.id
            """)
        var broken: [String] = []
        for row in rows {
            let id: Int64 = row[0], words: Int? = row[1], declared: Int = row[2] ?? 0, lines: Int = row[3]
            let low: Int? = row[4], high: Int? = row[5], distinct: Int = row[6]
            if words == nil {
                if lines != 0 { broken.append("sonnet \(id): a bare row with \(lines) lines") }
            } else if lines != declared || distinct != declared || (declared > 0 && (low != 1 || high != declared)) {
                broken.append("sonnet \(id): \(lines) lines (\(low ?? 0)…\(high ?? 0)) for line_count \(declared)")
            }
        }
        let orphans = try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM sonnet_lines WHERE sonnet_id NOT IN (SELECT id FROM sonnets)
            """) ?? 0
        if orphans > 0 { broken.append("sonnet: \(orphans) line rows without their sonnet") }
        return broken
    }

    private static func updateTrigramsUnlocked(_ db: Database, _ trigrams: [Trigram]) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO sonnet_trigrams (word1, word2, word3, count) VALUES (?, ?, ?, 1)
            ON CONFLICT(word1, word2, word3) DO UPDATE SET count = count + 1
            """)
        for t in trigrams {
            try statement.execute(arguments: [t.first, t.second, t.third])
        }
    }

    // MARK: - Reads

    /// `compute_dissonance` (spec §3.3): d = 0.7·novelty + 0.3·(1 − Jaccard(user, sonnet)), with
    /// novelty measured against the cloud (word1 ∪ word2 ∪ word3) read in the same section.
    /// Empty user input or sonnet → (0.5, zero pulse). Sonnet's pulse: novelty = share of the
    /// sonnet's distinct words absent from the cloud (1 on an empty cloud); arousal = |#user words −
    /// #sonnet words| / max(1, #user words), unbounded (≈ 20 for real turns); entropy = min(1,
    /// distinct words of user + sonnet / 50).
    public func computeDissonance(userInput: String, sonnet: String) throws -> (dissonance: Double, pulse: Pulse) {
        let userWords = PythonText.lowerSplit(userInput, .swiftCharacters), sonnetWords = PythonText.lowerSplit(sonnet, .swiftCharacters)
        if userWords.isEmpty || sonnetWords.isEmpty { return (0.5, Pulse()) }
        let cloud = try read("reading the cloud vocabulary") { db in try Self.cloudVocabularyUnlocked(db) }
        return Self.dissonance(userWords: userWords, sonnetWords: sonnetWords, cloud: cloud)
    }

    /// The formula of §3.3 on word lists and a cloud (pure).
    static func dissonance(userWords: [String], sonnetWords: [String], cloud: Set<String>) -> (dissonance: Double, pulse: Pulse) {
        let sonnetSet = Set(sonnetWords), userSet = Set(userWords)
        let novelty = cloud.isEmpty ? 1.0 : Double(sonnetSet.subtracting(cloud).count) / Double(sonnetSet.count)
        let union = userSet.union(sonnetSet)
        let similarity = Double(userSet.intersection(sonnetSet).count) / Double(union.count)
        let arousal = Double(abs(userWords.count - sonnetWords.count)) / Double(max(1, userWords.count))
        let entropy = min(1.0, Double(union.count) / 50.0)
        let d = novelty * 0.7 + (1.0 - similarity) * 0.3
        return (d, Pulse(novelty: novelty, arousal: arousal, entropy: entropy))
    }

    /// Distinct words appearing as word1, word2 or word3.
    public func cloudVocabulary() throws -> Set<String> {
        try read("reading the cloud vocabulary") { db in try Self.cloudVocabularyUnlocked(db) }
    }

    private static func cloudVocabularyUnlocked(_ db: Database) throws -> Set<String> {
        Set(try String.fetchAll(db, sql: """
            SELECT word1 FROM sonnet_trigrams UNION SELECT word2 FROM sonnet_trigrams
            UNION SELECT word3 FROM sonnet_trigrams
            """))
    }

    /// Newest first (timestamp, then id, descending: julianday has only ms resolution).
    public func recentSonnets(limit: Int = 10) throws -> [StoredSonnet] {
        try read("reading recent sonnets") { db in
            try Self.sonnets(db, sql: "SELECT id, text, quality FROM sonnets ORDER BY timestamp DESC, id DESC LIMIT ?", [limit])
        }
    }

    /// The newest `limit` sonnets not written by Overthinkng (its input, spec §4.2).
    public func recentSonnetsExcludingOverthinkng(limit: Int = 5) throws -> [StoredSonnet] {
        try read("reading recent sonnets") { db in
            try Self.sonnets(db, sql: """
                SELECT id, text, quality FROM sonnets
                WHERE added_by NOT IN ('overthinkng_echo', 'overthinkng_drift', 'overthinkng_meta')
                ORDER BY timestamp DESC, id DESC LIMIT ?
                """, [limit])
        }
    }

    /// `get_best_sonnets`: quality ≥ `minQuality`, best first.
    public func bestSonnets(limit: Int = 10, minQuality: Double = 0.7) throws -> [StoredSonnet] {
        try read("reading the best sonnets") { db in
            try Self.sonnets(db, sql: "SELECT id, text, quality FROM sonnets WHERE quality >= ? ORDER BY quality DESC, id ASC LIMIT ?",
                             [minQuality, limit])
        }
    }

    /// `get_stats`: one snapshot of count, mean quality, mean dissonance (0.0 when empty) and vocab_size.
    public func stats() throws -> FieldStats {
        try read("reading field stats") { db in
            let count = try Self.sonnetCountUnlocked(db)
            let avgQ = try Double.fetchOne(db, sql: "SELECT AVG(quality) FROM sonnets") ?? 0.0
            let avgD = try Double.fetchOne(db, sql: "SELECT AVG(dissonance) FROM sonnets") ?? 0.0
            let vocab = try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT word1) FROM sonnet_trigrams") ?? 0
            return FieldStats(sonnetCount: count, averageQuality: avgQ, averageDissonance: avgD, vocabSize: vocab)
        }
    }

    private static func sonnetCountUnlocked(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sonnets") ?? 0
    }

    private static func sonnets(_ db: Database, sql: String, _ arguments: StatementArguments) throws -> [StoredSonnet] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).map {
            StoredSonnet(id: $0[0], text: $0[1], quality: $0[2] ?? 0.5)
        }
    }

    // MARK: - Pure

    /// `adjust_temperature(d)` → (sonnet: 0.6 if d < 0.3, 0.8 if d < 0.7, else 1.0; harmonix: 0.5 + 0.5·d).
    public nonisolated static func adjustTemperature(_ d: Double) -> (sonnet: Double, harmonix: Double) {
        let sonnet = d < 0.3 ? 0.6 : (d < 0.7 ? 0.8 : 1.0)
        return (sonnet, 0.5 + d * 0.5)
    }

    /// The syllable count stored with each line (the formatter's fallback).
    public nonisolated static func countSyllables(_ line: String) -> Int { Syllables.count(line) }

    // MARK: - Plumbing

    private func write<T>(_ context: String, counts: [String: Int] = [:], _ body: @escaping (Database) throws -> T) throws -> T {
        let result: T
        do { result = try queue.write(body) } catch let error as SonnetError { throw error } catch {
            throw SonnetError.field(detail: "\(error)", context: "\(context) in \(path ?? ":memory:")")
        }
        opLog?.record(context, counts: counts) { _ = try body($0) }
        return result
    }

    func read<T>(_ context: String, _ body: (Database) throws -> T) throws -> T {
        do { return try queue.read(body) } catch let error as SonnetError { throw error } catch {
            throw SonnetError.field(detail: "\(error)", context: "\(context) in \(path ?? ":memory:")")
        }
    }
}
