/// The greedy merge loop both tokenizers share: while some adjacent pair of symbols is mergeable,
/// join the pair with the highest priority (the leftmost one on a tie) and look again.
///
/// The tokenizers differ only in the priority: GPT-2 BPE takes the lowest merge rank (priority
/// −rank), SentencePiece the highest piece score. `nil` means the pair does not merge.
func mergeAdjacentPairs(_ symbols: inout [String], priority: (String, String) -> Double?) {
    while symbols.count > 1 {
        var best = -Double.infinity, bestIndex = -1
        for i in 0..<(symbols.count - 1) {
            if let p = priority(symbols[i], symbols[i + 1]), p > best {
                best = p
                bestIndex = i
            }
        }
        if bestIndex < 0 { return }
        symbols[bestIndex] += symbols[bestIndex + 1]
        symbols.remove(at: bestIndex + 1)
    }
}
