import HarmonixCore

/// HAiKU's pulse formula over the shared ``Pulse``.
extension Pulse {
    /// Words in trigrams per unit of entropy (HAiKU's normaliser).
    public static let entropyScale = 20.0

    /// `PulseSnapshot.from(U, S, J)`: novelty = 1 − J (0 when J ≥ 1); arousal = the difference of
    /// the list *lengths* over max(1, |U|), unbounded; entropy = min(1, distinct words / 20).
    public static func from(user: [Trigram], system: [Trigram], similarity j: Double) -> Pulse {
        var distinct = Set<String>()
        for t in user { distinct.insert(t.first); distinct.insert(t.second); distinct.insert(t.third) }
        for t in system { distinct.insert(t.first); distinct.insert(t.second); distinct.insert(t.third) }
        return Pulse(
            novelty: j >= 1 ? 0 : 1 - j,
            arousal: Double(abs(user.count - system.count)) / Double(max(1, user.count)),
            entropy: min(1, Double(distinct.count) / entropyScale))
    }
}

/// The result of `compute_dissonance`.
public struct DissonanceReading: Sendable, Hashable {
    /// d ∈ [0, 1].
    public var dissonance: Double
    public var pulse: Pulse
    /// Word-set Jaccard similarity J (nil when an early return fired).
    public var similarity: Double?
}

/// The dissonance formula (haiku.md §3.3), shared by the sync and async field variants.
public enum Dissonance {
    public static let neutral = 0.5

    /// d = 1 − J over the trigrams' word sets, then ×1.2 (entropy > 0.7), ×1.15 (arousal > 0.6),
    /// ×1.1 (novelty > 0.7), ×0.7 (a trigram shared exactly), clamped to [0, 1]. Either list
    /// empty (or an empty union) → the neutral 0.5 with a zero pulse.
    ///
    /// ```swift
    /// Dissonance.compute(user: [("a","b","c")], system: [("a","b","c"), ("c","d","e")])  // d ≈ 0.322
    /// ```
    public static func compute(user: [Trigram], system: [Trigram]) -> DissonanceReading {
        if user.isEmpty || system.isEmpty { return DissonanceReading(dissonance: neutral, pulse: Pulse(), similarity: nil) }
        var userWords = Set<String>(), systemWords = Set<String>()
        for t in user { userWords.insert(t.first); userWords.insert(t.second); userWords.insert(t.third) }
        for t in system { systemWords.insert(t.first); systemWords.insert(t.second); systemWords.insert(t.third) }
        let union = userWords.union(systemWords).count
        if union == 0 { return DissonanceReading(dissonance: neutral, pulse: Pulse(), similarity: nil) }
        let j = Double(userWords.intersection(systemWords).count) / Double(union)
        let pulse = Pulse.from(user: user, system: system, similarity: j)
        var d = 1 - j
        if pulse.entropy > 0.7 { d *= 1.2 }
        if pulse.arousal > 0.6 { d *= 1.15 }
        if pulse.novelty > 0.7 { d *= 1.1 }
        if !Set(user).isDisjoint(with: system) { d *= 0.7 }
        return DissonanceReading(dissonance: min(1, max(0, d)), pulse: pulse, similarity: j)
    }

    /// `adjust_temperature(d)`: (0.3 + 1.2·d, 0.3). Pure; no lock in the original.
    public static func temperature(for d: Double) -> (haiku: Double, harmonix: Double) {
        (0.3 + 1.2 * d, 0.3)
    }
}

extension Dissonance {
    /// The original cascade's HAiKU metric (metaharmonix v1, haiku.md §1.2, cascade.md §1.3):
    /// `compute_dissonance(prompt_string, haiku_string)` with **strings** instead of trigram lists,
    /// so every "trigram" is one character (a Unicode code point, as Python iterates strings):
    /// word sets are character sets (spaces and "\n" included), arousal compares character counts,
    /// entropy counts distinct characters / 20, and any shared character is an "exact trigram
    /// match". A bug of the original, kept only for the `python-parity` option; never the default.
    public static func characterLevel(prompt: String, haiku: String) -> DissonanceReading {
        let u = Array(prompt.unicodeScalars), s = Array(haiku.unicodeScalars)
        if u.isEmpty || s.isEmpty { return DissonanceReading(dissonance: neutral, pulse: Pulse(), similarity: nil) }
        let uw = Set(u), sw = Set(s)
        let union = uw.union(sw)
        let j = Double(uw.intersection(sw).count) / Double(union.count)
        let pulse = Pulse(novelty: j >= 1 ? 0 : 1 - j,
                          arousal: Double(abs(u.count - s.count)) / Double(max(1, u.count)),
                          entropy: min(1, Double(union.count) / Pulse.entropyScale))
        var d = 1 - j
        if pulse.entropy > 0.7 { d *= 1.2 }
        if pulse.arousal > 0.6 { d *= 1.15 }
        if pulse.novelty > 0.7 { d *= 1.1 }
        if !uw.isDisjoint(with: sw) { d *= 0.7 }
        return DissonanceReading(dissonance: min(1, max(0, d)), pulse: pulse, similarity: j)
    }
}
