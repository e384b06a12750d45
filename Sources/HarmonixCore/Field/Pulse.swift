/// The pulse of one dissonance reading (harmonix.py `PulseSnapshot`): novelty, arousal and entropy.
/// All default to 0.
///
/// Every organism reports one, each computed by its own formula (HAiKU over trigram word sets,
/// Sonnet against its field's cloud, Prose over word sets; see each organism's dissonance), so the
/// type is shared and the formulas are not.
public struct Pulse: Sendable, Hashable, Codable {
    public var novelty: Double
    public var arousal: Double
    public var entropy: Double

    public init(novelty: Double = 0, arousal: Double = 0, entropy: Double = 0) {
        self.novelty = novelty
        self.arousal = arousal
        self.entropy = entropy
    }
}
