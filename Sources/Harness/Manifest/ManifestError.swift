/// One problem found in a manifest, located by file, line and key path.
public struct ManifestIssue: Sendable, Hashable, CustomStringConvertible {
    /// Manifest file as the user named it.
    public var file: String
    /// 1-based line of the offending node (0 when unknown).
    public var line: Int
    /// 1-based column (0 when unknown).
    public var column: Int
    /// Dotted key path of the offending value, e.g. `organisms.prose.max_tokens` or `prompts[1].file`.
    public var keyPath: String
    /// What is wrong.
    public var problem: String
    /// How to fix it (may hold a "Did you mean" suggestion).
    public var fix: String

    /// "file:line:column: <problem> at key 'path' - while validating the manifest. <fix>"
    public var description: String {
        let key = keyPath.isEmpty || problem.contains("'\(keyPath)'") ? "" : " at key '\(keyPath)'"
        let fixText = fix.isEmpty ? "" : " \(fix)"
        return "\(file):\(line):\(column): \(problem)\(key) - while validating the manifest.\(fixText)"
    }
}

/// Why a manifest could not be read.
public enum ManifestError: Error, Sendable, CustomStringConvertible {
    /// The file could not be read at all.
    case unreadable(path: String, reason: String)
    /// YAML/JSON syntax error.
    case syntax(file: String, line: Int, column: Int, problem: String)
    /// The document parsed but breaks the schema; every issue found is listed.
    case invalid([ManifestIssue])

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "Cannot read manifest: \(reason) - while opening \(path). Check the path."
        case .syntax(let file, let line, let column, let problem):
            return "\(file):\(line):\(column): YAML syntax error: \(problem) - while parsing the manifest. "
                + (problem.hasPrefix("duplicate key") ? "Keep one of them." : "Fix the indentation or quoting near that line.")
        case .invalid(let issues):
            return issues.map(\.description).joined(separator: "\n")
        }
    }

    /// The issues, one per problem (a syntax error or unreadable file is one issue).
    public var issues: [ManifestIssue] {
        switch self {
        case .invalid(let issues): return issues
        case .syntax(let file, let line, let column, let problem):
            return [ManifestIssue(file: file, line: line, column: column, keyPath: "", problem: problem, fix: "")]
        case .unreadable(let path, let reason):
            return [ManifestIssue(file: path, line: 0, column: 0, keyPath: "", problem: reason, fix: "")]
        }
    }
}
