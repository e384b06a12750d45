import GRDB

// The generator's tables: `markov_bigrams` and `recent_trigrams` (haiku.md §2.2).
extension HaikuField {
    /// The stored chain (in row order, which is the saved insertion order) and the recent trigrams
    /// (by position, at most 10).
    public func loadChain() throws -> (rows: [ChainRow], recent: [Trigram]) {
        try read("loading the Markov chain") { db in try HaikuField.loadChain(db) }
    }

    static func loadChain(_ db: Database) throws -> (rows: [ChainRow], recent: [Trigram]) {
        let rows = try Row.fetchAll(db, sql: "SELECT word1, word2, next_word, count FROM markov_bigrams ORDER BY rowid")
            .map { ChainRow(first: $0[0], second: $0[1], next: $0[2], count: $0[3]) }
        let recent = try Row.fetchAll(db, sql: """
            SELECT word1, word2, word3 FROM recent_trigrams ORDER BY position LIMIT 10
            """).map { Trigram($0[0], $0[1], $0[2]) }
        return (rows, recent)
    }

    /// `update_chain`'s persistence: delete every `markov_bigrams` row and reinsert the whole chain,
    /// then replace `recent_trigrams` (position = index, timestamp = now); one transaction. This full
    /// rewrite is the original's work per call, kept on purpose (haiku.md §8 "same work").
    public func saveChain(rows: [ChainRow], recent: [Trigram]) throws {
        let now = clock.now()
        try write("saving the Markov chain") { db in try HaikuField.saveChain(db, rows: rows, recent: recent, now: now) }
    }

    static func saveChain(_ db: Database, rows: [ChainRow], recent: [Trigram], now: Double) throws {
        try db.execute(sql: "DELETE FROM markov_bigrams")
        let insert = try db.cachedStatement(sql: """
            INSERT INTO markov_bigrams (word1, word2, next_word, count) VALUES (?, ?, ?, ?)
            """)
        for r in rows { try insert.execute(arguments: [r.first, r.second, r.next, r.count]) }
        try db.execute(sql: "DELETE FROM recent_trigrams")
        let recentInsert = try db.cachedStatement(sql: """
            INSERT INTO recent_trigrams (word1, word2, word3, position, timestamp) VALUES (?, ?, ?, ?, ?)
            """)
        for (i, t) in recent.enumerated() {
            try recentInsert.execute(arguments: [t.first, t.second, t.third, i, now])
        }
    }
}
