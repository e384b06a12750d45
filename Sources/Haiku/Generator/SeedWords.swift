import Foundation
import HarmonixCore

/// The ordered seed list (haiku.py `SEED_WORDS`: 587 entries, duplicates and order kept).
///
/// The list is data, not code: it is read from the file the caller names. Where that file lives
/// (`--seeds-file`, manifest `seeds:`, `HARMONIX_HAIKU_SEEDS`, a harmonix checkout's
/// `haiku/data/seed_words.txt`, `../shared/data/haiku/`) is decided by the harness's
/// `DataResolver`, not here.
///
/// ```swift
/// let seeds = try SeedWords.read(path: "haiku/data/seed_words.txt")
/// ```
public enum SeedWords {
    /// The non-empty, whitespace-trimmed lines of the file at `path`, in order.
    ///
    /// - throws: ``HaikuError/seedWordsUnreadable(path:reason:)`` for a missing or unreadable file
    ///   or one with fewer than 3 words.
    public static func read(path: String) throws -> [String] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = FileProblem.reason(error, path: path)
            throw HaikuError.seedWordsUnreadable(path: path, reason: reason)
        }
        let words = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard words.count >= 3 else {
            throw HaikuError.seedWordsUnreadable(path: path, reason: "only \(words.count) words (need at least 3)")
        }
        return words
    }
}
