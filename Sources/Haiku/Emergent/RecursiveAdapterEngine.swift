import HarmonixCore

/// RAE (rae.py `RecursiveAdapterEngine`): chooses the haiku to output from the candidates.
///
/// No candidates → a fixed fallback haiku; one → it; otherwise the recursive selector's choice.
/// The rule-based path (3-line filter, optional scorer, most diverse word use) is what the
/// original falls back to when the selector is unavailable; it is kept and tested, and reachable
/// with `useRecursiveSelector = false`.
public struct RecursiveAdapterEngine: Sendable, Codable {
    public static let emptyFallback = "cloud is empty\nsilence speaks louder than words\nwait for resonance"

    public var selector: RecursiveSelector
    public var useRecursiveSelector = true

    public init(selector: RecursiveSelector) {
        self.selector = selector
    }

    /// The chosen haiku and the selector's confidence (nil when no selection was made).
    public func reason(_ candidates: [String], userTrigrams: [Trigram],
                       scorer: ((String) -> Double)? = nil) -> (haiku: String, confidence: Double?)
    {
        if candidates.isEmpty { return (RecursiveAdapterEngine.emptyFallback, nil) }
        if candidates.count == 1 { return (candidates[0], nil) }
        if useRecursiveSelector {
            let choice = selector.select(candidates, userTrigrams: userTrigrams)
            return (candidates[choice.index], choice.confidence)
        }
        return (RecursiveAdapterEngine.ruleBased(candidates, scorer: scorer), nil)
    }

    /// Keep 3-line candidates (all if none); with a scorer take the top 3 by score (stable),
    /// else the first 3; return the highest unique/total word ratio (first on ties).
    public static func ruleBased(_ candidates: [String], scorer: ((String) -> Double)?) -> String {
        let threeLine = candidates.filter { $0.split(separator: "\n", omittingEmptySubsequences: false).count == 3 }
        var pool = threeLine.isEmpty ? candidates : threeLine
        if let scorer {
            let scored = pool.enumerated().map { ($0.offset, $0.element, scorer($0.element)) }
            pool = scored.sorted { $0.2 != $1.2 ? $0.2 > $1.2 : $0.0 < $1.0 }.map(\.1)
        }
        pool = Array(pool.prefix(3))
        var best = pool[0]
        var bestRatio = -1.0
        for c in pool {
            let words = c.split(whereSeparator: { $0 == " " || $0 == "\n" })
            let ratio = words.isEmpty ? 0 : Double(Set(words).count) / Double(words.count)
            if ratio > bestRatio { best = c; bestRatio = ratio }
        }
        return best
    }
}
