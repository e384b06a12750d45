import HarmonixCore

/// One organism of a cascade: the files it reads, its generation settings and the field state a
/// run starts it from. The one home of this concept: a manifest's `organisms:` entries are these.
///
/// The harness fills this from a manifest (resolving every path through its `DataResolver`) and
/// materialises ``field`` into the mode's field folder; the cascade builds the organism from the
/// rest, so the harness never names an organism type (overview §2a).
public struct OrganismConfiguration: Sendable, Hashable {
    /// "haiku", "sonnet" or "prose".
    public var name: String
    /// Model file: Sonnet's `.npz` weights or Prose's `.gguf` model (required by both), resolved by
    /// the harness when the manifest omits it (`DataItem.sonnetWeights`, `DataItem.proseModel`).
    public var model: String?
    /// Generation length: tokens for Prose, characters for Sonnet; nil = the organism's default.
    public var maxTokens: Int?
    /// Base temperature the organism's own rule starts from (Sonnet: the first turn's temperature,
    /// before PhaseTransitions takes over; Prose: the base of `adjust_temperature`, 0.9 in the
    /// cascade); nil = the original's value. HAiKU derives its temperature from dissonance alone.
    public var temperature: Double?
    /// The field state a run starts from (overview decision 6); the harness materialises it.
    public var field: FieldState
    /// HAiKU: the ordered seed-word list (`seeds:`; required).
    public var seedsPath: String?
    /// Sonnet: trained SonnetBrain parameters (`brain:`); nil = base quality only.
    public var brainPath: String?
    /// Sonnet: initial PhaseTransitions state (`phase_state:`); nil = the fresh default.
    public var phaseStatePath: String?
    /// Prose: matvec threads of the Llama engine (`threads:`); nil = 1 (kernels are single-threaded
    /// by default so that async stages do not fight over the two cores).
    public var threads: Int?

    public init(name: String, model: String? = nil, maxTokens: Int? = nil, temperature: Double? = nil,
                field: FieldState = .fresh, seedsPath: String? = nil, brainPath: String? = nil,
                phaseStatePath: String? = nil, threads: Int? = nil) {
        self.name = name
        self.model = model
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.field = field
        self.seedsPath = seedsPath
        self.brainPath = brainPath
        self.phaseStatePath = phaseStatePath
        self.threads = threads
    }
}
