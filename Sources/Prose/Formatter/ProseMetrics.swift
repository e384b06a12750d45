import HarmonixCore

/// Shape figures of one text, stored with every prose row (`compute_metrics` of the original).
public struct ProseMetrics: Sendable, Hashable {
    /// `len(text.split())`.
    public var wordCount: Int
    /// Number of formatter sentences (``ProseSplit/sentences(_:)``).
    public var sentenceCount: Int
    /// Number of non-blank `\n\n+` paragraphs.
    public var paragraphCount: Int
    /// Words per sentence; 0 when there is no sentence.
    public var averageSentenceLength: Double
    /// Words per paragraph; 0 when there is no paragraph.
    public var averageParagraphLength: Double

    public init(of text: String) {
        wordCount = PythonText.words(text).count
        sentenceCount = ProseSplit.sentences(text).count
        paragraphCount = ProseSplit.paragraphs(text).count
        averageSentenceLength = sentenceCount > 0 ? Double(wordCount) / Double(sentenceCount) : 0
        averageParagraphLength = paragraphCount > 0 ? Double(wordCount) / Double(paragraphCount) : 0
    }
}
