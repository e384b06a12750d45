/// "Did you mean" suggestions for misspelled manifest keys and names.
enum Suggestion {
    /// The candidate closest to `word` by Levenshtein distance, if close enough to be a typo.
    ///
    /// The bound (a third of the word's length, at least 2) accepts `repeat` → `repeats` and
    /// `max_token` → `max_tokens` but not unrelated keys such as `color` → `modes`.
    static func closest(to word: String, in candidates: [String]) -> String? {
        let bound = max(2, word.count / 3)
        var best: (String, Int)?
        for candidate in candidates {
            let distance = levenshtein(word.lowercased(), candidate.lowercased())
            if distance <= bound, distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
        }
        return best?.0
    }

    /// "Did you mean 'x'? " or, with no close candidate, the list of allowed values.
    static func fix(for word: String, allowed: [String]) -> String {
        if let near = closest(to: word, in: allowed) { return "Did you mean '\(near)'?" }
        return "Allowed: \(allowed.joined(separator: ", "))."
    }

    static func levenshtein(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
