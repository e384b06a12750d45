/// Which rule of the resolution order gave a data path (recorded in `run.json`).
public enum DataSource: String, Sendable, Hashable, Codable, CaseIterable {
    /// A manifest value or a command-line flag.
    case explicit
    /// The item's own environment variable (or the same key in the local config file).
    case variable
    /// The original harmonix checkout (`--harmonix-home`, `HARMONIX_HOME` or the local config).
    case home
    /// This repository's `Models/`.
    case repository
    /// The shared data folder (`../shared/data` or `HARMONIX_SHARED_DATA`).
    case shared
}

/// One place the resolver tried, with why it was (not) usable, for error messages.
public struct DataCandidate: Sendable, Hashable, CustomStringConvertible {
    public var source: DataSource
    /// The path, or nil when the rule had nothing to offer (variable unset, no home given).
    public var path: String?
    /// How the rule is named to the user, e.g. `$HARMONIX_SONNET_WEIGHTS` or `HARMONIX_HOME (from --harmonix-home)`.
    public var rule: String

    public var description: String {
        guard let path else { return "\(rule): not set" }
        return "\(path) (\(rule))"
    }
}

/// A resolved data file: where it is and which rule found it.
public struct DataLocation: Sendable, Hashable {
    public var path: String
    public var source: DataSource
    public var rule: String
}
