/// The five historical definitions of Leo's `external_vocab` echo ratio (`metrics.md` §1.3).
///
/// One name covered five formulas over Leo's history, and Leo's two headline figures were computed
/// under different ones (sync 0.209 under V3, async 0.112 under V4). A number without its variant is
/// therefore meaningless: every figure this package prints carries its variant next to it.
///
/// | variant | counts | observer side | tokenizer |
/// |---|---|---|---|
/// | `v1` | types (sets) | current + ≤ 3 previous messages | `tok_py` |
/// | `v2` | types (sets) | current message | `tok_py` |
/// | `v3` | tokens (reply as multiset) | current message | `tok_py` |
/// | `v4` | types (sets) | current + ≤ 3 previous messages of the same topic | `tok_py` |
/// | `v5` | tokens over content words | current message, first 128 distinct words | C `leo_echo_ratio` words |
///
/// Raw values are `"v1"` … `"v5"`, the spelling of the CLI (`--variant v4`) and of manifests.
public enum MetricVariant: String, Codable, CaseIterable, Sendable, Hashable, Comparable,
    CustomStringConvertible
{
    case v1, v2, v3, v4, v5

    /// How many previous observer messages (oldest first, the most recent kept) join the current one
    /// on the observer side. 0 = current message only.
    public var historyDepth: Int {
        switch self {
        case .v1, .v4: return 3
        case .v2, .v3, .v5: return 0
        }
    }

    /// True when repeated reply words count each time (V3, V5); false for type-level variants.
    public var countsTokens: Bool {
        switch self {
        case .v3, .v5: return true
        case .v1, .v2, .v4: return false
        }
    }

    /// Leo's spelling in papers and transcripts: `"V1"` … `"V5"`.
    public var displayName: String { rawValue.uppercased() }

    public var description: String { rawValue }

    /// Parses `"v4"` or `"V4"`; nil for anything else.
    public init?(name: String) {
        self.init(rawValue: name.lowercased())
    }

    public static func < (lhs: MetricVariant, rhs: MetricVariant) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
