import Foundation
import HarmonixCore
import Testing
@testable import Haiku

/// The async field's concurrency behaviours with order-independent invariants (cascade.md §3.4):
/// an actor does not promise FIFO, so the tests assert what holds under any interleaving.
@Suite struct HaikuFieldConcurrencyTests {
    /// 10 parallel dissonance calls ((user_i, test, concurrent), (concurrent, test, sys_i)): every
    /// result is d = 0.5 with pulse (0.5, 0, 0.2), and exactly 20 trigram rows of count 1 exist.
    @Test func tenParallelDissonanceCalls() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let field = try makeField(in: folder)
        let readings = try await withThrowingTaskGroup(of: DissonanceReading.self) { group in
            for i in 0..<10 {
                group.addTask {
                    try await field.computeDissonance(user: [tri("user_\(i)", "test", "concurrent")],
                                                      system: [tri("concurrent", "test", "sys_\(i)")],
                                                      recordTrigrams: true)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(readings.count == 10)
        for r in readings {
            #expect(r.dissonance == 0.5)
            #expect(r.pulse == Pulse(novelty: 0.5, arousal: 0, entropy: 0.2))
        }
        #expect(try await field.rowCount("trigrams") == 20)
        #expect(try await field.query("SELECT DISTINCT count FROM trigrams") == [["1"]])
    }

    /// 5 parallel morph_cloud([word_i, shared]): 6 words; shared has frequency 5 and weight 1.1⁴;
    /// the five word_i weights are the multiset {0.99⁰ … 0.99⁴}, in whatever order the actor ran them.
    @Test func fiveParallelMorphs() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let field = try makeField(in: folder)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<5 { group.addTask { try await field.morphCloud(["word_\(i)", "shared"]) } }
            try await group.waitForAll()
        }
        #expect(try await field.cloudSize() == 6)
        let shared = try await field.query("SELECT weight, frequency FROM words WHERE word = 'shared'")[0]
        #expect(abs(Double(shared[0])! - 1.4641) < 1e-12)
        #expect(shared[1] == "5")
        let weights = try await field.query("SELECT weight FROM words WHERE word != 'shared'").map { Double($0[0])! }.sorted()
        let expected = (0..<5).map { Libm.pow(0.99, Double($0)) }.sorted()
        #expect(weights.count == 5)
        for (w, e) in zip(weights, expected) { #expect(abs(w - e) < 1e-12) }
    }

    /// Mixed gather: 2 dissonance + morph + record_metrics + get_cloud_size all complete; at least
    /// 2 words and 2 trigrams (exactly 2 and 4 here); the cloud size read is 0 or 2.
    @Test func mixedParallelOperations() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let field = try makeField(in: folder)
        async let d1 = field.computeDissonance(user: [tri("a", "b", "c")], system: [tri("d", "e", "f")], recordTrigrams: true)
        async let morph: Void = field.morphCloud(["alpha", "beta"])
        async let metrics = field.recordMetrics(perplexity: 0.5, entropy: 0.5, resonance: 0.5)
        async let d2 = field.computeDissonance(user: [tri("g", "h", "i")], system: [tri("j", "k", "l")], recordTrigrams: true)
        async let size = field.cloudSize()
        let results = try await (d1, morph, metrics, d2, size)
        #expect(results.0.dissonance == 1.0 && results.3.dissonance == 1.0)
        #expect([0, 2].contains(results.2) && [0, 2].contains(results.4))
        #expect(try await field.cloudSize() == 2)
        #expect(try await field.rowCount("trigrams") == 4)
        #expect(try await field.rowCount("metrics") == 1)
    }

    /// The same N morphs run sequentially and concurrently end with identical word counts and frequencies.
    @Test func sequentialAndConcurrentMorphsAgree() async throws {
        let calls = (0..<8).map { ["w\($0 % 3)", "common", "x\($0)"] }
        let folderA = TemporaryFolder(), folderB = TemporaryFolder()
        defer { folderA.remove(); folderB.remove() }
        let sequential = try makeField(in: folderA)
        for c in calls { try await sequential.morphCloud(c) }
        let concurrent = try makeField(in: folderB)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for c in calls { group.addTask { try await concurrent.morphCloud(c) } }
            try await group.waitForAll()
        }
        let sql = "SELECT word, frequency FROM words ORDER BY word"
        #expect(try await sequential.query(sql) == (try await concurrent.query(sql)))
        #expect(try await sequential.cloudSize() == 3 + 1 + 8)
    }
}
