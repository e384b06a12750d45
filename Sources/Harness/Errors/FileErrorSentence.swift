import Foundation
import HarmonixCore

/// Foundation's file errors ("NSCocoaErrorDomain error 512") as the sentence the command line
/// prints: the path and what is wrong with it (``FileProblem``). Here so the executable needs
/// nothing but Harness.
public enum FileErrorSentence {
    /// "PATH: CAUSE." for a Foundation file error; nil for any other error.
    public static func sentence(for error: Error) -> String? {
        let ns = error as NSError
        guard ns.domain == NSCocoaErrorDomain else { return nil }
        let path = ns.userInfo[NSFilePathErrorKey] as? String ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path ?? ""
        return "\(path.isEmpty ? "" : path + ": ")\(FileProblem.reason(error, path: path))."
    }
}
