import HarmonixCore

/// What one ring produced and whether it was stored.
public struct OverthinkroseOutcome: Sendable, Hashable {
    public var ring: OverthinkroseRing
    public var text: String
    public var coherence: Double
    public var density: Double
    /// Id of the stored row; `nil` when the text was empty or below a threshold.
    public var proseID: Int64?
}

/// Overthinkrose (prose.md §3.2): four rings that vary recent prose and store the variations that
/// pass coherence ≥ 0.35 and density ≥ 0.3 as bare rows (`overthinkrose_<ring>`, quality =
/// coherence; no sentences, no trigrams). Not on the original's live path; its rows can become the
/// next recent seed, since the field's seed does not exclude them.
///
/// Differences from the original, by design: it shares the field's actor (and so its connection)
/// instead of opening its own, which also settles the original's "create it after the field" rule;
/// its random draws come from the caller's generator; ``expand(recent:rings:generator:)`` returns the
/// outcomes (the original returns `None`).
public struct Overthinkrose: Sendable {
    public static let coherenceThreshold = 0.35
    public static let densityThreshold = 0.3
    /// Rows read when no input is given.
    public static let recentLimit = 5

    public let field: ProseField

    public init(field: ProseField) {
        self.field = field
    }

    /// `expand(recent_prose, num_rings)`: rings 0…min(rings, 4)−1 in order over `recent` (default:
    /// the 5 newest rows not written by Overthinkrose). Returns nothing when there is no input.
    @discardableResult
    public func expand(recent: [String]? = nil, rings: Int = 4, generator rng: inout SeededGenerator) async throws
        -> [OverthinkroseOutcome]
    {
        let texts: [String]
        if let recent {
            texts = recent
        } else {
            texts = try await field.recentProse(limit: Self.recentLimit, excludingWritersWithPrefix: "overthinkrose_")
                .map(\.text)
        }
        guard !texts.isEmpty else { return [] }
        var outcomes: [OverthinkroseOutcome] = []
        for ring in OverthinkroseRing.allCases.prefix(max(0, min(rings, 4))) {
            let text: String
            if ring == .synthesis {
                guard texts.count >= 2 else { continue }
                text = OverthinkroseVariation.synthesis(texts, generator: &rng)
            } else {
                var variations: [String] = []
                for _ in 0..<ring.maxVariations {
                    let source = rng.pick(from: texts)
                    switch ring {
                    case .echo: variations.append(OverthinkroseVariation.echo(source, factor: ring.semanticFactor, generator: &rng))
                    case .drift: variations.append(OverthinkroseVariation.drift(source, factor: ring.semanticFactor, generator: &rng))
                    default: variations.append(OverthinkroseVariation.meta(source, generator: &rng))
                    }
                }
                text = variations.joined(separator: "\n\n")
            }
            outcomes.append(try await process(ring, text))
        }
        return outcomes
    }

    /// `_process_ring`: store `text` when non-empty and above both thresholds.
    func process(_ ring: OverthinkroseRing, _ text: String) async throws -> OverthinkroseOutcome {
        let coherence = Self.coherence(text)
        let density = Self.density(text)
        var outcome = OverthinkroseOutcome(ring: ring, text: text, coherence: coherence, density: density, proseID: nil)
        guard !text.isEmpty, coherence >= Self.coherenceThreshold, density >= Self.densityThreshold else { return outcome }
        outcome.proseID = try await field.insertBareProse(
            text, quality: coherence, dissonance: 0.5, temperature: 0.8, semanticDensity: density, addedBy: ring.addedBy)
        return outcome
    }

    /// `coherence(t)`: 0.4·count + 0.3·diversity + 0.3·sentences, clamped to [0, 1]; count score 1.0
    /// for 50…150 words, 0.7 for 20…49 or 151…200, else 0.3; diversity = distinct words / words (case-
    /// and punctuation-sensitive); sentence score 1.0 with ≥ 2 non-blank `[.!?]+` pieces, else 0.5.
    public static func coherence(_ text: String) -> Double {
        let words = PythonText.words(text)
        guard !words.isEmpty else { return 0 }
        let n = words.count
        let countScore: Double = (50...150).contains(n) ? 1.0 : ((20..<50).contains(n) || (151...200).contains(n) ? 0.7 : 0.3)
        let diversity = Double(Set(words).count) / Double(n)
        let sentenceScore = ProseSplit.fragments(text).count >= 2 ? 1.0 : 0.5
        return min(1, max(0, 0.4 * countScore + 0.3 * diversity + 0.3 * sentenceScore))
    }

    /// `density(t)`: the field's semantic density with Overthinkrose's stopwords (no it/its), clamped.
    public static func density(_ text: String) -> Double {
        min(1, max(0, SemanticDensity.of(text, stopwords: SemanticDensity.overthinkroseStopwords)))
    }
}
