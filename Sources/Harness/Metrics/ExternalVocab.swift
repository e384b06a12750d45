/// Leo's `external_vocab` echo ratio: the share of the reply's words that also occur on the observer
/// side (`metrics.md` §1). Range [0, 1]; **lower is better** (the organism speaks from its own field).
///
/// ```swift
/// let v4 = ExternalVocab.score(prompt: "Can silence speak?", reply: "Silence hums softly.",
///                              history: ["Earlier question"], variant: .v4)   // Optional(0.333…)
/// ExternalVocab.isOptimal(v4!)                                                // false (≥ 0.2)
/// ```
///
/// `score` returns `nil` when the reply side has no tokens under the variant (an empty reply, or one
/// whose words all vanish in the tokenizer). Leo's code scored those 0.0 and so counted them as
/// optimal; this package lists them apart (`TurnScore.Outcome.empty`) and offers the Leo-compatible
/// 0.0 only through `leoCompatibleScore` / `ScoreAggregate.leoCompatibleMean`.
public enum ExternalVocab {

    /// The per-turn "optimal" cut: a turn is optimal iff its unrounded value is strictly below 0.2
    /// (`metrics.md` §1.4; a turn printed as 0.200 is not optimal).
    public static let optimalThreshold: Double = 0.2

    /// `value < 0.2`, strict, on the unrounded value.
    public static func isOptimal(_ value: Double) -> Bool { value < optimalThreshold }

    /// The echo ratio of one turn under `variant`.
    ///
    /// - parameter prompt: the text the replier received (Leo's observer message; a stage's input).
    /// - parameter reply: the replier's output.
    /// - parameter history: previous observer messages of the same conversation/topic, **oldest
    ///   first**. Only V1 and V4 read it, and only its last 3 entries; the others ignore it.
    /// - returns: the ratio in [0, 1], or `nil` if the reply has no tokens under this variant.
    public static func score(prompt: String, reply: String, history: [String] = [],
                             variant: MetricVariant) -> Double?
    {
        switch variant {
        case .v1, .v4:
            let observerTexts = [prompt] + history.suffix(variant.historyDepth)
            return typeRatio(reply: reply, observerTexts: observerTexts)
        case .v2:
            return typeRatio(reply: reply, observerTexts: [prompt])
        case .v3:
            let observer = Set(LeoTokenizer.pythonTokens(prompt).map(ScalarKey.init))
            let replyTokens = LeoTokenizer.pythonTokens(reply)
            guard !replyTokens.isEmpty else { return nil }
            let echoes = replyTokens.reduce(0) { $0 + (observer.contains(ScalarKey($1)) ? 1 : 0) }
            return Double(echoes) / Double(replyTokens.count)
        case .v5:
            let observer = firstDistinct(LeoTokenizer.contentWords(prompt), limit: 128)
            let replyWords = LeoTokenizer.contentWords(reply)
            guard !replyWords.isEmpty else { return nil }
            let echoes = replyWords.reduce(0) { $0 + (observer.contains($1) ? 1 : 0) }
            return Double(echoes) / Double(replyWords.count)
        }
    }

    /// Leo's own behaviour: like `score`, but an empty reply side scores 0.0 (and so is "optimal").
    /// Use only to reproduce Leo's published counts.
    public static func leoCompatibleScore(prompt: String, reply: String, history: [String] = [],
                                          variant: MetricVariant) -> Double
    {
        score(prompt: prompt, reply: reply, history: history, variant: variant) ?? 0
    }

    /// The scored turn, with its outcome (`scored` or `empty`) and variant attached.
    public static func turnScore(prompt: String, reply: String, history: [String] = [],
                                 variant: MetricVariant) -> TurnScore
    {
        TurnScore(variant: variant,
                  value: score(prompt: prompt, reply: reply, history: history, variant: variant))
    }

    /// V1/V2/V4: |set(reply) ∩ ⋃ set(observer)| / |set(reply)|.
    private static func typeRatio(reply: String, observerTexts: [String]) -> Double? {
        let replyTypes = Set(LeoTokenizer.pythonTokens(reply).map(ScalarKey.init))
        guard !replyTypes.isEmpty else { return nil }
        var observer = Set<ScalarKey>()
        for text in observerTexts {
            for token in LeoTokenizer.pythonTokens(text) { observer.insert(ScalarKey(token)) }
        }
        let shared = replyTypes.reduce(0) { $0 + (observer.contains($1) ? 1 : 0) }
        return Double(shared) / Double(replyTypes.count)
    }

    /// C Leo keeps at most `limit` distinct prompt words, in order of first appearance.
    private static func firstDistinct(_ words: [String], limit: Int) -> Set<String> {
        var kept = Set<String>()
        for word in words where kept.count < limit { kept.insert(word) }
        return kept
    }
}
