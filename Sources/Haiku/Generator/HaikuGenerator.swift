import HarmonixCore

/// HAiKU's generator (haiku.py `HaikuGenerator`): the vocab, the order-2 word chain, the recent
/// trigrams, and the 5-7-5 line algorithm. MathBrain lives beside it (`MathBrain`), not inside.
///
/// ```swift
/// var gen = HaikuGenerator(seedWords: seeds)
/// var rng = SeededGenerator(seed: 7)
/// let haikus = gen.generateCandidates(count: 5, temperature: 0.8, rng: &rng)
/// ```
///
/// A value type: the organism keeps it inside its `HaikuMind` actor; persistence goes through
/// `HaikuField` (the generator never touches the database itself).
struct HaikuGenerator {
    /// How many trigrams `recentTrigrams` keeps.
    static let recentLimit = 10
    /// Attempts per line before giving up (haiku.md §2.4).
    static let maxAttempts = 50

    private(set) var lexicon = Lexicon()
    private(set) var chain = MarkovChain()
    /// The last ≤ 10 trigrams fed to the chain: the "system trigrams" of dissonance.
    private(set) var recentTrigrams: [Trigram] = []
    let counter: SyllableCounter

    /// A generator over `seedWords`: vocab = the seed set; the chain is either `savedRows` (in their
    /// stored order, their words joining the vocab) or, when there are none, built from the seed list
    /// in list order (584 keys / 585 transitions for the full list).
    init(seedWords: [String], savedRows: [ChainRow] = [], savedRecent: [Trigram] = [],
         counter: SyllableCounter = .shared) {
        self.counter = counter
        for w in seedWords { lexicon.intern(w, counter: counter) }
        if savedRows.isEmpty {
            if seedWords.count >= 3 {
                for i in 0..<(seedWords.count - 2) {
                    chain.add(lexicon.id(of: seedWords[i])!, lexicon.id(of: seedWords[i + 1])!,
                              lexicon.id(of: seedWords[i + 2])!)
                }
            }
        } else {
            for row in savedRows {
                let a = lexicon.intern(row.first, counter: counter)
                let b = lexicon.intern(row.second, counter: counter)
                let c = lexicon.intern(row.next, counter: counter)
                chain.add(a, b, c, count: row.count)
            }
        }
        recentTrigrams = Array(savedRecent.suffix(HaikuGenerator.recentLimit))
    }

    var vocabCount: Int { lexicon.count }
    var vocab: [String] { lexicon.words }
    func contains(_ word: String) -> Bool { lexicon.id(of: word) != nil }

    /// Syllables of a word (cached for vocab words).
    func syllables(_ word: String) -> Int {
        if let id = lexicon.id(of: word) { return lexicon.syllableCount(id) }
        return counter.count(word)
    }

    /// `chain[(a, b)][c]` by words, or nil.
    func transitionCount(_ a: String, _ b: String, _ c: String) -> Int? {
        guard let ia = lexicon.id(of: a), let ib = lexicon.id(of: b), let ic = lexicon.id(of: c) else { return nil }
        return chain.count(ia, ib, ic)
    }

    /// `update_chain`: adds each trigram as a transition (words join the vocab) and appends it to
    /// the recent trigrams, keeping the last 10. The caller persists `chainRows()` and
    /// `recentTrigrams` afterwards (the original rewrites both tables on every call).
    mutating func updateChain(_ trigrams: [Trigram]) {
        for t in trigrams {
            let a = lexicon.intern(t.first, counter: counter)
            let b = lexicon.intern(t.second, counter: counter)
            let c = lexicon.intern(t.third, counter: counter)
            chain.add(a, b, c)
        }
        if !trigrams.isEmpty {
            recentTrigrams.append(contentsOf: trigrams)
            if recentTrigrams.count > HaikuGenerator.recentLimit {
                recentTrigrams.removeFirst(recentTrigrams.count - HaikuGenerator.recentLimit)
            }
        }
    }

    /// Every chain transition in insertion order: what `markov_bigrams` holds.
    func chainRows() -> [ChainRow] {
        var rows: [ChainRow] = []
        rows.reserveCapacity(chain.transitionCount)
        for (slot, key) in chain.keys.enumerated() {
            let (a, b) = MarkovChain.unpack(key)
            let wa = lexicon.word(a), wb = lexicon.word(b)
            for (i, c) in chain.successors[slot].enumerated() {
                rows.append(ChainRow(first: wa, second: wb, next: lexicon.word(c), count: chain.counts[slot][i]))
            }
        }
        return rows
    }

    // MARK: - Line algorithm (haiku.md §2.4)

    /// One line of `target` syllables, following the original's control flow exactly: first word
    /// uniform over the vocab; the one-word step uses the first key starting with that word and
    /// appends the *successor* of that key (skipping its second word); with no such key it appends a
    /// uniform word without a syllable check; an overshooting pick is replaced by a uniform word of
    /// exactly the missing syllables (the exact fill), or the line stops.
    func generateLine(target: Int, temperature: Double, rng: inout SeededGenerator) -> [Lexicon.ID] {
        let vocabSize = lexicon.count
        var line: [Lexicon.ID] = []
        line.reserveCapacity(8)
        let first = Lexicon.ID(rng.nextInt(below: vocabSize))
        line.append(first)
        var count = lexicon.syllableCount(first)
        var attempts = 0
        while count < target && attempts < HaikuGenerator.maxAttempts {
            attempts += 1
            let slot: Int?
            if line.count >= 2 {
                slot = chain.slot(line[line.count - 2], line[line.count - 1])
            } else {
                guard let second = chain.firstKeySecond(startingWith: line[0]) else {
                    let w = Lexicon.ID(rng.nextInt(below: vocabSize))
                    line.append(w)
                    count += lexicon.syllableCount(w)
                    continue
                }
                slot = chain.slot(line[0], second)
            }
            let next: Lexicon.ID
            if let slot {
                next = sample(slot: slot, temperature: temperature, rng: &rng)
            } else {
                next = Lexicon.ID(rng.nextInt(below: vocabSize))
            }
            let syl = lexicon.syllableCount(next)
            if count + syl <= target {
                line.append(next)
                count += syl
            } else {
                let fill = lexicon.words(withSyllables: target - count)
                if fill.isEmpty { break }
                line.append(fill[rng.nextInt(below: fill.count)])
                count = target
            }
        }
        return line
    }

