/// One turn's `external_vocab` under one variant, with what happened to the reply.
///
/// Empty and failed replies carry no value: they are counted apart and never silently "optimal"
/// (overview decision 8). `leoCompatibleValue` gives Leo's 0.0 for them when a Leo figure must be
/// reproduced.
public struct TurnScore: Sendable, Hashable, Codable {

    /// What the reply produced.
    public enum Outcome: String, Sendable, Hashable, Codable {
        /// The reply had tokens under the variant and was scored.
        case scored
        /// The reply had no tokens under the variant (empty, or every word vanished in the tokenizer).
        case empty
        /// The replier failed (an error instead of a reply): there was nothing to score.
        case failed
    }

    public let variant: MetricVariant
    public let outcome: Outcome
    /// The echo ratio in [0, 1]; `nil` unless `outcome == .scored`.
    public let value: Double?

    /// A scored turn when `value` is non-nil, an empty one otherwise.
    public init(variant: MetricVariant, value: Double?) {
        self.variant = variant
        self.value = value
        self.outcome = value == nil ? .empty : .scored
    }

    /// A turn whose replier failed.
    public static func failed(variant: MetricVariant) -> TurnScore {
        TurnScore(variant: variant, outcome: .failed)
    }

    private init(variant: MetricVariant, outcome: Outcome) {
        self.variant = variant
        self.outcome = outcome
        self.value = nil
    }

    /// `value < 0.2` (strict, unrounded); false for empty and failed turns.
    public var isOptimal: Bool { value.map(ExternalVocab.isOptimal) ?? false }

    /// Leo's convention: empty and failed turns score 0.0.
    public var leoCompatibleValue: Double { value ?? 0 }

    /// Leo's convention: empty and failed turns count as optimal.
    public var leoCompatibleIsOptimal: Bool { ExternalVocab.isOptimal(leoCompatibleValue) }
}
