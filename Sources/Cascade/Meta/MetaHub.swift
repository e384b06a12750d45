import HarmonixCore

/// The cascade-level state: the combined field and the meta synthesis.
///
/// An actor with no suspension point inside ``synthesize(outputs:seed:)``, so the field update
/// and the sentence drawn from it are one atomic step per cascade (`cascade.md` §3.5, last rules).
public actor MetaHub {
    private var field = CombinedField()

    public init() {}

    public var fieldSize: Int { field.count }

    /// The hub's declared state (issue 10): the combined field, which every later meta sentence samples.
    public func captureState() -> CombinedField { field }

    /// Puts a captured combined field back (between cascades).
    public func restoreState(_ state: CombinedField) { field = state }

    /// Adds the outputs' words to the combined field, then draws the meta sentence from it.
    public func synthesize(outputs: [String], seed: UInt64) -> (sentence: String, fieldSize: Int) {
        for text in outputs { field.absorb(text) }
        var rng = SeededGenerator(seed: seed)
        return (MetaSentence.compose(from: field, rng: &rng), field.count)
    }
}
