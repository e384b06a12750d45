/// Word interning for the generator: every vocab word gets a dense id, its syllable count is
/// computed once (haiku.md §2.3 "cache syl per word"), and words are bucketed by syllable count
/// so the exact-fill step is one array lookup instead of a rescan of the vocab.
///
/// The id order is the vocab's insertion order (seed list order, then words as they arrive), so
/// uniform choices over the vocab are reproducible under a fixed seed, unlike a hash-ordered set.
struct Lexicon {
    typealias ID = Int32

    private(set) var words: [String] = []
    private(set) var syllables: [Int] = []
    private var ids: [String: ID] = [:]
    /// `bySyllables[k]` = vocab ids with k syllables, in vocab order.
    private(set) var bySyllables: [[ID]] = []

    var count: Int { words.count }

    func id(of word: String) -> ID? { ids[word] }

    /// Adds `word` to the vocab if new; returns its id.
    @discardableResult
    mutating func intern(_ word: String, counter: SyllableCounter) -> ID {
        if let id = ids[word] { return id }
        let id = ID(words.count)
        let syl = counter.count(word)
        words.append(word)
        syllables.append(syl)
        ids[word] = id
        while bySyllables.count <= syl { bySyllables.append([]) }
        bySyllables[syl].append(id)
        return id
    }

    @inline(__always) func word(_ id: ID) -> String { words[Int(id)] }
    @inline(__always) func syllableCount(_ id: ID) -> Int { syllables[Int(id)] }

    /// Vocab words with exactly `n` syllables (the exact-fill candidates), in vocab order.
    @inline(__always) func words(withSyllables n: Int) -> [ID] {
        n > 0 && n < bySyllables.count ? bySyllables[n] : []
    }
}
