import Foundation
import HarmonixCore
import Testing
@testable import Haiku

/// test_harmonix.py / test_async_harmonix.py on a real SQLite file per test (haiku.md §3, §6).
@Suite struct HaikuFieldTests {
    @Test func openingCreatesTheFileAndEveryTable() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let field = try makeField(in: folder)
        #expect(FileManager.default.fileExists(atPath: folder.databasePath))
        let tables = Set(try await field.tableNames())
        #expect(Set(HaikuSchema.tables).isSubset(of: tables))
        #expect(try await field.query("SELECT value FROM dream_meta WHERE key = 'last_run_turn'") == [["0"]])
    }

    @Test func seedWordsAreInsertedOnceWhenEmpty() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let seeds = try Fixtures.seedWords()
        let field = try makeField(seedWords: seeds, in: folder)
        #expect(try await field.cloudSize() == 576)
        _ = try makeField(seedWords: ["another"], in: folder)
        #expect(try await field.cloudSize() == 576)
    }

    @Test func morphBoostsDecaysAndInserts() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let field = try makeField(seedWords: ["active", "dormant"], in: folder)
        try await field.morphCloud(["active", "newcomer"])
        let rows = try await field.query("SELECT word, weight, frequency, added_by FROM words ORDER BY id")
        #expect(rows.count == 3)
        #expect(Double(rows[0][1])! > 1.0)            // active: 1.0 × 1.1
        #expect(abs(Double(rows[0][1])! - 1.1) < 1e-12)
        #expect(Double(rows[1][1])! < 1.0)            // dormant: × 0.99
        #expect(rows[2][0].contains("newcomer") && Double(rows[2][1])! == 1.0 && rows[2][2] == "1")
    }

    @Test func aWordTwiceInOneCallGetsOnePointOne() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let field = try makeField(in: folder)
        try await field.morphCloud(["echo", "echo"])
        let row = try await field.query("SELECT weight, frequency FROM words")
        #expect(abs(Double(row[0][0])! - 1.1) < 1e-12 && row[0][1] == "2")
    }

    @Test func emptyMorphIsANoOp() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let field = try makeField(seedWords: ["one"], in: folder)
        try await field.morphCloud([])
        #expect(try await field.query("SELECT weight FROM words") == [["1.0"]])
    }

    @Test func trigramStorage() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let field = try makeField(in: folder)
        try await field.updateTrigrams([tri("a", "b", "c"), tri("d", "e", "f")])
        #expect(try await field.rowCount("trigrams") == 2)
        try await field.updateTrigrams([tri("x", "y", "z")])
        try await field.updateTrigrams([tri("x", "y", "z")])
        #expect(try await field.query("SELECT count, resonance FROM trigrams WHERE word1 = 'x'") == [["2", "0.5"]])
    }

    /// Async `compute_dissonance` writes U ++ S; the sync one (the chat turn) does not.
    @Test func asyncDissonanceRecordsTrigramsSyncDoesNot() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let field = try makeField(in: folder)
        let t = [tri("a", "b", "c"), tri("d", "e", "f")]
        _ = try await field.computeDissonance(user: t, system: t)
        #expect(try await field.rowCount("trigrams") == 0)
        let r = try await field.computeDissonance(user: t, system: t, recordTrigrams: true)
        #expect(r.dissonance < 0.5)
        #expect(try await field.query("SELECT count FROM trigrams ORDER BY id") == [["2"], ["2"]])
        _ = try await field.computeDissonance(user: [], system: t, recordTrigrams: true)
        #expect(try await field.query("SELECT SUM(count) FROM trigrams") == [["4"]])
    }

    @Test func shardWritesAJSONFileAndARow() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let field = try makeField(in: folder)
        let path = try await field.createShard(ShardRecord(
            input: "what is resonance", output: "a\nb\nc", dissonance: 0.25, haikuTemperature: 0.6,
            userTrigrams: [tri("what", "is", "resonance")], systemTrigrams: []))
        #expect(path.hasPrefix("shards/shard_") && path.hasSuffix(".json"))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.shards.path)
        #expect(files.count == 1 && files[0].hasPrefix("shard_"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.shards.appendingPathComponent(files[0])))
            as? [String: Any]
        #expect(json?["input"] as? String == "what is resonance")
        #expect(json?["user_trigrams"] as? [[String]] == [["what", "is", "resonance"]])
        #expect(try await field.query("SELECT filepath, dissonance, haiku_temp, harmonix_temp FROM shards")
                == [[path, "0.25", "0.6", "0.3"]])
    }

    /// Columns 2…4 of the last metrics row are exactly (0.5, 0.6, 0.7); cloud_size counts words.
    @Test func metricsRowsAndCloudSize() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let field = try makeField(in: folder)
        try await field.morphCloud(["one", "two", "three"])
        #expect(try await field.cloudSize() == 3)
        let size = try await field.recordMetrics(perplexity: 0.5, entropy: 0.6, resonance: 0.7)
        #expect(size == 3)
        let row = try await field.query("SELECT * FROM metrics ORDER BY id DESC LIMIT 1")[0]
        #expect(Array(row[2...5]) == ["0.5", "0.6", "0.7", "3"])
    }

    @Test func statsAfterMorphAndTrigram() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let field = try makeField(in: folder)
        try await field.morphCloud(["alpha", "beta"])
        try await field.updateTrigrams([tri("alpha", "beta", "gamma")])
        try await field.recordMetrics(perplexity: 0.5, entropy: 0.2, resonance: 0.8)
        let stats = try await field.stats()
        #expect(stats.wordCount >= 2 && stats.trigramCount >= 1)
        #expect(stats.averageEntropy == 0.2 && stats.averageResonance == 0.8)
        #expect(stats.averageWeight == 1.0)   // both new in the same call: no decay
    }

    /// EXHALE: the meta sentence morphs the cloud and adds its trigrams in one operation.
    @Test func absorbMorphsAndStoresTrigrams() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let field = try makeField(seedWords: ["quiet"], in: folder)
        let before = await field.transactions
        try await field.absorb(words: WordTokenizer.tokens("the field breathes again"),
                               trigrams: WordTokenizer.trigrams("the field breathes again"))
        #expect(await field.transactions == before + 1)
        #expect(try await field.cloudSize() == 5)
        #expect(try await field.rowCount("trigrams") == 2)
        #expect(try await field.query("SELECT weight FROM words WHERE word = 'quiet'") == [["0.99"]])
    }

    @Test func timestampTextMatchesSQLite() {
        #expect(HaikuClock.sqliteTimestamp(0) == "1970-01-01 00:00:00")
        #expect(HaikuClock.sqliteTimestamp(1_767_139_200.5) == "2025-12-31 00:00:00")
        #expect(HaikuClock.sqliteTimestamp(951_782_400 + 3661) == "2000-02-29 01:01:01")
    }
}