    /// A continuation of the key in `slot`, drawn with p ∝ count^(1/T) (p ∝ count when T = 1).
    /// One uniform draw per call, as `np.random.choice` makes even for a single continuation.
    private func sample(slot: Int, temperature: Double, rng: inout SeededGenerator) -> Lexicon.ID {
        let nexts = chain.successors[slot]
        let counts = chain.counts[slot]
        let exponent = 1 / temperature
        @inline(__always) func weight(_ i: Int) -> Double {
            temperature == 1.0 ? Double(counts[i]) : Libm.pow(Double(counts[i]), exponent)
        }
        var total = 0.0
        for i in 0..<nexts.count { total += weight(i) }
        let target = rng.nextUnit() * total
        var cumulative = 0.0
        for i in 0..<nexts.count {
            cumulative += weight(i)
            if target < cumulative { return nexts[i] }
        }
        return nexts[nexts.count - 1]
    }

    /// A haiku: lines of 5, 7 and 5 syllables as word ids.
    func generateHaiku(temperature: Double, rng: inout SeededGenerator) -> HaikuDraft {
        HaikuDraft(lines: [5, 7, 5].map { generateLine(target: $0, temperature: temperature, rng: &rng) },
                   lexicon: lexicon)
    }

    /// `generate_candidates(n, temp)`: n haikus, words joined by " ", lines by "\n".
    func generateCandidates(count: Int, temperature: Double, rng: inout SeededGenerator) -> [HaikuDraft] {
        (0..<count).map { _ in generateHaiku(temperature: temperature, rng: &rng) }
    }
}

/// One generated haiku: its text and the syllable count of each line.
public struct HaikuDraft: Sendable, Hashable {
    /// Lines joined by "\n", words by " ".
    public var text: String
    /// Syllables per line, by the generator's rule.
    public var lineSyllables: [Int]

    init(lines: [[Lexicon.ID]], lexicon: Lexicon) {
        text = lines.map { $0.map { lexicon.word($0) }.joined(separator: " ") }.joined(separator: "\n")
        lineSyllables = lines.map { $0.reduce(0) { $0 + lexicon.syllableCount($1) } }
    }

    public init(text: String, lineSyllables: [Int]) {
        self.text = text
        self.lineSyllables = lineSyllables
    }

    /// True when the lines are exactly 5, 7, 5 syllables.
    public var isExact575: Bool { lineSyllables == [5, 7, 5] }
}

/// One row of `markov_bigrams`: a chain transition and its count.
public struct ChainRow: Sendable, Hashable {
    public var first: String
    public var second: String
    public var next: String
    public var count: Int
}

// MARK: - Checkpoint state (issue 10)

extension HaikuGenerator {
    /// The generator as it is in memory. Not re-derived from `markov_bigrams`: a reload from the
    /// table interns words in key order, while the live lexicon holds them in arrival order, and
    /// word ids decide the uniform draws of the line algorithm.
    struct Snapshot: Codable, Sendable, Equatable {
        /// Lexicon words in id order.
        var words: [String]
        /// Chain transitions as (first id, second id, next id, count), keys and successors in insertion order.
        var transitions: [[Int]]
        var recent: [Trigram]
    }

    var snapshot: Snapshot {
        var transitions: [[Int]] = []
        transitions.reserveCapacity(chain.transitionCount)
        for (slot, key) in chain.keys.enumerated() {
            let (a, b) = MarkovChain.unpack(key)
            for (i, c) in chain.successors[slot].enumerated() {
                transitions.append([Int(a), Int(b), Int(c), chain.counts[slot][i]])
            }
        }
        return Snapshot(words: lexicon.words, transitions: transitions, recent: recentTrigrams)
    }

    /// The generator `snapshot` describes, with `counter`'s syllable rule.
    init(snapshot: Snapshot, counter: SyllableCounter = .shared) throws {
        self.counter = counter
        for w in snapshot.words { lexicon.intern(w, counter: counter) }
        guard lexicon.count == snapshot.words.count else {
            throw MindStateMismatch(organism: "haiku", detail: "the saved lexicon repeats a word")
        }
        for t in snapshot.transitions {
            guard t.count == 4, t[0..<3].allSatisfy({ $0 >= 0 && $0 < lexicon.count }) else {
                throw MindStateMismatch(organism: "haiku", detail: "a saved chain transition \(t) is out of range")
            }
            chain.add(Lexicon.ID(t[0]), Lexicon.ID(t[1]), Lexicon.ID(t[2]), count: t[3])
        }
        recentTrigrams = snapshot.recent
    }
}

/// What one `update_chain` leaves to persist: the whole chain, the recent trigrams, the update's
/// version (grows by one per update of one mind) and how many transitions it added.
public struct ChainSnapshot: Sendable {
    public var rows: [ChainRow]
    public var recent: [Trigram]
    public var version: Int
    public var added: Int
    public init(rows: [ChainRow], recent: [Trigram], version: Int, added: Int) {
        self.rows = rows
        self.recent = recent
        self.version = version
        self.added = added
    }
}
