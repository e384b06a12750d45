/// How ``ProseField/fieldSeed(mode:generator:)`` chooses the model's only input.
public enum FieldSeedMode: String, Sendable, Hashable, CaseIterable {
    /// Draw: `u < 0.7` → recent, `u < 0.9` → trigram, else random (`u` from the turn's generator).
    case auto
    /// Last sentence of the newest prose row + ".", or "The field resonates.".
    case recent
    /// Top-count trigram with resonance > 0.5 + "..." — never present (every row has 0.5), so recent.
    case trigram
    /// A stored sentence picked by the generator, or "Words flow through the field.".
    case random

    /// The original's mode string; any unknown string means `random`, as in the original.
    public init(name: String) {
        self = FieldSeedMode(rawValue: name) ?? .random
    }
}

/// Where a field seed's text came from: the branch that produced it, fallbacks included.
public enum FieldSeedSource: String, Sendable, Hashable {
    case recent
    /// No row, or the newest row has no sentence fragment (e.g. an empty output).
    case recentDefault = "recent_default"
    case trigram
    case random
    /// `prose_sentences` is empty.
    case randomDefault = "random_default"
}

/// The text fed to the model, with the mode drawn and the branch that produced it (recorded per turn).
public struct FieldSeed: Sendable, Hashable {
    public var text: String
    /// The concrete mode: for `auto`, the one the generator drew.
    public var mode: FieldSeedMode
    public var source: FieldSeedSource

    /// Fallback of the recent mode.
    public static let recentDefaultText = "The field resonates."
    /// Fallback of the random mode.
    public static let randomDefaultText = "Words flow through the field."
}
