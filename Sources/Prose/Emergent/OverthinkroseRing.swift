import HarmonixCore

/// The four rings of Overthinkrose with their settings (prose.md §3.2). The ring temperatures of
/// the original are never used and are omitted.
public enum OverthinkroseRing: Int, Sendable, Hashable, CaseIterable {
    case echo = 0, drift, meta, synthesis

    public var name: String {
        switch self {
        case .echo: return "echo"
        case .drift: return "drift"
        case .meta: return "meta"
        case .synthesis: return "synthesis"
        }
    }

    /// Probability knob of the ring's variations.
    public var semanticFactor: Double {
        switch self {
        case .echo: return 0.2
        case .drift: return 0.5
        case .meta: return 0.4
        case .synthesis: return 0.6
        }
    }

    /// How many variations rings 0–2 join; synthesis makes one text.
    public var maxVariations: Int {
        switch self {
        case .echo: return 2
        case .drift: return 3
        case .meta: return 2
        case .synthesis: return 1
        }
    }

    /// The writer tag of the rows the ring stores.
    public var addedBy: String { "overthinkrose_\(name)" }
}

/// The text transformations of the rings, pure functions of their inputs and the generator.
/// Draw order follows the original's Python (`random()` before the length test in drift, and so on);
/// `shuffle` is Fisher–Yates from the end with `nextInt(below: i + 1)` as Python's, `sample` is a
/// partial Fisher–Yates (Python's set-or-pool algorithm draws differently; the distribution is the same).
public enum OverthinkroseVariation {
    /// Drift's synonym map (15 keys, 5 synonyms each). The original's keys; its synonym lists are not
    /// in the specification, so these lists are ours.
    public static let synonyms: [String: [String]] = [
        "love": ["affection", "devotion", "tenderness", "longing", "care"],
        "time": ["duration", "moment", "season", "epoch", "hour"],
        "word": ["utterance", "term", "phrase", "syllable", "name"],
        "sound": ["tone", "echo", "resonance", "murmur", "voice"],
        "meaning": ["sense", "significance", "import", "intent", "essence"],
        "feel": ["sense", "perceive", "touch", "experience", "notice"],
        "think": ["ponder", "consider", "reflect", "muse", "wonder"],
        "speak": ["say", "utter", "voice", "declare", "express"],
        "hear": ["listen", "attend", "heed", "perceive", "catch"],
        "see": ["notice", "behold", "observe", "witness", "perceive"],
        "know": ["understand", "grasp", "recognize", "sense", "realize"],
        "flow": ["stream", "current", "drift", "pour", "glide"],
        "wave": ["ripple", "swell", "surge", "pulse", "undulation"],
        "resonance": ["vibration", "echo", "reverberation", "harmony", "attunement"],
        "essence": ["core", "heart", "nature", "spirit", "substance"],
    ]

    public static let metaTemplates = [
        "When {k} emerges from silence, meaning finds its form.",
        "The {k} flows through language like water through stone.",
        "To speak of {k} is to touch the ineffable.",
        "Where {k} resides, poetry and thought converge.",
        "In {k} we discover what words cannot capture.",
        "{k} reverberates through the chambers of understanding.",
        "Consider {k} as a threshold between worlds.",
        "The essence of {k} defies simple articulation.",
        "{k} whispers truths that logic cannot grasp.",
        "Through {k}, consciousness meets expression.",
    ]

    public static let transitions = ["Moreover", "Furthermore", "Thus", "Hence", "Therefore", "Indeed"]

    /// Echo: maybe shuffle paragraphs (when > 1), then maybe re-pair each paragraph's sentences and
    /// reverse them with probability 0.5.
    public static func echo(_ text: String, factor: Double, generator rng: inout SeededGenerator) -> String {
        var paragraphs = ProseSplit.splitParagraphsRaw(PythonText.strip(text))
        if paragraphs.count > 1, rng.nextUnit() < factor { shuffle(&paragraphs, &rng) }
        if rng.nextUnit() < factor {
            paragraphs = paragraphs.map { paragraph in
                let parts = ProseSplit.splitKeepingTerminators(paragraph)
                guard parts.count > 2 else { return paragraph }
                var paired: [String] = []
                var i = 0
                while i + 1 < parts.count {
                    paired.append(parts[i] + parts[i + 1])
                    i += 2
                }
                if parts.count % 2 == 1 { paired.append(parts[parts.count - 1]) }
                if rng.nextUnit() < 0.5 { paired.reverse() }
                return paired.joined(separator: " ")
            }
        }
        return paragraphs.joined(separator: "\n\n")
    }

    /// Drift: each whitespace word, with probability `factor` and when longer than 3 code points, is
    /// replaced by a synonym of its lowercased form (punctuation included, so "flow," never matches),
    /// capitalised when the word starts uppercase. Words are re-joined by single spaces.
    public static func drift(_ text: String, factor: Double, generator rng: inout SeededGenerator) -> String {
        PythonText.words(text).map { word in
            guard rng.nextUnit() < factor, PythonText.length(word) > 3,
                let options = synonyms[PythonText.lower(word)]
            else { return word }
            let synonym = rng.pick(from: options)
            let startsUpper = word.unicodeScalars.first.map { $0.properties.isUppercase } ?? false
            return startsUpper ? PythonText.capitalize(synonym) : synonym
        }.joined(separator: " ")
    }

    /// Meta: up to 5 distinct-position keywords (alphabetic words longer than 5), each set in a random
    /// template; sentences after the first get a transition with probability 0.4
    /// ("Thus, " + the lowercased sentence).
    public static func meta(_ text: String, generator rng: inout SeededGenerator) -> String {
        let keywords = PythonText.words(text).filter { PythonText.length($0) > 5 && PythonText.isAlpha($0) }
        let chosen = sample(keywords, count: min(5, keywords.count), &rng)
        var sentences: [String] = []
        for (i, keyword) in chosen.enumerated() {
            var sentence = rng.pick(from: metaTemplates).replacing("{k}", with: keyword)
            if i > 0, rng.nextUnit() < 0.4 {
                sentence = rng.pick(from: transitions) + ", " + PythonText.lower(sentence)
            }
            sentences.append(sentence)
        }
        return sentences.joined(separator: " ")
    }

    /// Synthesis: from up to 3 sampled texts, up to 2 sampled sentences each, shuffled and joined.
    /// Fewer than 2 texts give "" (the ring is skipped).
    public static func synthesis(_ texts: [String], generator rng: inout SeededGenerator) -> String {
        guard texts.count >= 2 else { return "" }
        var pool: [String] = []
        for text in sample(texts, count: min(3, texts.count), &rng) {
            let sentences = ProseSplit.sentences(text)
            pool += sample(sentences, count: min(2, sentences.count), &rng)
        }
        shuffle(&pool, &rng)
        return pool.joined(separator: " ")
    }

    /// Python's `random.shuffle` shape: for i from n−1 down to 1, swap with j ∈ 0…i.
    static func shuffle<T>(_ items: inout [T], _ rng: inout SeededGenerator) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, through: 1, by: -1) {
            items.swapAt(i, rng.nextInt(below: i + 1))
        }
    }

    /// `k` items without replacement, in draw order.
    static func sample<T>(_ items: [T], count k: Int, _ rng: inout SeededGenerator) -> [T] {
        var pool = items
        var result: [T] = []
        for i in 0..<k {
            let j = i + rng.nextInt(below: pool.count - i)
            pool.swapAt(i, j)
            result.append(pool[i])
        }
        return result
    }
}
