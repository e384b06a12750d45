import Foundation

/// The ordered seed list (haiku.py `SEED_WORDS`: 587 entries, duplicates and order kept).
///
/// The list is data, not code: the product reads it from a file whose path comes, in this order,
/// from the caller (manifest or `--seeds-file`), the environment variable `HARMONIX_HAIKU_SEEDS`,
/// and as a last resort `../shared/data/haiku/seed_words.txt` next to the package root.
///
/// ```swift
/// let seeds = try SeedWords.load(explicitPath: nil)
/// ```
public enum SeedWords {
    /// The environment variable that names the seed list file.
    public static let environmentVariable = "HARMONIX_HAIKU_SEEDS"

    /// Every path tried, in order, for `explicitPath` and `environment`.
    public static func candidatePaths(explicitPath: String?,
                                      environment: [String: String] = ProcessInfo.processInfo.environment)
        -> [String]
    {
        var paths: [String] = []
        if let explicitPath, !explicitPath.isEmpty { paths.append(explicitPath) }
        if let env = environment[environmentVariable], !env.isEmpty { paths.append(env) }
        if let root = packageRoot() {
            paths.append(root.deletingLastPathComponent()
                .appendingPathComponent("shared/data/haiku/seed_words.txt").path)
        }
        return paths
    }

    /// Loads the first existing file of ``candidatePaths(explicitPath:environment:)``. An explicit
    /// path that does not exist is an error (no silent fallback to another list).
    ///
    /// - throws: ``HaikuError/seedWordsNotFound(searched:)`` or ``HaikuError/seedWordsUnreadable(path:reason:)``.
    public static func load(explicitPath: String? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [String]
    {
        let fm = FileManager.default
        if let explicitPath, !explicitPath.isEmpty, !fm.fileExists(atPath: explicitPath) {
            throw HaikuError.seedWordsNotFound(searched: [explicitPath])
        }
        let paths = candidatePaths(explicitPath: explicitPath, environment: environment)
        guard let path = paths.first(where: { fm.fileExists(atPath: $0) }) else {
            throw HaikuError.seedWordsNotFound(searched: paths)
        }
        return try read(path: path)
    }

    /// The non-empty, whitespace-trimmed lines of the file at `path`, in order.
    public static func read(path: String) throws -> [String] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw HaikuError.seedWordsUnreadable(path: path, reason: "\(error)")
        }
        let words = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard words.count >= 3 else {
            throw HaikuError.seedWordsUnreadable(path: path, reason: "only \(words.count) words (need at least 3)")
        }
        return words
    }

    /// The folder holding Package.swift, found from this source file's compile-time location.
    static func packageRoot(from file: String = #filePath) -> URL? {
        var dir = URL(fileURLWithPath: file).deletingLastPathComponent()
        let fm = FileManager.default
        while dir.path != "/" {
            if fm.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }
}
