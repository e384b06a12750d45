import HarmonixCore

/// Three rings of text variation over recent sonnets (spec §4.2). No model call: it reshuffles and
/// rewrites lines, and keeps variations whose coherence is ≥ 0.4 as bare 'overthinkng_<ring>'
/// rows (no lines, no trigrams). It changes counts, averages and the recent lists, never the cloud.
///
/// ```swift
/// let rows = Overthinkng.expand(recent: try await field.recentSonnetsExcludingOverthinkng(), rng: &rng)
/// ```
public enum Overthinkng {
    public enum Ring: String, Sendable, CaseIterable {
        case echo, drift, meta

        /// Variations tried per ring.
        var variations: Int {
            switch self {
            case .echo: return 2
            case .drift: return 3
            case .meta: return 1
            }
        }

        /// The original's per-ring "semantic" strength (echo 0.3 is its swap probability in
        /// spirit; drift 0.6 is the per-line rewrite probability; meta 0.5 is unused).
        var strength: Double {
            switch self {
            case .echo: return 0.3
            case .drift: return 0.6
            case .meta: return 0.5
            }
        }
    }

    public struct Variation: Sendable, Hashable {
        public var text: String
        public var coherence: Double
        public var ring: Ring
        public var addedBy: String { "overthinkng_\(ring.rawValue)" }
    }

    public static let coherenceThreshold = 0.4
    public static let recentLimit = 5
    static let lineCount = 14

    static let driftMap: [String: [String]] = [
        "love": ["heart", "passion", "desire"], "death": ["sleep", "end", "darkness"],
        "time": ["hour", "moment", "age"], "night": ["darkness", "evening", "dusk"],
        "day": ["morn", "light", "sun"], "heart": ["soul", "spirit", "breast"],
        "eyes": ["gaze", "sight", "vision"], "life": ["breath", "being", "soul"],
    ]

    static let metaTemplates = [
        "When K doth call upon the night", "The K of time shall never fade", "And K remains when all is done",
        "To K is to know the heart's desire", "Where K dwells, there beauty lies",
    ]

    /// The variations of rings 0..<numRings that pass the coherence threshold, in ring order.
    public static func expand(recent: [StoredSonnet], numRings: Int = 3, rng: inout SeededGenerator) -> [Variation] {
        guard !recent.isEmpty else { return [] }
        var kept: [Variation] = []
        for ring in Ring.allCases.prefix(max(0, numRings)) {
            for _ in 0..<ring.variations {
                let source = rng.pick(from: recent)
                let lines = PythonText.strip(source.text, .swiftCharacters).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                guard lines.count >= lineCount else { continue }
                let varied = vary(Array(lines.prefix(lineCount)), ring: ring, rng: &rng)
                let c = coherence(varied)
                if c >= coherenceThreshold && varied.count >= lineCount {
                    kept.append(Variation(text: varied.prefix(lineCount).joined(separator: "\n"), coherence: c, ring: ring))
                }
            }
        }
        return kept
    }

    static func vary(_ lines: [String], ring: Ring, rng: inout SeededGenerator) -> [String] {
        var out = lines
        switch ring {
        case .echo:
            if rng.nextUnit() < ring.strength {
                for _ in 0..<2 {
                    let i = rng.nextInt(below: out.count), j = rng.nextInt(below: out.count)
                    out.swapAt(i, j)
                }
            }
        case .drift:
            for index in out.indices {
                var words = PythonText.split(out[index], .swiftCharacters)
                guard rng.nextUnit() < ring.strength, words.count > 2 else { continue }
                let replacements = 1 + rng.nextInt(below: 2)
                for _ in 0..<replacements {
                    let position = rng.nextInt(below: words.count)
                    if let options = driftMap[words[position].lowercased()] {
                        words[position] = rng.pick(from: options)
                    }
                }
                out[index] = words.joined(separator: " ")
            }
        case .meta:
            var keywords: [String] = []
            for line in lines {
                keywords += PythonText.split(line, .swiftCharacters).filter { $0.count > 4 }.prefix(2)
            }
            if keywords.count > 1 {                          // Fisher–Yates on the seeded stream
                for i in stride(from: keywords.count - 1, to: 0, by: -1) {
                    keywords.swapAt(i, rng.nextInt(below: i + 1))
                }
            }
            for i in 0..<lineCount {
                if i < keywords.count {
                    out[i] = rng.pick(from: metaTemplates).substituting("K", with: keywords[i])
                } else {
                    out[i] = rng.pick(from: lines)
                }
            }
        }
        return out
    }

    /// clamp01(0.6·(1 − |words per line − 12|/12) + 0.4·unique/total), tokens case-sensitive.
    public static func coherence(_ lines: [String]) -> Double {
        guard !lines.isEmpty else { return 0 }
        let tokens = lines.flatMap { PythonText.split($0, .swiftCharacters) }
        guard !tokens.isEmpty else { return 0 }
        let perLine = Double(tokens.count) / Double(lines.count)
        let lengthScore = 1 - abs(perLine - 12) / 12
        let uniqueness = Double(Set(tokens).count) / Double(tokens.count)
        return min(1, max(0, 0.6 * lengthScore + 0.4 * uniqueness))
    }
}

private extension String {
    func substituting(_ target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
