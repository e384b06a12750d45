/// How to build one organism: the files it reads and its generation settings.
///
/// The harness fills this from a manifest; the cascade builds the organism from it, so the
/// harness never names an organism type (overview §2a).
public struct OrganismConfiguration: Sendable, Hashable {
    /// "haiku", "sonnet" or "prose".
    public var name: String
    /// Sonnet: `.npz` weights; Prose: `.gguf` model (required by both).
    public var model: String?
    /// Prose: tokens; Sonnet: characters.
    public var maxTokens: Int?
    /// Base temperature of the organism's own rule (Sonnet's first turn, Prose's adjust base).
    public var temperature: Double?
    /// HAiKU's seed-word list (required).
    public var seedsPath: String?
    /// Sonnet's trained SonnetBrain parameters.
    public var brainPath: String?
    /// Sonnet's initial PhaseTransitions state.
    public var phaseStatePath: String?
    /// Prose engine threads.
    public var threads: Int?

    public init(name: String, model: String? = nil, maxTokens: Int? = nil, temperature: Double? = nil,
                seedsPath: String? = nil, brainPath: String? = nil, phaseStatePath: String? = nil, threads: Int? = nil) {
        self.name = name
        self.model = model
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.seedsPath = seedsPath
        self.brainPath = brainPath
        self.phaseStatePath = phaseStatePath
        self.threads = threads
    }
}
