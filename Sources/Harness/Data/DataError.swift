/// A data file that no rule of the resolution order found. The message lists every place tried.
public enum DataError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The explicit value (flag or manifest) names no file; it is never replaced by a fallback.
    case explicitMissing(DataItem, path: String, origin: String)
    /// No rule found the item.
    case notFound(DataItem, tried: [DataCandidate])

    public var description: String {
        "\(problem) - while locating data '\(item.rawValue)'. \(fix)"
    }

    public var item: DataItem {
        switch self {
        case .explicitMissing(let item, _, _), .notFound(let item, _): return item
        }
    }

    /// What is missing and every place tried.
    public var problem: String {
        switch self {
        case .explicitMissing(let item, let path, let origin):
            return "\(item.title) not found: \(path) (given by \(origin))"
        case .notFound(let item, let tried):
            let list = tried.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "; ")
            return "\(item.title) not found; tried \(list)"
        }
    }

    /// How to make it found.
    public var fix: String {
        switch self {
        case .explicitMissing:
            return "Fix the path: an explicit path is never replaced by another place."
        case .notFound(let item, _):
            switch item {
            case .proseModel:
                return "Run scripts/setup.sh (it fetches the model into Models/), or set \(item.variable)."
            case .leoParadoxes:
                return "Set \(item.variable) to Leo's topics_paradoxes.json."
            default:
                return "Point HARMONIX_HOME (or --harmonix-home, or `scripts/setup.sh --harmonix-home DIR`) at a "
                    + "checkout of the original harmonix project, or set \(item.variable)."
            }
        }
    }

    /// The places tried, in order.
    public var places: [String] {
        switch self {
        case .explicitMissing(_, let path, _): return [path]
        case .notFound(_, let tried): return tried.compactMap(\.path)
        }
    }
}
