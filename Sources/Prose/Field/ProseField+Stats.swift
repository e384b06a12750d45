import GRDB

/// `get_stats()` of the field; SQL `AVG` over no rows reads as 0.
public struct ProseStats: Sendable, Hashable {
    public var totalProse: Int
    public var averageQuality: Double
    public var averageDissonance: Double
    public var averageSemanticDensity: Double
    /// Rows of `prose_trigrams`: the field's "wrinkle" size.
    public var trigramVocabulary: Int

    /// The original's dictionary keys with their values, in its order.
    public var entries: [(key: String, value: Double)] {
        [
            ("total_prose", Double(totalProse)), ("avg_quality", averageQuality),
            ("avg_dissonance", averageDissonance), ("avg_semantic_density", averageSemanticDensity),
            ("trigram_vocabulary", Double(trigramVocabulary)),
        ]
    }
}

/// One row of `get_recent_prose` / `get_best_prose`.
public struct StoredProse: Sendable, Hashable {
    public var id: Int64
    public var text: String
    public var quality: Double
    /// Writer tag (`added_by`), e.g. "prose_cascade", "bootstrap".
    public var addedBy: String
}

extension ProseField {
    /// `get_stats()`: one consistent snapshot (a single read transaction).
    public func stats() throws -> ProseStats {
        try read("reading stats") { db in try Self.statsLocked(db) }
    }

    static func statsLocked(_ db: Database) throws -> ProseStats {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT COUNT(*) AS n, AVG(quality) AS q, AVG(dissonance) AS d, AVG(semantic_density) AS s
                FROM prose
                """)!
        let trigrams = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM prose_trigrams") ?? 0
        return ProseStats(
            totalProse: row["n"], averageQuality: row["q"] ?? 0, averageDissonance: row["d"] ?? 0,
            averageSemanticDensity: row["s"] ?? 0, trigramVocabulary: trigrams)
    }

    /// `get_recent_prose(limit)`: newest first (`timestamp DESC, id DESC`).
    public func recentProse(limit: Int = 10) throws -> [StoredProse] {
        try fetchProse("reading recent prose", order: "timestamp DESC, id DESC", limit: limit)
    }

    /// `get_best_prose(limit)`: highest quality first (ties: newest id first).
    public func bestProse(limit: Int = 10) throws -> [StoredProse] {
        try fetchProse("reading best prose", order: "quality DESC, id DESC", limit: limit)
    }

    /// The `limit` newest rows whose writer does not start with `prefix` (Overthinkrose's input).
    public func recentProse(limit: Int, excludingWritersWithPrefix prefix: String) throws -> [StoredProse] {
        try read("reading recent prose") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, text, quality, added_by FROM prose
                    WHERE added_by IS NULL OR substr(added_by, 1, ?) != ?
                    ORDER BY timestamp DESC, id DESC LIMIT ?
                    """,
                arguments: [prefix.count, prefix, limit]
            ).map(Self.storedProse)
        }
    }

    private func fetchProse(_ operation: String, order: String, limit: Int) throws -> [StoredProse] {
        try read(operation) { db in
            try Row.fetchAll(
                db, sql: "SELECT id, text, quality, added_by FROM prose ORDER BY \(order) LIMIT ?", arguments: [limit]
            ).map(Self.storedProse)
        }
    }

    private static func storedProse(_ row: Row) -> StoredProse {
        StoredProse(id: row["id"], text: row["text"], quality: row["quality"] ?? 0.5, addedBy: row["added_by"] ?? "")
    }

    /// Count and summed `count` of the trigram table (conservation checks and reports).
    public func trigramTotals() throws -> (rows: Int, mentions: Int) {
        try read("counting trigrams") { db in
            let row = try Row.fetchOne(db, sql: "SELECT COUNT(*) AS n, COALESCE(SUM(count), 0) AS s FROM prose_trigrams")!
            return (row["n"], row["s"])
        }
    }

    /// The `(sentence_num, prose_id)` pairs of `prose_sentences` in id order (integrity checks).
    public func sentenceNumbers() throws -> [(proseID: Int64, number: Int)] {
        try read("reading sentence numbers") { db in
            try Row.fetchAll(db, sql: "SELECT prose_id, sentence_num FROM prose_sentences ORDER BY id").map {
                (proseID: $0["prose_id"], number: $0["sentence_num"])
            }
        }
    }
}

/// Every column of one `prose` row (inspection and tests).
public struct ProseRecord: Sendable, Hashable {
    public var id: Int64
    public var text: String
    public var quality: Double?
    public var dissonance: Double?
    public var temperature: Double?
    public var semanticDensity: Double?
    public var addedBy: String?
    public var wordCount: Int?
    public var sentenceCount: Int?
    public var paragraphCount: Int?
}

extension ProseField {
    /// The full row `id`, or `nil`.
    public func record(id: Int64) throws -> ProseRecord? {
        try read("reading a prose row") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM prose WHERE id = ?", arguments: [id]).map { row in
                ProseRecord(
                    id: row["id"], text: row["text"], quality: row["quality"], dissonance: row["dissonance"],
                    temperature: row["temperature"], semanticDensity: row["semantic_density"],
                    addedBy: row["added_by"], wordCount: row["word_count"], sentenceCount: row["sentence_count"],
                    paragraphCount: row["paragraph_count"])
            }
        }
    }

    /// The stored sentences of prose row `id` as (sentence_num, text, word_count), in number order.
    public func sentences(ofProse id: Int64) throws -> [(number: Int, text: String, wordCount: Int)] {
        try read("reading sentences") { db in
            try Row.fetchAll(
                db, sql: "SELECT sentence_num, text, word_count FROM prose_sentences WHERE prose_id = ? ORDER BY sentence_num",
                arguments: [id]
            ).map { (number: $0["sentence_num"], text: $0["text"], wordCount: $0["word_count"]) }
        }
    }

    /// The `count` of one trigram (0 when absent); words are matched as stored (lowercased).
    public func trigramCount(_ w1: String, _ w2: String, _ w3: String) throws -> Int {
        try read("reading a trigram") { db in
            try Int.fetchOne(
                db, sql: "SELECT count FROM prose_trigrams WHERE word1 = ? AND word2 = ? AND word3 = ?",
                arguments: [w1, w2, w3]) ?? 0
        }
    }

    /// Names of the tables in the database file, sorted.
    public func tableNames() throws -> [String] {
        try read("listing tables") { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
    }
}
