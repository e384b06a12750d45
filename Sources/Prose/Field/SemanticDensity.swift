import HarmonixCore

/// Share of distinct "meaningful" words in a text (`semantic_density` of the original).
///
/// `w = words(text)`; meaningful = lowercased words not in the stopword list and longer than 2 code
/// points (length of the word as written, punctuation included); density = |set(meaningful)| / |w|,
/// 0 for an empty text. Example: "The field resonates with patterns of meaning." → 4/7.
public enum SemanticDensity {
    /// `STOPWORDS_H` of the field (25 words).
    public static let fieldStopwords: Set<String> = [
        "the", "a", "an", "and", "or", "but", "in", "on", "at", "to", "for", "of", "with", "by", "from",
        "as", "is", "was", "are", "were", "be", "been", "being", "it", "its",
    ]
    /// Overthinkrose's list: the same without "it" and "its".
    public static let overthinkroseStopwords: Set<String> = fieldStopwords.subtracting(["it", "its"])

    public static func of(_ text: String, stopwords: Set<String> = fieldStopwords) -> Double {
        let words = PythonText.words(text)
        guard !words.isEmpty else { return 0 }
        var meaningful = Set<String>()
        for word in words {
            let lowered = PythonText.lower(word)
            if !stopwords.contains(lowered), PythonText.length(word) > 2 { meaningful.insert(lowered) }
        }
        return Double(meaningful.count) / Double(words.count)
    }
}
