import HarmonixCore
import Testing

@testable import LlamaGGUF
@testable import Prose

/// Invariants of cascade.md §3.5 on the Prose field under concurrent calls: each operation is
/// atomic (a prose row, its sentences and its trigrams form one unit), counts are conserved, reads
/// are consistent snapshots. Assertions hold for any interleaving (actors promise no FIFO order).
@Suite struct ProseFieldConcurrencyTests {
    @Test func parallelAddProseKeepsEachRowsSentencesTogether() async throws {
        let field = try FieldFixtures.freshField()
        let texts = (0..<12).map { i in
            "Shared opening words here. Voice \(i) adds its line! Closing for number \(i)?"
        }
        let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
            for text in texts { group.addTask { try await field.addProse(text, addedBy: "parallel") } }
            return try await group.reduce(into: [Int64]()) { $0.append($1) }
        }
        #expect(Set(ids).count == 12)
        #expect(try await field.stats().totalProse == 12)
        // Sentence rows: per prose id, numbers 0, 1, 2 written consecutively (no interleaving).
        let numbers = try await field.sentenceNumbers()
        #expect(numbers.count == 36)
        for chunk in stride(from: 0, to: numbers.count, by: 3) {
            let unit = numbers[chunk..<chunk + 3]
            #expect(Set(unit.map(\.proseID)).count == 1)
            #expect(unit.map(\.number) == [0, 1, 2])
        }
        // Conservation: each text has 13 words → 11 trigram mentions.
        #expect(try await field.trigramTotals().mentions == 12 * 11)
        #expect(try await field.trigramCount("shared", "opening", "words") == 12)
    }

    @Test func seedReadsDuringSettlesSeeWholeTurns() async throws {
        let field = try FieldFixtures.freshField()
        let outputs = (0..<8).map { "Turn \($0) begins. Turn \($0) ends here." }
        let allowed = Set((0..<8).map { "Turn \($0) ends here." } + ["The field resonates."])
        let seeds = try await withThrowingTaskGroup(of: String?.self) { group in
            for (i, output) in outputs.enumerated() {
                group.addTask {
                    _ = try await field.settleTurn(
                        disturbances: ["haiku words for turn \(i)", "prompt words for turn \(i)"], prose: output,
                        quality: 0.5, dissonance: 0.8, temperature: 0.63, addedBy: "prose_cascade")
                    return nil
                }
                group.addTask {
                    var rng = SeededGenerator(seed: UInt64(i))
                    return try await field.fieldSeed(mode: .recent, generator: &rng).text
                }
            }
            return try await group.reduce(into: [String]()) { if let s = $1 { $0.append(s) } }
        }
        #expect(seeds.count == 8)
        for seed in seeds { #expect(allowed.contains(seed), "seed \(seed) is not a whole turn's last sentence") }
        let stats = try await field.stats()
        #expect(stats.totalProse == 8)
        // Per turn: 2 five-word disturbances × 3 trigrams + a 7-word output × 5 trigrams = 11 mentions.
        #expect(try await field.trigramTotals().mentions == 8 * 11)
    }
}
