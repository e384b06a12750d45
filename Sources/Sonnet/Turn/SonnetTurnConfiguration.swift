/// What a Sonnet turn needs besides the prompt: where its files are and which parts run.
public struct SonnetTurnConfiguration: Sendable {
    /// The weights file (`shakespeare_gpt.npz`); callers resolve it (the harness's `DataResolver`).
    public var weightsPath: String
    /// Field database; nil = a private in-memory field (fresh).
    public var databasePath: String?
    /// SonnetBrain parameters (e.g. ../shared/data/sonnet/sonnetbrain.json); nil = no brain, the
    /// quality is the formatter's base (0.8 valid / 0.5), as metaharmonix computes it.
    public var brainPath: String?
    /// Initial phase state (e.g. ../shared/data/sonnet/phase_transitions.json); nil = fresh default.
    public var phaseStatePath: String?
    /// Where to save the phase state every 5 observations; nil = never written.
    public var phaseSavePath: String?
    /// Characters per generation (every real caller: 800).
    public var maxTokens = 800
    /// Temperature of the first turn (chat.py: 0.8); later turns use the phase temperature.
    public var firstTemperature = 0.8
    /// Run the MetaSonnet reflection when it fires (a second generation).
    public var reflect = true
    /// Run Overthinkng after the turn.
    public var overthink = true
    public var attentionScale: AttentionScale = .numpyInference

    public init(
        weightsPath: String, databasePath: String? = nil, brainPath: String? = nil,
        phaseStatePath: String? = nil, phaseSavePath: String? = nil, maxTokens: Int = 800,
        firstTemperature: Double = 0.8, reflect: Bool = true, overthink: Bool = true,
        attentionScale: AttentionScale = .numpyInference
    ) {
        self.weightsPath = weightsPath
        self.databasePath = databasePath
        self.brainPath = brainPath
        self.phaseStatePath = phaseStatePath
        self.phaseSavePath = phaseSavePath
        self.maxTokens = maxTokens
        self.firstTemperature = firstTemperature
        self.reflect = reflect
        self.overthink = overthink
        self.attentionScale = attentionScale
    }
}
