import GRDB
import GRDBSQLite
import HarmonixCore

/// SQLite's "the bytes stay valid until the statement is reset" destructor marker.
private let sqliteStatic = unsafeBitCast(0, to: sqlite3_destructor_type.self)

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

    /// Persists a chain snapshot unless a newer one is already stored (versions from
    /// ``HaikuMind/updateChain(_:)``): the read of the chain (in the mind) and this save are two
    /// calls, so two turns' saves may arrive out of order; the check keeps the stored chain equal
    /// to the newest saved update (it holds every transition of every update up to it).
    /// Returns whether it wrote. The log declares the update's `added` transitions either way:
    /// a skipped save's transitions are inside the newer snapshot already stored.
    @discardableResult
    public func saveChain(_ snapshot: ChainSnapshot) throws -> Bool {
        let fresh = snapshot.version > savedChainVersion || FieldFaults.active == .splitTurnSequences
        guard fresh else {
            opLog?.record("saving the Markov chain (older snapshot, skipped)",
                          counts: ["markov_bigrams.count": snapshot.added]) { _ in }
            return false
        }
        savedChainVersion = max(savedChainVersion, snapshot.version)
        let now = clock.now()
        let rows = snapshot.rows, recent = snapshot.recent
        try write("saving the Markov chain", counts: ["markov_bigrams.count": snapshot.added]) { db in
            try HaikuField.saveChain(db, rows: rows, recent: recent, now: now)
        }
        return true
    }

    /// Rows per multi-row INSERT of the chain rewrite (4 variables each, far below SQLite's limit).
    static let chainBatch = 128

    static func saveChain(_ db: Database, rows: [ChainRow], recent: [Trigram], now: Double) throws {
        try db.execute(sql: "DELETE FROM markov_bigrams")
        // The hot loop of the turn (a full rewrite of ~600–2,000 rows, up to 5 times per turn):
        // multi-row INSERTs bound and stepped directly, without GRDB's per-row argument boxing. Row
        // order (hence rowid order, the reload order) is the chain's insertion order.
        // Each batch's words are copied once into one byte buffer and bound without a copy
        // (SQLITE_STATIC: the buffer outlives the step).
        var bytes: [UInt8] = []
        bytes.reserveCapacity(chainBatch * 3 * 16)
        var spans: [Int] = []
        spans.reserveCapacity(chainBatch * 3 + 1)
        var offset = 0
        while offset < rows.count {
            let n = min(chainBatch, rows.count - offset)
            let insert = try db.cachedStatement(sql: chainInsertSQL(rows: n))
            let stmt = insert.sqliteStatement
            bytes.removeAll(keepingCapacity: true)
            spans.removeAll(keepingCapacity: true)
            spans.append(0)
            for r in rows[offset..<(offset + n)] {
                bytes.append(contentsOf: r.first.utf8); spans.append(bytes.count)
                bytes.append(contentsOf: r.second.utf8); spans.append(bytes.count)
                bytes.append(contentsOf: r.next.utf8); spans.append(bytes.count)
            }
            bytes.append(0)   // a non-empty buffer even when every word is empty
            let code: Int32 = bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    let base = chars.baseAddress!
                    sqlite3_reset(stmt)
                    var text = 0
                    for (i, r) in rows[offset..<(offset + n)].enumerated() {
                        let column = Int32(i * 4 + 1)
                        for k in 0..<3 {
                            let start = spans[text], end = spans[text + 1]
                            sqlite3_bind_text(stmt, column + Int32(k), base + start, Int32(end - start), sqliteStatic)
                            text += 1
                        }
                        sqlite3_bind_int64(stmt, column + 3, Int64(r.count))
                    }
                    let code = sqlite3_step(stmt)
                    sqlite3_reset(stmt)
                    sqlite3_clear_bindings(stmt)
                    return code
                }
            }
            guard code == SQLITE_DONE else {
                throw HaikuError.database(operation: "saving the Markov chain",
                                          reason: "SQLite error \(code): " + String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            offset += n
        }
        try db.execute(sql: "DELETE FROM recent_trigrams")
        let recentInsert = try db.cachedStatement(sql: """
            INSERT INTO recent_trigrams (word1, word2, word3, position, timestamp) VALUES (?, ?, ?, ?, ?)
            """)
        for (i, t) in recent.enumerated() {
            try recentInsert.execute(arguments: [t.first, t.second, t.third, i, now])
        }
    }

    /// `INSERT INTO markov_bigrams … VALUES (?,?,?,?), … ` for `rows` rows.
    static func chainInsertSQL(rows: Int) -> String {
        "INSERT INTO markov_bigrams (word1, word2, next_word, count) VALUES "
            + Array(repeating: "(?,?,?,?)", count: rows).joined(separator: ",")
    }
}
