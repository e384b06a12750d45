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
