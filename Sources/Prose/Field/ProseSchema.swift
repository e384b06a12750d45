import GRDB
import HarmonixCore

/// The original's schema, created with IF NOT EXISTS on every open (prose.md §2.1).
/// Foreign keys stay off, as in the original (no PRAGMA).
enum ProseSchema {
    static let statements = [
        """
        CREATE TABLE IF NOT EXISTS prose (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            text TEXT NOT NULL,
            quality REAL DEFAULT 0.5,
            dissonance REAL,
            temperature REAL,
            semantic_density REAL,
            timestamp REAL DEFAULT (julianday('now')),
            added_by TEXT DEFAULT 'user',
            word_count INTEGER,
            sentence_count INTEGER,
            paragraph_count INTEGER
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS prose_sentences (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            prose_id INTEGER,
            sentence_num INTEGER,
            text TEXT NOT NULL,
            word_count INTEGER,
            FOREIGN KEY (prose_id) REFERENCES prose(id)
        )
        """,
        TrigramTable.createSQL("prose_trigrams"),
    ]

    static func create(_ db: Database) throws {
        for sql in statements { try db.execute(sql: sql) }
    }
}
