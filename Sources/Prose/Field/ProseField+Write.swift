import GRDB
import HarmonixCore

extension ProseField {
    /// `add_prose`: the prose row (with metrics and semantic density), one `prose_sentences` row per
    /// formatter sentence (numbered from 0) and the text's trigrams, as **one transaction**.
    /// An empty text is stored too (word_count 0, density 0). Returns the new row id.
    @discardableResult
    public func addProse(
        _ text: String, quality: Double = 0.5, dissonance: Double = 0.0, temperature: Double = 0.8,
        addedBy: String = "user"
    ) throws -> Int64 {
        try write("adding a prose row", counts: ["prose_trigrams.count": Self.trigramIncrements(text)]) { db in
            try Self.addProseLocked(
                db, text: text, quality: quality, dissonance: dissonance, temperature: temperature, addedBy: addedBy)
        }
    }

    /// `update_trigrams`: upserts the lowercased whitespace-word trigrams (count += 1; new rows
    /// count 1, resonance 0.5). Fewer than three words change nothing.
    public func updateTrigrams(_ text: String) throws {
        try write("updating trigrams", counts: ["prose_trigrams.count": Self.trigramIncrements(text)]) { db in
            try Self.updateTrigramsLocked(db, text)
        }
    }

    /// `add_disturbance`: a text "heard" by the field. Only the trigrams change; `source` is
    /// accepted and ignored, as in the original (there is no disturbance table).
    public func addDisturbance(_ text: String, source: String = "user") throws {
        try updateTrigrams(text)
    }

    /// Inserts a bare prose row (no metrics, sentences or trigrams), as Overthinkrose does.
    @discardableResult
    public func insertBareProse(
        _ text: String, quality: Double, dissonance: Double, temperature: Double, semanticDensity: Double,
        addedBy: String
    ) throws -> Int64 {
        try write("inserting an Overthinkrose row") { db in
            try db.execute(
                sql: """
                    INSERT INTO prose (text, quality, dissonance, temperature, semantic_density, added_by)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [text, quality, dissonance, temperature, semanticDensity, addedBy])
            return db.lastInsertedRowID
        }
    }

    static func addProseLocked(
        _ db: Database, text: String, quality: Double, dissonance: Double, temperature: Double, addedBy: String
    ) throws -> Int64 {
        let metrics = ProseMetrics(of: text)
        let density = SemanticDensity.of(text)
        try db.execute(
            sql: """
                INSERT INTO prose (text, quality, dissonance, temperature, semantic_density,
                                   word_count, sentence_count, paragraph_count, added_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                text, quality, dissonance, temperature, density, metrics.wordCount, metrics.sentenceCount,
                metrics.paragraphCount, addedBy,
            ])
        let id = db.lastInsertedRowID
        let insertSentence = try db.cachedStatement(
            sql: "INSERT INTO prose_sentences (prose_id, sentence_num, text, word_count) VALUES (?, ?, ?, ?)")
        for (index, sentence) in ProseSplit.sentences(text).enumerated() {
            try insertSentence.execute(arguments: [id, index, sentence, PythonText.words(sentence).count])
        }
        try updateTrigramsLocked(db, text)
        return id
    }

    static func updateTrigramsLocked(_ db: Database, _ text: String) throws {
        let words = PythonText.words(PythonText.lower(text))
        guard words.count >= 3 else { return }
        let update = try db.cachedStatement(
            sql: "UPDATE prose_trigrams SET count = count + 1 WHERE word1 = ? AND word2 = ? AND word3 = ?")
        let insert = try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO prose_trigrams (word1, word2, word3, count, resonance)
                VALUES (?, ?, ?, 1, 0.5)
                """)
        for i in 0..<(words.count - 2) {
            let arguments: StatementArguments = [words[i], words[i + 1], words[i + 2]]
            try update.execute(arguments: arguments)
            if db.changesCount == 0 { try insert.execute(arguments: arguments) }
        }
    }
}
