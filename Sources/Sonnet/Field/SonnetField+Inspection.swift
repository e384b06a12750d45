import GRDB
import HarmonixCore

/// Read-only views of the raw rows, for tests, reports and invariant checks (each one snapshot).
extension SonnetField {
    /// One `sonnets` row as stored.
    public struct SonnetRow: Sendable, Hashable {
        public var id: Int64
        public var text: String
        public var quality: Double?
        public var dissonance: Double?
        public var temperature: Double?
        public var addedBy: String?
        public var wordCount: Int?
        public var lineCount: Int?
    }

    public func sonnetRow(id: Int64) throws -> SonnetRow? {
        try read("reading sonnet \(id)") { db in
            try Row.fetchOne(db, sql: """
                SELECT id, text, quality, dissonance, temperature, added_by, word_count, line_count
                FROM sonnets WHERE id = ?
                """, arguments: [id]).map {
                SonnetRow(id: $0[0], text: $0[1], quality: $0[2], dissonance: $0[3], temperature: $0[4],
                          addedBy: $0[5], wordCount: $0[6], lineCount: $0[7])
            }
        }
    }

    /// line_num values per sonnet_id, in row order.
    public func lineNumbersBySonnet() throws -> [Int64: [Int]] {
        try read("reading sonnet lines") { db in
            var result: [Int64: [Int]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT sonnet_id, line_num FROM sonnet_lines ORDER BY id") {
                result[row[0] as Int64, default: []].append(row[1])
            }
            return result
        }
    }

    /// Number of `sonnet_lines` rows.
    public func lineRowCount() throws -> Int {
        try read("counting sonnet lines") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sonnet_lines") ?? 0 }
    }

    /// The stored count of one trigram (0 when absent).
    public func trigramCount(_ t: Trigram) throws -> Int {
        try read("reading a trigram") { db in
            try Int.fetchOne(db, sql: "SELECT count FROM sonnet_trigrams WHERE word1 = ? AND word2 = ? AND word3 = ?",
                             arguments: [t.first, t.second, t.third]) ?? 0
        }
    }

    /// Number of distinct trigram rows.
    public func trigramRowCount() throws -> Int {
        try read("counting trigrams") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sonnet_trigrams") ?? 0 }
    }

    /// Names of the user tables (schema check).
    public func tableNames() throws -> Set<String> {
        try read("reading the schema") { db in
            Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
        }
    }
}
