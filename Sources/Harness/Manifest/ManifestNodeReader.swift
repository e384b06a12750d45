import Yams

/// Typed reads from a composed YAML document that record every schema problem with its position.
///
/// The manifest is composed to a Yams `Node` tree first (not decoded with `Codable`) because only
/// nodes keep their marks, and `Codable` silently ignores unknown keys: a typo such as `repeat:`
/// must fail `validate` with the line it is on.
final class ManifestNodeReader {
    let file: String
    private(set) var issues: [ManifestIssue] = []

    init(file: String) { self.file = file }

    func report(_ node: Node?, _ keyPath: String, _ problem: String, fix: String = "") {
        let mark = node?.mark
        issues.append(ManifestIssue(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0,
                                    keyPath: keyPath, problem: problem, fix: fix))
    }

    /// The entries of a mapping, keyed by name, after rejecting keys outside `allowed`.
    func mapping(_ node: Node, at keyPath: String, allowed: [String]) -> [String: Node]? {
        guard case .mapping(let mapping) = node else {
            report(node, keyPath, "expected a mapping (key: value lines), found \(kind(of: node))")
            return nil
        }
        var entries: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                report(keyNode, keyPath, "keys must be plain words")
                continue
            }
            let path = keyPath.isEmpty ? key : "\(keyPath).\(key)"
            if !allowed.contains(key) {
                report(keyNode, path, "unknown key '\(key)'", fix: Suggestion.fix(for: key, allowed: allowed))
                continue
            }
            if entries[key] != nil {
                report(keyNode, path, "duplicate key '\(key)'", fix: "Keep one of them.")
                continue
            }
            entries[key] = value
        }
        return entries
    }

    /// The ordered (key, key node, value) entries of a mapping whose keys are names (e.g. organisms).
    func namedEntries(_ node: Node, at keyPath: String) -> [(name: String, keyNode: Node, value: Node)]? {
        guard case .mapping(let mapping) = node else {
            report(node, keyPath, "expected a mapping (name: options), found \(kind(of: node))")
            return nil
        }
        return mapping.compactMap { keyNode, value in
            guard let name = keyNode.scalar?.string else {
                report(keyNode, keyPath, "keys must be plain words")
                return nil
            }
            return (name, keyNode, value)
        }
    }

    func sequence(_ node: Node, at keyPath: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            report(node, keyPath, "expected a list, found \(kind(of: node))",
                   fix: "Write it as `[a, b]` or as lines starting with `- `.")
            return nil
        }
        return Array(sequence)
    }

    /// A scalar as text; a mapping or list is a type error.
    func string(_ node: Node, at keyPath: String) -> String? {
        guard let scalar = node.scalar else {
            report(node, keyPath, "expected a text value, found \(kind(of: node))")
            return nil
        }
        return scalar.string
    }

    func int(_ node: Node, at keyPath: String, minimum: Int, maximum: Int = Int.max) -> Int? {
        guard node.scalar != nil, let value = node.int else {
            // `1e12` is a float to YAML: name the limit rather than the type when it is a whole number.
            if let float = node.float, float.isFinite, float.rounded() == float, float > Double(maximum) {
                report(node, keyPath, "must be at most \(maximum), found \(describe(node))",
                       fix: maximumFix(keyPath))
                return nil
            }
            report(node, keyPath, "expected a whole number, found \(describe(node))")
            return nil
        }
        guard value >= minimum else {
            report(node, keyPath, "must be at least \(minimum), found \(value)")
            return nil
        }
        guard value <= maximum else {
            report(node, keyPath, "must be at most \(maximum), found \(value)", fix: maximumFix(keyPath))
            return nil
        }
        return value
    }

    private func maximumFix(_ keyPath: String) -> String {
        "The limits of a run are listed in Experiments/README.md (Limits)."
    }

    func unsigned(_ node: Node, at keyPath: String) -> UInt64? {
        guard let text = node.scalar?.string, let value = UInt64(text.replacingOccurrences(of: "_", with: "")) else {
            report(node, keyPath, "expected a non-negative whole number, found \(describe(node))")
            return nil
        }
        return value
    }

    func double(_ node: Node, at keyPath: String, range: ClosedRange<Double>) -> Double? {
        guard node.scalar != nil, let value = node.float, value.isFinite else {
            report(node, keyPath, "expected a number, found \(describe(node))")
            return nil
        }
        guard range.contains(value) else {
            report(node, keyPath, "must lie in [\(range.lowerBound), \(range.upperBound)], found \(value)")
            return nil
        }
        return value
    }

    /// The value under `key` of a mapping's `entries`, read by `read` (e.g. ``stringList(_:at:)``):
    /// a missing key is reported on `mapping` as "missing required key '<key>'", a wrong value by `read`.
    func required<Value>(_ key: String, in entries: [String: Node], of mapping: Node, at keyPath: String,
                         _ read: (Node, String) -> Value?) -> Value? {
        guard let node = entries[key] else {
            report(mapping, "\(keyPath).\(key)", "missing required key '\(key)'")
            return nil
        }
        return read(node, "\(keyPath).\(key)")
    }

    func stringList(_ node: Node, at keyPath: String) -> [String]? {
        guard let items = sequence(node, at: keyPath) else { return nil }
        var result: [String] = []
        for (i, item) in items.enumerated() {
            guard let text = string(item, at: "\(keyPath)[\(i)]") else { return nil }
            result.append(text)
        }
        return result
    }

    private func kind(of node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let scalar): return "'\(scalar.string)'"
        case .alias: return "an alias"
        }
    }

    private func describe(_ node: Node) -> String { kind(of: node) }
}
