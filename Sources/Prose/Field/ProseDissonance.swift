import HarmonixCore

/// The original's name for the shared ``Pulse`` in Prose. Prose's figures (see
/// ``ProseDissonance/compute(input:prose:)``): novelty = 1 − |U ∩ P| / max(|U|, 1) when that ratio
/// is below 1, else 0; arousal = | |U| − |P| | / max(1, |U|) over the word *sets* (can exceed 1);
/// entropy = min(1, |U ∪ P| / 100).
public typealias PulseSnapshot = Pulse

/// Dissonance between an input and a prose text, and the temperature it maps to
/// (`compute_dissonance` / `adjust_temperature` of the original's `ProseHarmonix`).
///
/// Pure functions of their arguments: they read no field state, so they live outside the actor.
///
/// ```swift
/// let (d, pulse) = ProseDissonance.compute(input: "What is resonance?", prose: "")
/// // d = 0.806, pulse = (1.0, 1.0, 0.03)
/// ProseDissonance.temperature(for: d, base: 0.9)   // 0.63
/// ```
public enum ProseDissonance {
    /// Weights of novelty, arousal and entropy in the dissonance.
    public static let weights = (novelty: 0.5, arousal: 0.3, entropy: 0.2)
    /// Unique words that make entropy 1.
    public static let entropyNormalizer = 100.0

    /// `compute_dissonance(user_input, prose_output)`: U, P = sets of lowercased whitespace words;
    /// `d = 0.5·novelty + 0.3·arousal + 0.2·entropy`, **not clamped** (the original stores
    /// values above 1, e.g. 4.015 in row 1 of the shipped `prose.db`).
    public static func compute(input: String, prose: String) -> (dissonance: Double, pulse: PulseSnapshot) {
        let u = Set(PythonText.words(PythonText.lower(input)))
        let p = Set(PythonText.words(PythonText.lower(prose)))
        let overlapRatio = Double(u.intersection(p).count) / Double(max(u.count, 1))
        let pulse = PulseSnapshot(
            novelty: overlapRatio < 1 ? 1 - overlapRatio : 0,
            arousal: Double(abs(u.count - p.count)) / Double(max(1, u.count)),
            entropy: min(1, Double(u.union(p).count) / entropyNormalizer)
        )
        let d = weights.novelty * pulse.novelty + weights.arousal * pulse.arousal + weights.entropy * pulse.entropy
        return (d, pulse)
    }

    /// `adjust_temperature(d, base)`: `d > 0.7` → `base·0.7`; `d < 0.3` → `base·1.2`; else `base`
    /// (strict comparisons: 0.7 and 0.3 map to `base`).
    public static func temperature(for dissonance: Double, base: Double) -> Double {
        if dissonance > 0.7 { return base * 0.7 }
        if dissonance < 0.3 { return base * 1.2 }
        return base
    }

    /// Base temperature of `generate` (the standalone turn).
    public static let generateBase = 0.8
    /// Base temperature of `generate_cascade` (the organism turn).
    public static let cascadeBase = 0.9
}
