import HarmonixCore

/// Overthinkg (overthinkg.py): three "rings" of trigram expansion after every turn.
///
/// Each ring makes `size` trigrams: with probability 0.6 (when there are recent trigrams) a recent
/// trigram with one position replaced by a random field word ("drift"), else three distinct random
/// field words. A trigram whose coherence with the existing ones exceeds 0.4 is stored. The pure
/// part is here; `HaikuField.overthink` reads the field, calls it and writes, in one operation.
public enum Overthink {
    public static let threshold = 0.4
    public static let driftProbability = 0.6
    /// (name, size) of the rings; their "temperatures" .8/1/1.2 are never used by the original.
    public static let rings: [(name: String, size: Int)] = [("echo", 5), ("drift", 7), ("meta", 3)]
    public static let ringTemperatures = [0.8, 1.0, 1.2]

    /// min(1, Σ_e |set(t) ∩ set(e)| / (3·|existing|)); 0 when nothing exists.
    public static func coherence(_ t: Trigram, existing: [Trigram]) -> Double {
        guard !existing.isEmpty else { return 0 }
        var overlap = 0
        let a = t.first, b = t.second, c = t.third
        // set(t): drop repeated words so each counts once.
        let tb = b != a, tc = c != a && c != b
        for e in existing {
            let x = e.first, y = e.second, z = e.third
            if a == x || a == y || a == z { overlap += 1 }
            if tb && (b == x || b == y || b == z) { overlap += 1 }
            if tc && (c == x || c == y || c == z) { overlap += 1 }
        }
        return min(1, Double(overlap) / Double(3 * existing.count))
    }

    /// Does `word` appear in the existing trigrams (a word's coherence: its share of trigrams)?
    public static func wordCoherence(_ word: String, existing: [Trigram]) -> Double {
        guard !existing.isEmpty else { return 0 }
        let hits = existing.filter { $0.first == word || $0.second == word || $0.third == word }.count
        return Double(hits) / Double(existing.count)
    }

    /// The three rings for field words `words` (row order), `existing` trigrams and `recent`.
    static func expand(words: [String], existing: [Trigram], recent: [Trigram],
                       rng: inout SeededGenerator) -> [OverthinkRing]
    {
        guard words.count >= 3 else { return [] }
        var result: [OverthinkRing] = []
        for (index, ring) in rings.enumerated() {
            var made: [(Trigram, Double)] = []
            for _ in 0..<ring.size {
                let t: Trigram
                if !recent.isEmpty && rng.nextUnit() < driftProbability {
                    var parts = rng.pick(from: recent).words
                    let position = rng.nextInt(below: 3)
                    parts[position] = rng.pick(from: words)
                    t = Trigram(parts[0], parts[1], parts[2])
                } else {
                    // random.sample(words, 3): three distinct positions.
                    let i = rng.nextInt(below: words.count)
                    var j = rng.nextInt(below: words.count - 1)
                    if j >= i { j += 1 }
                    var k = rng.nextInt(below: words.count - 2)
                    for m in [i, j].sorted() where k >= m { k += 1 }
                    t = Trigram(words[i], words[j], words[k])
                }
                made.append((t, coherence(t, existing: existing)))
            }
            result.append(OverthinkRing(index: index, source: ring.name, trigrams: made.map(\.0),
                                        coherences: made.map(\.1)))
        }
        return result
    }
}

/// One ring of an Overthinkg expansion.
public struct OverthinkRing: Sendable, Hashable {
    public var index: Int
    /// "echo", "drift" or "meta".
    public var source: String
    public var trigrams: [Trigram]
    public var coherences: [Double]
    /// The trigrams that passed the threshold (and were stored).
    public var accepted: [Trigram] { zip(trigrams, coherences).filter { $0.1 > Overthink.threshold }.map(\.0) }
}
