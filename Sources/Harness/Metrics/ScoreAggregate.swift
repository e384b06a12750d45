/// Run-level `external_vocab` figures for one variant (`metrics.md` §1.5): mean, best, worst,
/// optimal k/n and percentage, with empty and failed replies counted apart.
///
/// ```swift
/// let aggregate = ScoreAggregate(scores: turns)        // all of one variant
/// print(aggregate.mean!, aggregate.optimalCount, aggregate.scoredCount)   // 0.20858… 27 60
/// ```
///
/// Two conventions side by side:
/// - **ours** (`mean`, `best`, `worst`, `optimalCount`, `optimalPercent`): over the scored turns
///   only; empty and failed turns appear in `emptyCount` / `failedCount` and nowhere else;
/// - **Leo-compatible** (`leoCompatibleMean`, `leoCompatibleOptimalCount`, …): every turn, with
///   empty and failed ones scored 0.0 (and so "optimal"), as Leo's scripts did.
/// Both agree when every turn was scored (as in all the Dec 31 Leo runs under V3 and V4).
public struct ScoreAggregate: Sendable, Hashable, Codable {
    /// The variant of every aggregated turn.
    public let variant: MetricVariant
    /// All turns, scored or not.
    public let turnCount: Int
    public let scoredCount: Int
    public let emptyCount: Int
    public let failedCount: Int
    /// Arithmetic mean over scored turns (turn-weighted); nil when none was scored.
    public let mean: Double?
    /// Lowest scored value (Leo's "best"); nil when none was scored.
    public let best: Double?
    /// Highest scored value (Leo's "worst"); nil when none was scored.
    public let worst: Double?
    /// Sample standard deviation (n − 1) of the scored values; nil below 2 scored turns.
    public let standardDeviation: Double?
    /// Scored turns with value < 0.2 (strict, unrounded).
    public let optimalCount: Int
    /// Mean over all turns with empty/failed ones as 0.0; nil when there are no turns.
    public let leoCompatibleMean: Double?
    /// Optimal turns among all turns with empty/failed ones as 0.0 (so they count as optimal).
    public let leoCompatibleOptimalCount: Int

    /// Aggregates turns of one variant (taken from the turns).
    /// - precondition: `scores` is non-empty and every score has the same variant.
    public init(scores: [TurnScore]) {
        precondition(!scores.isEmpty, "ScoreAggregate(scores:) needs at least one turn (its variant comes from them); use init(variant:scores:) for possibly empty sets")
        self.init(variant: scores[0].variant, scores: scores)
    }

    /// Aggregates turns of `variant`; an empty list gives counts of 0 and nil figures.
    /// - precondition: every score has this variant.
    public init(variant: MetricVariant, scores: [TurnScore]) {
        precondition(scores.allSatisfy { $0.variant == variant },
                     "ScoreAggregate mixes variants: aggregate each variant on its own")
        self.variant = variant
        turnCount = scores.count
        let values = scores.compactMap(\.value)
        scoredCount = values.count
        emptyCount = scores.count { $0.outcome == .empty }
        failedCount = scores.count { $0.outcome == .failed }
        mean = values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
        best = values.min()
        worst = values.max()
        if let mean, values.count >= 2 {
            let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            standardDeviation = (squares / Double(values.count - 1)).squareRoot()
        } else {
            standardDeviation = nil
        }
        optimalCount = values.count(where: ExternalVocab.isOptimal)
        leoCompatibleMean = scores.isEmpty ? nil
            : scores.map(\.leoCompatibleValue).reduce(0, +) / Double(scores.count)
        leoCompatibleOptimalCount = scores.count(where: \.leoCompatibleIsOptimal)
    }

    /// Aggregates raw values of one variant; `nil` entries are empty replies.
    public init(values: [Double?], variant: MetricVariant) {
        self.init(variant: variant, scores: values.map { TurnScore(variant: variant, value: $0) })
    }

    /// `optimalCount / scoredCount`; nil when nothing was scored.
    public var optimalFraction: Double? {
        scoredCount == 0 ? nil : Double(optimalCount) / Double(scoredCount)
    }

    /// `100 · optimalCount / scoredCount` (Leo printed it with one decimal); nil when nothing was scored.
    public var optimalPercent: Double? { optimalFraction.map { 100 * $0 } }

    /// `100 · leoCompatibleOptimalCount / turnCount`, Leo's "Optimal turns (<0.2): k/n (p%)"; nil
    /// when there are no turns.
    public var leoCompatibleOptimalPercent: Double? {
        turnCount == 0 ? nil : 100 * Double(leoCompatibleOptimalCount) / Double(turnCount)
    }

    /// Wilson interval of the optimal share over scored turns; nil when nothing was scored.
    public func optimalInterval(level: Double = 0.95) -> ConfidenceInterval? {
        guard scoredCount > 0 else { return nil }
        return ProportionInterval.wilson(successes: optimalCount, trials: scoredCount, level: level)
    }
}
