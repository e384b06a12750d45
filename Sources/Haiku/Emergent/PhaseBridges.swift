import Foundation

/// Phase-4 bridges (phase4_bridges.py `HaikuBridges`): the state-transition log. Pure parts here;
/// the table writes are `HaikuField.recordState` and friends.
///
/// A state is named by its rounded metrics ("d0.7_e0.6_q0.6"); each turn logs (before, after)
/// metrics and, from the second turn on, counts the transition from the previous state with its
/// cosine similarity, quality delta and flags. Effect: database rows only.
public enum PhaseBridges {
    public static let defaultMinCount = 2
    public static let defaultMaxSuggestions = 5

    /// `"d%.1f_e%.1f_q%.1f"`, e.g. (0.73, 0.56, 0.64) → "d0.7_e0.6_q0.6".
    public static func stateID(dissonance: Double, entropy: Double, quality: Double) -> String {
        String(format: "d%.1f_e%.1f_q%.1f", dissonance, entropy, quality)
    }

    /// Cosine over the keys both maps share; 0 for empty maps, no shared key, or a zero norm.
    public static func cosine(_ a: [String: Double], _ b: [String: Double]) -> Double {
        var dot = 0.0, na = 0.0, nb = 0.0
        var shared = 0
        // Sorted keys: a fixed summation order, so the stored sums are reproducible bit for bit
        // (dictionary order differs between instances).
        for k in a.keys.sorted() {
            guard let x = a[k], let y = b[k] else { continue }
            shared += 1
            dot += x * y
            na += x * x
            nb += y * y
        }
        guard shared > 0, na > 0, nb > 0 else { return 0 }
        return dot / (na.squareRoot() * nb.squareRoot())
    }

    /// Ranking of a suggested next state:
    /// sim · (1 + clamp(qΔ, −0.5, 0.5)) · (1 − clamp01(overwhelm)) · (1 − 0.3·clamp01(boredom)) · (1 − 0.2·clamp01(stuck)).
    public static func score(similarity: Double, qualityDelta: Double, overwhelm: Double, boredom: Double,
                             stuck: Double) -> Double
    {
        func clamp01(_ x: Double) -> Double { min(1, max(0, x)) }
        return similarity * (1 + min(0.5, max(-0.5, qualityDelta))) * (1 - clamp01(overwhelm))
            * (1 - 0.3 * clamp01(boredom)) * (1 - 0.2 * clamp01(stuck))
    }
}

/// The metrics a bridge log row stores, serialised as the original's `json.dumps` of
/// {dissonance, entropy, novelty, arousal, quality} (key order kept).
public struct StateMetrics: Sendable, Hashable {
    public var dissonance: Double
    public var entropy: Double
    public var novelty: Double
    public var arousal: Double
    public var quality: Double

    public init(dissonance: Double, entropy: Double, novelty: Double, arousal: Double, quality: Double) {
        self.dissonance = dissonance
        self.entropy = entropy
        self.novelty = novelty
        self.arousal = arousal
        self.quality = quality
    }

    public var dictionary: [String: Double] {
        ["dissonance": dissonance, "entropy": entropy, "novelty": novelty, "arousal": arousal, "quality": quality]
    }

    public var json: String {
        "{\"dissonance\": \(dissonance), \"entropy\": \(entropy), \"novelty\": \(novelty), "
            + "\"arousal\": \(arousal), \"quality\": \(quality)}"
    }
}

/// One suggestion of `suggestNextStates`.
public struct StateSuggestion: Sendable, Hashable {
    public var stateID: String
    public var count: Int
    public var score: Double
}
