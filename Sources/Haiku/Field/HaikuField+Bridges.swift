import GRDB

// Phase-4 bridges' tables (phase4_bridges.py `HaikuBridges`).
extension HaikuField {
    /// `record_state`: a log row (metrics as JSON), the snapshot upsert (activations + 1) and, with a
    /// previous state, the transition upsert (count + 1, similarity, quality delta, flags); one
    /// transaction.
    public func recordState(_ stateID: String, before: StateMetrics, after: StateMetrics, previous: String?,
                            turnID: String, boredom: Bool, overwhelm: Bool, stuck: Bool) throws
    {
        let now = clock.now()
        try write("recording a phase-4 state") { db in
            try db.cachedStatement(sql: """
                INSERT INTO haiku_state_log (ts, turn_id, prev_state_id, state_id, metrics_before, metrics_after,
                    boredom, overwhelm, stuck) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [now, turnID, previous, stateID, before.json, after.json,
                                         boredom ? 1 : 0, overwhelm ? 1 : 0, stuck ? 1 : 0])
            try db.cachedStatement(sql: """
                INSERT INTO haiku_state_snapshot (state_id, last_metrics, activations_total, last_updated)
                VALUES (?, ?, 1, ?) ON CONFLICT(state_id) DO UPDATE SET last_metrics = excluded.last_metrics,
                    activations_total = activations_total + 1, last_updated = excluded.last_updated
                """).execute(arguments: [stateID, after.json, now])
            if let previous {
                let similarity = PhaseBridges.cosine(before.dictionary, after.dictionary)
                let delta = after.quality - before.quality
                try db.cachedStatement(sql: """
                    INSERT INTO haiku_transitions (from_state_id, to_state_id, count, sum_similarity, sum_quality_delta,
                        sum_overwhelm, sum_boredom, sum_stuck) VALUES (?, ?, 1, ?, ?, ?, ?, ?)
                    ON CONFLICT(from_state_id, to_state_id) DO UPDATE SET count = count + 1,
                        sum_similarity = sum_similarity + excluded.sum_similarity,
                        sum_quality_delta = sum_quality_delta + excluded.sum_quality_delta,
                        sum_overwhelm = sum_overwhelm + excluded.sum_overwhelm,
                        sum_boredom = sum_boredom + excluded.sum_boredom,
                        sum_stuck = sum_stuck + excluded.sum_stuck
                    """).execute(arguments: [previous, stateID, similarity, delta,
                                             overwhelm ? 1.0 : 0.0, boredom ? 1.0 : 0.0, stuck ? 1.0 : 0.0])
            }
        }
    }

    /// `suggest_next_states(s, min_count, max)`: transitions from `stateID` seen at least `minCount`
    /// times, ranked by ``PhaseBridges/score(similarity:qualityDelta:overwhelm:boredom:stuck:)`` of their averages.
    public func suggestNextStates(from stateID: String, minCount: Int = PhaseBridges.defaultMinCount,
                                  max limit: Int = PhaseBridges.defaultMaxSuggestions) throws -> [StateSuggestion]
    {
        try read("suggesting next states") { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT to_state_id, count, sum_similarity, sum_quality_delta, sum_overwhelm, sum_boredom, sum_stuck
                FROM haiku_transitions WHERE from_state_id = ? AND count >= ? ORDER BY count DESC LIMIT ?
                """, arguments: [stateID, minCount, 2 * limit])
            let suggestions = rows.map { row -> StateSuggestion in
                let n = Double(row[1] as Int)
                let score = PhaseBridges.score(
                    similarity: (row[2] as Double) / n, qualityDelta: (row[3] as Double) / n,
                    overwhelm: (row[4] as Double) / n, boredom: (row[5] as Double) / n, stuck: (row[6] as Double) / n)
                return StateSuggestion(stateID: row[0], count: row[1], score: score)
            }
            return Array(suggestions.enumerated().sorted {
                $0.element.score != $1.element.score ? $0.element.score > $1.element.score : $0.offset < $1.offset
            }.map(\.element).prefix(limit))
        }
    }

    /// `get_state_history(s, limit)`: the state's log rows, newest first, as (ts, turn_id, prev_state_id).
    public func stateHistory(_ stateID: String, limit: Int = 10) throws -> [(ts: Double, turnID: String?, previous: String?)] {
        try read("reading state history") { db in
            try Row.fetchAll(db, sql: """
                SELECT ts, turn_id, prev_state_id FROM haiku_state_log WHERE state_id = ? ORDER BY ts DESC, id DESC LIMIT ?
                """, arguments: [stateID, limit]).map { ($0[0], $0[1], $0[2]) }
        }
    }
}
