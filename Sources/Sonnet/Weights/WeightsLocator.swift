import Foundation

/// Finds the Sonnet weights, in a fixed order, and says every place it looked when none is there
/// (overview decision 7: never a silent fallback).
///
/// Order: the explicit path (a `--weights` flag or the manifest) → `$HARMONIX_SONNET_WEIGHTS` →
/// `Models/shakespeare_gpt.npz` → `../shared/data/sonnet/shakespeare_gpt.npz` (both relative to
/// the working directory). An explicit path that does not exist is an error by itself: it is
/// never replaced by a later candidate.
public enum WeightsLocator {
    public static let environmentKey = "HARMONIX_SONNET_WEIGHTS"
    public static let modelsPath = "Models/shakespeare_gpt.npz"
    public static let sharedPath = "../shared/data/sonnet/shakespeare_gpt.npz"

    /// - throws: ``SonnetError/weightsNotFound(looked:)`` listing each candidate.
    public static func locate(
        explicit: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }
    ) throws -> String {
        if let explicit {
            if fileExists(explicit) { return explicit }
            throw SonnetError.weightsNotFound(looked: ["\(explicit) (given explicitly)"])
        }
        var looked: [String] = []
        if let env = environment[environmentKey], !env.isEmpty {
            if fileExists(env) { return env }
            looked.append("\(env) (from \(environmentKey))")
        } else {
            looked.append("$\(environmentKey) (not set)")
        }
        for candidate in [modelsPath, sharedPath] {
            if fileExists(candidate) { return candidate }
            looked.append(candidate)
        }
        throw SonnetError.weightsNotFound(looked: looked)
    }
}
