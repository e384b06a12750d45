import GRDB
import HarmonixCore

// Overthinkg and dream: the field halves of the emergent modules.
extension HaikuField {
    /// `Overthinkg.expand(recent)`: reads the field words (row order) and all trigrams, builds the
    /// three rings, and stores each trigram whose coherence exceeds 0.4 (INSERT OR IGNORE, count 1,
    /// resonance = coherence) with its words (INSERT OR IGNORE, weight = coherence, frequency 0,
    /// 'overthinking:<ring>'); one transaction, no suspension between the read and the writes.
    /// `recent` nil uses the last 10 stored trigrams.
    public func overthink(recent: [Trigram]?, rng: inout SeededGenerator) throws -> [OverthinkRing] {
        let now = clock.now()
        let start = rng
        let (rings, stream, inserted) = try write("expanding trigrams (overthinkg)") { db in
            // The stream is copied inside the body, so the stress replay re-runs it from the same state.
            var stream = start
            var inserted = 0
            let words = try String.fetchAll(db, sql: "SELECT word FROM words ORDER BY id")
            let existing = try Row.fetchAll(db, sql: "SELECT word1, word2, word3 FROM trigrams ORDER BY id")
                .map { Trigram($0[0], $0[1], $0[2]) }
            let rings = Overthink.expand(words: words, existing: existing, recent: recent ?? Array(existing.suffix(10)),
                                         rng: &stream)
            let insertTrigram = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO trigrams (word1, word2, word3, count, resonance) VALUES (?, ?, ?, 1, ?)
                """)
            let insertWord = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO words (word, weight, frequency, last_used, added_by) VALUES (?, ?, 0, ?, ?)
                """)
            for ring in rings {
                for (t, c) in zip(ring.trigrams, ring.coherences) where c > Overthink.threshold {
                    try insertTrigram.execute(arguments: [t.first, t.second, t.third, c])
                    inserted += db.changesCount
                    for w in t.words { try insertWord.execute(arguments: [w, c, now, "overthinking:\(ring.index)"]) }
                }
            }
            return (rings, stream, inserted)
        }
        rng = stream
        // A new trigram row starts at count 1; an existing one is left alone (INSERT OR IGNORE).
        opLog?.addToLast(["trigrams.count": inserted])
        return rings
    }

    /// The dream's `last_run_turn`.
    public func dreamLastRunTurn() throws -> Int {
        try read("reading the dream state") { db in
            Int(try String.fetchOne(db, sql: "SELECT value FROM dream_meta WHERE key = 'last_run_turn'") ?? "0") ?? 0
        }
    }

    /// `should_run_dream(ctx)`: cooldown, then trigger, then a draw ≤ p (drawn only when the first
    /// two gates pass).
    public func shouldRunDream(_ context: DreamContext, config: DreamConfig, rng: inout SeededGenerator) throws -> Bool {
        let last = try dreamLastRunTurn()
        guard context.turn - last >= config.cooldownTurns, context.triggers else { return false }
        return rng.nextUnit() <= config.probability
    }

    /// The dream's gates, as ``shouldRunDream(_:config:rng:)``; when the dream is due, returns the
    /// `last_run_turn` it was judged on, for ``recordDreamDialog(_:turn:config:ifLastRunIs:)``.
    public func dreamDue(_ context: DreamContext, config: DreamConfig, rng: inout SeededGenerator) throws -> Int? {
        let last = try dreamLastRunTurn()
        guard context.turn - last >= config.cooldownTurns, context.triggers else { return nil }
        return rng.nextUnit() <= config.probability ? last : nil
    }

    /// ``recordDreamDialog(_:turn:config:)`` only if `last_run_turn` is still `expected` (the
    /// gates' read and this write are two calls, with the dialog's generation between them; another
    /// turn's dream in that gap would break the cooldown). Compare-and-write in one transaction;
    /// returns whether the dialog was recorded.
    public func recordDreamDialog(_ dialog: DreamDialog, turn: Int, config: DreamConfig, ifLastRunIs expected: Int) throws -> Bool {
        guard try dreamLastRunTurn() == expected else { return false }
        try recordDreamDialog(dialog, turn: turn, config: config)
        return true
    }

    /// `run_dream_dialog`'s writes: the dialog row, its exchanges (quality 0.5), finished_at and
    /// exchanges_count, and `last_run_turn` (+1 with the cooldown quirk, else `turn`); one transaction.
    public func recordDreamDialog(_ dialog: DreamDialog, turn: Int, config: DreamConfig) throws {
        let started = clock.now()
        let finished = clock.now()
        try write("recording a dream dialog") { db in
            try db.execute(sql: "INSERT INTO dream_dialogs (started_at, exchanges_count) VALUES (?, 0)",
                           arguments: [started])
            let dialogID = db.lastInsertedRowID
            let insert = try db.cachedStatement(sql: """
                INSERT INTO dream_exchanges (dialog_id, speaker, text, dissonance, quality) VALUES (?, ?, ?, NULL, 0.5)
                """)
            for (speaker, text) in zip(dialog.speakers, dialog.texts) {
                try insert.execute(arguments: [dialogID, speaker, text])
            }
            try db.execute(sql: "UPDATE dream_dialogs SET finished_at = ?, exchanges_count = ? WHERE id = ?",
                           arguments: [finished, dialog.texts.count, dialogID])
            let last = Int(try String.fetchOne(db, sql: "SELECT value FROM dream_meta WHERE key = 'last_run_turn'") ?? "0") ?? 0
            let next = config.cooldownQuirk ? last + 1 : turn
            try db.execute(sql: "INSERT OR REPLACE INTO dream_meta (key, value) VALUES ('last_run_turn', ?)",
                           arguments: [String(next)])
        }
    }

    /// `update_dream_fragments(text)`: weights > 0.1 decay ×0.95, the text's stripped lines join at
    /// 1.0, rows below 0.1 are deleted; one transaction.
    public func updateDreamFragments(_ text: String) throws {
        try write("updating dream fragments") { db in
            try db.execute(sql: "UPDATE dream_fragments SET weight = weight * 0.95 WHERE weight > 0.1")
            let insert = try db.cachedStatement(sql: "INSERT INTO dream_fragments (text, weight) VALUES (?, 1.0)")
            for line in text.split(separator: "\n") {
                let stripped = line.trimmingCharacters(in: .whitespaces)
                if !stripped.isEmpty { try insert.execute(arguments: [stripped]) }
            }
            try db.execute(sql: "DELETE FROM dream_fragments WHERE weight < 0.1")
        }
    }
}
