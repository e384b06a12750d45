import GRDB
import HarmonixCore

extension ProseField {
    /// Probability bounds of the `auto` draw: `u < 0.7` recent, `u < 0.9` trigram, else random.
    public static let autoModeBounds = (recent: 0.7, trigram: 0.9)

    /// `get_field_seed(mode)`: the one sentence the model continues.
    ///
    /// The original draws from Python's unseeded global RNG and SQLite's `ORDER BY RANDOM()`; here
    /// every draw comes from `generator` (the turn's stream), so a seed reproduces the choice:
    /// `auto` takes one `nextUnit()`; `random` takes one `nextInt(below: sentenceCount)` and reads
    /// `ORDER BY id LIMIT 1 OFFSET k` (no draw when the table is empty). "Newest" is
    /// `ORDER BY timestamp DESC, id DESC`: rows written in the same millisecond tie on
    /// `julianday('now')`, and the id breaks the tie deterministically.
    public func fieldSeed(mode: FieldSeedMode = .auto, generator: inout SeededGenerator) throws -> FieldSeed {
        var concrete = mode
        if mode == .auto {
            let u = generator.nextUnit()
            concrete = u < Self.autoModeBounds.recent ? .recent : (u < Self.autoModeBounds.trigram ? .trigram : .random)
        }
        var draw = generator
        let seed = try read("choosing the field seed") { db -> FieldSeed in
            switch concrete {
            case .auto, .recent:
                return try Self.recentSeedLocked(db, mode: .recent)
            case .trigram:
                return try Self.trigramSeedLocked(db)
            case .random:
                return try Self.randomSeedLocked(db, generator: &draw)
            }
        }
        generator = draw
        return seed
    }

    static func recentSeedLocked(_ db: Database, mode: FieldSeedMode) throws -> FieldSeed {
        let newest = try String.fetchOne(db, sql: "SELECT text FROM prose ORDER BY timestamp DESC, id DESC LIMIT 1")
        if let newest, let last = ProseSplit.fragments(newest).last {
            return FieldSeed(text: last + ".", mode: mode, source: .recent)
        }
        return FieldSeed(text: FieldSeed.recentDefaultText, mode: mode, source: .recentDefault)
    }

    static func trigramSeedLocked(_ db: Database) throws -> FieldSeed {
        let row = try Row.fetchOne(
            db,
            sql: "SELECT word1, word2, word3 FROM prose_trigrams WHERE resonance > 0.5 ORDER BY count DESC, id LIMIT 1")
        if let row {
            let text = "\(row["word1"] as String) \(row["word2"] as String) \(row["word3"] as String)..."
            return FieldSeed(text: text, mode: .trigram, source: .trigram)
        }
        return try recentSeedLocked(db, mode: .trigram)
    }

    static func randomSeedLocked(_ db: Database, generator: inout SeededGenerator) throws -> FieldSeed {
        let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM prose_sentences") ?? 0
        guard count > 0 else {
            return FieldSeed(text: FieldSeed.randomDefaultText, mode: .random, source: .randomDefault)
        }
        let offset = generator.nextInt(below: count)
        let text = try String.fetchOne(
            db, sql: "SELECT text FROM prose_sentences ORDER BY id LIMIT 1 OFFSET ?", arguments: [offset])
        return FieldSeed(text: text ?? FieldSeed.randomDefaultText, mode: .random, source: .random)
    }
}
