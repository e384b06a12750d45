/// The word-trigram table of the original Sonnet (`sonnet_trigrams`) and Prose (`prose_trigrams`):
/// both originals create it with the same columns, so both ports take its definition from here.
/// (HAiKU's `trigrams` table is another design: no resonance, no AUTOINCREMENT.)
public enum TrigramTable {
    /// `CREATE TABLE IF NOT EXISTS <name> (…)`, without a trailing semicolon. The text is kept as
    /// the originals wrote it, since SQLite stores it verbatim in the file's schema.
    public static func createSQL(_ name: String) -> String {
        """
        CREATE TABLE IF NOT EXISTS \(name) (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            word1 TEXT NOT NULL,
            word2 TEXT NOT NULL,
            word3 TEXT NOT NULL,
            count INTEGER DEFAULT 1,
            resonance REAL,
            UNIQUE(word1, word2, word3)
        )
        """
    }
}
