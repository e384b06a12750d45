/// An error worded the package's one way (style.md, "Error messages"):
/// "<what failed>: <detail> - while <context>. <how to fix>."
///
/// A conforming enum gives the three parts of each case in ``explanation``, one row per case;
/// the sentence is put together here, once, so every module's messages read alike.
///
/// ```swift
/// case .brainUnreadable(let path, let reason): return ErrorExplanation("MathBrain state unreadable: \(reason)", while: "loading \(path)", fix: "Delete the file to start from a fresh scorer.")
/// // "MathBrain state unreadable: <reason> - while loading <path>. Delete the file to start from a fresh scorer."
/// ```
public protocol ExplainedError: Error, CustomStringConvertible {
    var explanation: ErrorExplanation { get }
}

extension ExplainedError {
    public var description: String { explanation.sentence }
}

/// The parts of an error message: what failed (with its detail), what was being done, and how to
/// fix it (empty when there is nothing the user can do).
public struct ErrorExplanation: Sendable, Equatable {
    public var failure: String
    public var context: String
    public var fix: String

    public init(_ failure: String, while context: String, fix: String = "") {
        self.failure = failure
        self.context = context
        self.fix = fix
    }

    /// "<failure> - while <context>. <fix>", or "<failure> - while <context>." without a fix.
    public var sentence: String {
        fix.isEmpty ? "\(failure) - while \(context)." : "\(failure) - while \(context). \(fix)"
    }
}
