/// Settings of the Prose organism turn (`generate_cascade`); defaults follow overview decision 2.
public struct ProseConfiguration: Sendable, Hashable {
    /// Tokens the model may generate per turn (the manifest's `max_tokens`; default 200, the
    /// original's chat value; `generate_cascade` itself defaults to 500).
    public var maxTokens: Int
    /// Base of `adjust_temperature` (cascade 0.9).
    public var baseTemperature: Double
    /// How the seed is chosen (the original always uses `auto`).
    public var seedMode: FieldSeedMode
    /// Quality stored with every generated row (the original's constant 0.5).
    public var storedQuality: Double
    /// Writer tag of the stored rows.
    public var addedBy: String

    public init(
        maxTokens: Int = 200, baseTemperature: Double = ProseDissonance.cascadeBase, seedMode: FieldSeedMode = .auto,
        storedQuality: Double = 0.5, addedBy: String = "prose_cascade"
    ) {
        self.maxTokens = maxTokens
        self.baseTemperature = baseTemperature
        self.seedMode = seedMode
        self.storedQuality = storedQuality
        self.addedBy = addedBy
    }
}
