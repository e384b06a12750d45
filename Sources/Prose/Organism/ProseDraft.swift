import HarmonixCore

/// What ``ProseOrganism/compose(_:)`` hands to ``ProseOrganism/settle(_:context:)``.
public struct ProseDraft: Sendable, Hashable {
    /// The completion, `strip()`ped as in the original; may be empty (EOS at once).
    public var text: String
    /// The model's only input and how it was chosen.
    public var fieldSeed: FieldSeed
    /// Temperature the model sampled at.
    public var temperature: Double
    /// Seed of the turn's stream (`TurnRequest.seed`).
    public var requestSeed: UInt64
    /// Seed handed to the model's sampler (the stream's next word after the field-seed draws).
    public var modelSeed: UInt64
    /// What the model reported about the call (token count, stop reason, prompt/decode seconds).
    public var completion: ProseCompletion
    /// Durations of compose's parts, in seconds: `field_seed`, `generate`.
    public var timings: [NamedValue]
}
