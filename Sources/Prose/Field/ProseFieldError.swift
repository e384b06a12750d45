/// Failures of the Prose field's SQLite work.
public enum ProseFieldError: Error, CustomStringConvertible {
    /// A statement failed; `operation` names the field method, `reason` is SQLite's message.
    case database(operation: String, path: String, reason: String)

    public var description: String {
        switch self {
        case .database(let operation, let path, let reason):
            return "Prose field database error: \(reason) - while \(operation) in \(path). "
                + "Check that the file is a Prose field (tables prose, prose_sentences, prose_trigrams) "
                + "and is writable, or start from a fresh field."
        }
    }
}
