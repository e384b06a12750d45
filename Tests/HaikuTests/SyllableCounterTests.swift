import Testing
@testable import Haiku

@Suite struct SyllableCounterTests {
    /// All 622 rows of the original's counts (576 seed words + 46 extra words).
    @Test func matchesEveryRowOfTheReference() throws {
        let rows = try Fixtures.syllableReference()
        #expect(rows.count == 622)
        var mismatches: [String] = []
        for (word, expected) in rows {
            let got = SyllableCounter.shared.count(word)
            if got != expected { mismatches.append("\(word): expected \(expected), got \(got)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches: \(mismatches.prefix(20))")
    }

    /// The quirky-but-correct examples of haiku.md §2.3.
    @Test func documentedExamples() {
        let c = SyllableCounter.shared
        let expected: [(String, Int)] = [
            ("cloud", 1), ("resonance", 4), ("coherence", 4), ("being", 1), ("rhythm", 1), ("fluid", 1),
            ("trying", 1), ("hello", 2), ("xyz", 1), ("2025", 1),
        ]
        for (word, n) in expected { #expect(c.count(word) == n, "\(word)") }
        #expect(c.count("world") >= 1)
    }

    /// Seed-word distribution 1:225, 2:203, 3:104, 4:37, 5:7 over the 576 unique seeds.
    @Test func seedDistribution() throws {
        let unique = Set(try Fixtures.seedWords())
        var histogram: [Int: Int] = [:]
        for w in unique { histogram[SyllableCounter.shared.count(w), default: 0] += 1 }
        #expect(histogram == [1: 225, 2: 203, 3: 104, 4: 37, 5: 7])
    }
}
