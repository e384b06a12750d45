import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GRDB
import HarmonixCore

// The Harmonix observer's operations (harmonix.py / async_harmonix.py, haiku.md §3.3–3.5).
extension HaikuField {
    /// `morph_cloud(active)`: each word (in order, duplicates included) is inserted at weight 1.0,
    /// frequency 1, or boosted ×1.1 with frequency + 1; then every word not in `active` decays ×0.99.
    /// An empty list is a no-op (the async original; the sync one raises).
    public func morphCloud(_ active: [String]) throws {
        guard !active.isEmpty else { return }
        let now = clock.now()
        try write("morphing the word cloud", counts: ["words.frequency": active.count]) { db in
            try HaikuField.morph(db, active, now: now)
        }
    }

    static func morph(_ db: Database, _ active: [String], now: Double) throws {
        guard !active.isEmpty else { return }
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO words (word, weight, frequency, last_used, added_by) VALUES (?, 1.0, 1, ?, 'user')
            ON CONFLICT(word) DO UPDATE SET weight = weight * 1.1, frequency = frequency + 1, last_used = excluded.last_used
            """)
        for w in active { try upsert.execute(arguments: [w, now]) }
        var distinct: [String] = []
        var seen = Set<String>()
        for w in active where seen.insert(w).inserted { distinct.append(w) }
        let placeholders = Array(repeating: "?", count: distinct.count).joined(separator: ",")
        let decay = try db.cachedStatement(sql: "UPDATE words SET weight = weight * 0.99 WHERE word NOT IN (\(placeholders))")
        try decay.execute(arguments: StatementArguments(distinct))
    }

    /// `update_trigrams(tris)`: insert each at count 1, resonance 0.5, or count + 1.
    /// `async` only for the stress test's fault (``FieldFault/suspendInsideOperation``); the real
    /// operation has no suspension.
    public func updateTrigrams(_ trigrams: [Trigram]) async throws {
        guard !trigrams.isEmpty else { return }
        if FieldFaults.active == .suspendInsideOperation {
            try await updateTrigramsSplit(trigrams)
            return
        }
        try write("storing trigrams", counts: ["trigrams.count": trigrams.count]) { db in
            try HaikuField.upsertTrigrams(db, trigrams)
        }
    }

    /// The injected fault: read the counts, suspend, write read + n in a second transaction. The
    /// log records the operation as it is meant to be (the atomic upsert), so the replay and the
    /// count check see the lost updates.
    private func updateTrigramsSplit(_ trigrams: [Trigram]) async throws {
        var increments: [Trigram: Int] = [:]
        var order: [Trigram] = []
        for t in trigrams {
            if increments[t] == nil { order.append(t) }
            increments[t, default: 0] += 1
        }
        let distinct = order
        let seen: [Int?] = try read("reading trigram counts (fault)") { db in
            try distinct.map { t in
                try Int.fetchOne(db, sql: "SELECT count FROM trigrams WHERE word1 = ? AND word2 = ? AND word3 = ?",
                                 arguments: [t.first, t.second, t.third])
            }
        }
        try await Task.sleep(for: .milliseconds(3))
        transactions += 1
        try HaikuField.run(db, "storing trigrams (fault)") { db in
            for (t, old) in zip(distinct, seen) {
                let n = increments[t] ?? 0
                if let old {
                    try db.execute(sql: "UPDATE trigrams SET count = ? WHERE word1 = ? AND word2 = ? AND word3 = ?",
                                   arguments: [old + n, t.first, t.second, t.third])
                } else {
                    try db.execute(sql: """
                        INSERT INTO trigrams (word1, word2, word3, count, resonance) VALUES (?, ?, ?, ?, 0.5)
                        ON CONFLICT(word1, word2, word3) DO UPDATE SET count = excluded.count
                        """, arguments: [t.first, t.second, t.third, n])
                }
            }
        }
        opLog?.record("storing trigrams", counts: ["trigrams.count": trigrams.count]) {
            try HaikuField.upsertTrigrams($0, trigrams)
        }
    }

    static func upsertTrigrams(_ db: Database, _ trigrams: [Trigram]) throws {
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO trigrams (word1, word2, word3, count, resonance) VALUES (?, ?, ?, 1, 0.5)
            ON CONFLICT(word1, word2, word3) DO UPDATE SET count = count + 1
            """)
        for t in trigrams { try upsert.execute(arguments: [t.first, t.second, t.third]) }
    }

    /// EXHALE: `disturbance` words morph the cloud and its trigrams are stored, in one transaction
    /// (overview decision 2: atomically per field).
    public func absorb(words: [String], trigrams: [Trigram]) throws {
        let now = clock.now()
        try write("absorbing the meta sentence (EXHALE)",
                  counts: ["words.frequency": words.count, "trigrams.count": trigrams.count]) { db in
            try HaikuField.morph(db, words, now: now)
            if !trigrams.isEmpty { try HaikuField.upsertTrigrams(db, trigrams) }
        }
    }

    /// `compute_dissonance(U, S)`. With `recordTrigrams` (the async original), every trigram of
    /// U ++ S is upserted (count + 1) in the same operation, unless an early return fired; the sync
    /// original (the chat turn) writes nothing.
    public func computeDissonance(user: [Trigram], system: [Trigram], recordTrigrams: Bool = false) throws
        -> DissonanceReading
    {
        let reading = Dissonance.compute(user: user, system: system)
        if recordTrigrams && reading.similarity != nil {
            try write("recording the trigrams of a dissonance reading", counts: ["trigrams.count": user.count + system.count]) { db in
                try HaikuField.upsertTrigrams(db, user + system)
            }
        }
        return reading
    }

    /// `adjust_temperature(d)` = (0.3 + 1.2·d, 0.3); pure.
    public nonisolated func adjustTemperature(_ d: Double) -> (haiku: Double, harmonix: Double) {
        Dissonance.temperature(for: d)
    }

    /// `get_cloud_size()` = COUNT(words).
    public func cloudSize() throws -> Int {
        try read("counting the words") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM words") ?? 0 }
    }

    /// `record_metrics(p, e, r)`: a metrics row with cloud_size = COUNT(words) read in the same
    /// transaction (the fixed deadlock's `_get_cloud_size_unlocked`). Returns that cloud size.
    @discardableResult
    public func recordMetrics(perplexity: Double, entropy: Double, resonance: Double) throws -> Int {
        let stamp = HaikuClock.sqliteTimestamp(clock.now())
        return try write("recording metrics") { db in
            try HaikuField.insertMetrics(db, perplexity: perplexity, entropy: entropy, resonance: resonance, stamp: stamp)
        }
    }

    /// `create_shard(data)`: writes `shard_<epoch ms>.json` under the shards directory (when one was
    /// given) and inserts the `shards` row (filepath relative to the shards directory's parent, as
    /// the original's "shards/shard_<ms>.npy"). Returns the row's filepath.
    @discardableResult
    public func createShard(_ shard: ShardRecord) throws -> String {
        let (filepath, stamp) = try writeShardFile(shard)
        try write("recording a shard") { db in try HaikuField.insertShard(db, shard, filepath: filepath, stamp: stamp) }
        return filepath
    }

    /// The turn's closing unit: `create_shard` then `record_metrics`, as one transaction, so a
    /// reader sees a turn's shard row only with its metrics row (same rows and values as the two
    /// calls one after the other). Returns the shard's filepath and the cloud size.
    public func recordTurnEnd(_ shard: ShardRecord, perplexity: Double, entropy: Double, resonance: Double) throws
        -> (filepath: String, cloudSize: Int)
    {
        let (filepath, shardStamp) = try writeShardFile(shard)
        let stamp = HaikuClock.sqliteTimestamp(clock.now())
        let size = try write("recording a shard and the turn's metrics") { db in
            try HaikuField.insertShard(db, shard, filepath: filepath, stamp: shardStamp)
            return try HaikuField.insertMetrics(db, perplexity: perplexity, entropy: entropy, resonance: resonance, stamp: stamp)
        }
        return (filepath, size)
    }

    static func insertShard(_ db: Database, _ shard: ShardRecord, filepath: String, stamp: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO shards (timestamp, filepath, dissonance, haiku_temp, harmonix_temp) VALUES (?, ?, ?, ?, ?)
            """).execute(arguments: [stamp, filepath, shard.dissonance, shard.haikuTemperature, shard.harmonixTemperature])
    }

    static func insertMetrics(_ db: Database, perplexity: Double, entropy: Double, resonance: Double, stamp: String) throws -> Int {
        let size = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM words") ?? 0
        try db.cachedStatement(sql: """
            INSERT INTO metrics (timestamp, perplexity, entropy, resonance, cloud_size) VALUES (?, ?, ?, ?, ?)
            """).execute(arguments: [stamp, perplexity, entropy, resonance, size])
        return size
    }

    /// The shard's JSON file (outside any transaction: the replay of the row must not rewrite it)
    /// and the row's filepath and timestamp.
    private func writeShardFile(_ shard: ShardRecord) throws -> (filepath: String, stamp: String) {
        let now = clock.now()
        let millis = Int64((now * 1000).rounded(.down))
        let name = "shard_\(millis).json"
        let filepath: String
        if let dir = shardsDirectory {
            filepath = dir.lastPathComponent + "/" + name
            let url = dir.appendingPathComponent(name)
            do {
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                try ShardFile.write(encoder.encode(ShardFile(timestamp: millis, record: shard)), to: url.path)
            } catch {
                throw HaikuError.shardNotWritten(path: url.path, reason: "\(error)")
            }
        } else {
            filepath = "(not written)/" + name
        }
        return (filepath, HaikuClock.sqliteTimestamp(now))
    }

    /// `get_stats()`: totals plus averages over the last hour of metrics and shards.
    public func stats() throws -> FieldStats {
        let cutoff = HaikuClock.sqliteTimestamp(clock.now() - 3600)
        return try read("reading field statistics") { db in
            let words = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM words") ?? 0
            let trigrams = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM trigrams") ?? 0
            let avgWeight = try Double.fetchOne(db, sql: "SELECT AVG(weight) FROM words") ?? 0
            let m = try Row.fetchOne(db, sql: """
                SELECT AVG(perplexity), AVG(entropy), AVG(resonance) FROM metrics WHERE timestamp > ?
                """, arguments: [cutoff])
            let d = try Double.fetchOne(db, sql: "SELECT AVG(dissonance) FROM shards WHERE timestamp > ?",
                                        arguments: [cutoff])
            return FieldStats(
                wordCount: words, trigramCount: trigrams, averageWeight: avgWeight,
                averagePerplexity: m?[0] ?? 0, averageEntropy: m?[1] ?? 0, averageResonance: m?[2] ?? 0,
                averageDissonance: d ?? 0)
        }
    }
}

/// What `create_shard` stores about one turn.
public struct ShardRecord: Sendable, Hashable, Codable {
    public var input: String
    public var output: String
    public var dissonance: Double
    public var haikuTemperature: Double
    public var harmonixTemperature: Double
    public var userTrigrams: [Trigram]
    public var systemTrigrams: [Trigram]

    public init(input: String, output: String, dissonance: Double, haikuTemperature: Double = 1.0,
                harmonixTemperature: Double = 0.3, userTrigrams: [Trigram], systemTrigrams: [Trigram])
    {
        self.input = input
        self.output = output
        self.dissonance = dissonance
        self.haikuTemperature = haikuTemperature
        self.harmonixTemperature = harmonixTemperature
        self.userTrigrams = userTrigrams
        self.systemTrigrams = systemTrigrams
    }
}

/// The JSON file of a shard (the original pickled the same dict into `.npy`).
struct ShardFile: Encodable {
    var timestamp: Int64
    var input: String
    var output: String
    var dissonance: Double
    var user_trigrams: [[String]]
    var system_trigrams: [[String]]

    init(timestamp: Int64, record: ShardRecord) {
        self.timestamp = timestamp
        input = record.input
        output = record.output
        dissonance = record.dissonance
        user_trigrams = record.userTrigrams.map(\.words)
        system_trigrams = record.systemTrigrams.map(\.words)
    }
}

extension ShardFile {
    /// Plain open/write/close. Foundation's `Data.write(to:)` fsyncs every file on Linux, which
    /// would add a disk flush per turn that the original's `np.save` does not make.
    static func write(_ data: Data, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw HaikuError.shardNotWritten(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        try data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = posixWrite(fd, raw.baseAddress! + offset, raw.count - offset)
                guard n > 0 else { throw HaikuError.shardNotWritten(path: path, reason: String(cString: strerror(errno))) }
                offset += n
            }
        }
    }
}

/// POSIX `write(2)`, named apart from ``ShardFile/write(_:to:)`` which would shadow it inside the type.
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

/// `get_stats()` of the field.
public struct FieldStats: Sendable, Hashable {
    public var wordCount: Int
    public var trigramCount: Int
    public var averageWeight: Double
    public var averagePerplexity: Double
    public var averageEntropy: Double
    public var averageResonance: Double
    public var averageDissonance: Double
}
