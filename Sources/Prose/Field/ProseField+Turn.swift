import GRDB

/// What one settled turn wrote, read back in the same transaction.
public struct ProseSettlement: Sendable, Hashable {
    /// Id of the new prose row.
    public var proseID: Int64
    /// Field stats right after the write (a consistent snapshot).
    public var stats: ProseStats
}

extension ProseField {
    /// The write half of `generate_cascade` as one atomic unit: each disturbance in order (trigrams
    /// only), then `add_prose(text, …)`, then the stats — one transaction, so a concurrent reader
    /// sees the turn entirely or not at all.
    public func settleTurn(
        disturbances: [String], prose text: String, quality: Double, dissonance: Double, temperature: Double,
        addedBy: String
    ) throws -> ProseSettlement {
        let increments = (disturbances + [text]).reduce(0) { $0 + Self.trigramIncrements($1) }
        return try write("settling a Prose turn", counts: ["prose_trigrams.count": increments]) { db in
            for disturbance in disturbances { try Self.updateTrigramsLocked(db, disturbance) }
            let id = try Self.addProseLocked(
                db, text: text, quality: quality, dissonance: dissonance, temperature: temperature, addedBy: addedBy)
            return ProseSettlement(proseID: id, stats: try Self.statsLocked(db))
        }
    }
}
