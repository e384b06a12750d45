/// The order-2 word chain: (w1, w2) → ordered {next: count}, with **insertion order kept** for
/// both keys and continuations (haiku.md §2.2).
///
/// Insertion order matters twice: the one-word step of the line algorithm takes the *first* key
/// whose first word is the current word, and persistence writes rows in this order so a reload
/// rebuilds the same chain.
struct MarkovChain {
    typealias ID = Lexicon.ID

    /// Keys in insertion order, packed as (w1 << 32 | w2).
    private(set) var keys: [UInt64] = []
    private var slotOfKey: [UInt64: Int] = [:]
    /// Per slot: continuations and their counts, in insertion order.
    private(set) var successors: [[ID]] = []
    private(set) var counts: [[Int]] = []
    /// word → the second word of the first key starting with it (set only when a key is first inserted).
    private var firstSecond: [ID: ID] = [:]
    private(set) var transitionCount = 0

    var keyCount: Int { keys.count }

    @inline(__always) static func pack(_ a: ID, _ b: ID) -> UInt64 {
        (UInt64(UInt32(bitPattern: a)) << 32) | UInt64(UInt32(bitPattern: b))
    }

    @inline(__always) static func unpack(_ key: UInt64) -> (ID, ID) {
        (ID(bitPattern: UInt32(truncatingIfNeeded: key >> 32)), ID(bitPattern: UInt32(truncatingIfNeeded: key)))
    }

    /// `chain[(a, b)][c] += count`.
    mutating func add(_ a: ID, _ b: ID, _ c: ID, count: Int = 1) {
        let key = MarkovChain.pack(a, b)
        let slot: Int
        if let existing = slotOfKey[key] {
            slot = existing
        } else {
            slot = keys.count
            keys.append(key)
            slotOfKey[key] = slot
            successors.append([])
            counts.append([])
            if firstSecond[a] == nil { firstSecond[a] = b }
        }
        if let i = successors[slot].firstIndex(of: c) {
            counts[slot][i] += count
        } else {
            successors[slot].append(c)
            counts[slot].append(count)
            transitionCount += 1
        }
    }

    @inline(__always) func slot(_ a: ID, _ b: ID) -> Int? { slotOfKey[MarkovChain.pack(a, b)] }

    /// The second word of the first key (in insertion order) whose first word is `word`.
    @inline(__always) func firstKeySecond(startingWith word: ID) -> ID? { firstSecond[word] }

    /// `chain[(a, b)][c]`, or nil.
    func count(_ a: ID, _ b: ID, _ c: ID) -> Int? {
        guard let s = slot(a, b), let i = successors[s].firstIndex(of: c) else { return nil }
        return counts[s][i]
    }
}
