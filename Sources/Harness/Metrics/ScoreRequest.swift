/// One turn to score: the text the replier received, its reply, and the previous observer messages
/// of the same conversation (oldest first). The line format of `harmonix score`'s JSONL input.
public struct ScoreRequest: Sendable, Hashable, Codable {
    public var prompt: String
    public var reply: String
    /// Previous observer messages of the same conversation/topic, oldest first (V1/V4 read the last 3).
    public var history: [String]

    public init(prompt: String, reply: String, history: [String] = []) {
        self.prompt = prompt
        self.reply = reply
        self.history = history
    }

    /// The turn scored under `variant`.
    public func score(_ variant: MetricVariant) -> TurnScore {
        ExternalVocab.turnScore(prompt: prompt, reply: reply, history: history, variant: variant)
    }
}
