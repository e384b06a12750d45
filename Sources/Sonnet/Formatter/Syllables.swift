/// The formatter's syllable count (spec §2.3): the fallback of the original, not the PyPI
/// `syllables` package (which was never installed where the original was measured).
///
/// Lowercase the line, then count the starts of runs of the vowels "aeiouy"; any other character
/// (space, punctuation) ends a run. No per-word minimum: "My lord" → 2, "Hi" → 1, "" → 0.
public enum Syllables {
    public static func count(_ line: String) -> Int {
        var count = 0
        var previousWasVowel = false
        for scalar in line.lowercased().unicodeScalars {
            let isVowel = "aeiouy".unicodeScalars.contains(scalar)
            if isVowel && !previousWasVowel { count += 1 }
            previousWasVowel = isVowel
        }
        return count
    }

    /// SonnetBrain's own copy (spec §4.3): the same count with a minimum of 1.
    public static func countAtLeastOne(_ line: String) -> Int { max(1, count(line)) }
}
