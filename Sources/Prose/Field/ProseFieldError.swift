import HarmonixCore

/// Failures of the Prose field's SQLite work.
public enum ProseFieldError: ExplainedError {
    /// A statement failed; `operation` names the field method, `reason` is SQLite's message.
    case database(operation: String, path: String, reason: String)

    public var explanation: ErrorExplanation {
        switch self {
        case .database(let operation, let path, let reason): return ErrorExplanation("Prose field database error: \(reason)", while: "\(operation) in \(path)", fix: "Check that the file is a Prose field (tables prose, prose_sentences, prose_trigrams) and is writable, or start from a fresh field.")
        }
    }
}
