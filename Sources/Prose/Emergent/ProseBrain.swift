import Foundation
import HarmonixCore

/// ProseBrain (prose.md §3.3): a tiny MLP (8 → 16 → 8 → 1, every neuron `tanh(b + Σ w·x)`, output
/// included) scoring a text from eight shape features, trained online by SGD on the squared error of
/// the raw output. Not on the original's live path; its score is reported, never used by generation.
///
/// The original builds the net from micrograd scalar `Value`s; here the same forward pass and its
/// exact gradient are written out layer by layer (one backward sweep), which computes identical
/// numbers without a graph of objects. Initial weights are U(−1, 1) from an injected generator,
/// biases 0.
public struct ProseBrain: Sendable, Codable {
    public static let layerSizes = [8, 16, 8, 1]
    public static let saveEvery = 10

    /// `weights[l][j][i]`: layer l, neuron j, input i.
    public internal(set) var weights: [[[Double]]]
    public private(set) var biases: [[Double]]
    public private(set) var observations = 0
    public private(set) var lastLoss = 0.0
    public var learningRate = 0.01
    /// Where the state is saved every 10 observations (`nil`: never).
    public var statePath: String?

    enum CodingKeys: String, CodingKey { case weights, biases, observations, lastLoss, learningRate }

    /// A new brain with weights from `generator`, or the one saved at `statePath` when that file exists.
    public init(generator rng: inout SeededGenerator, statePath: String? = nil) throws {
        var w: [[[Double]]] = []
        var b: [[Double]] = []
        for l in 1..<Self.layerSizes.count {
            w.append((0..<Self.layerSizes[l]).map { _ in (0..<Self.layerSizes[l - 1]).map { _ in rng.nextUnit() * 2 - 1 } })
            b.append(Array(repeating: 0, count: Self.layerSizes[l]))
        }
        weights = w
        biases = b
        if let saved = try JSONStateFile.load(ProseBrain.self, from: statePath) { self = saved }
        self.statePath = statePath
    }

    /// Activations of every layer, input first.
    func forward(_ input: [Double]) -> [[Double]] {
        var flat: [Double] = []
        for l in weights.indices {
            for j in weights[l].indices { flat += weights[l][j] + [biases[l][j]] }
        }
        return TanhMLP.activations(input, parameters: flat, sizes: Self.layerSizes, bias: .first)
    }

    /// The raw tanh output for `features`.
    public func output(_ features: ProseBrainFeatures) -> Double { forward(features.vector).last![0] }

    /// `score(text)`: sigmoid of the raw output, in (0.269, 0.731).
    public func score(_ text: String) -> Double {
        1 / (1 + exp(-output(ProseBrainFeatures(text))))
    }

    /// Loss `(out − target)²` and its gradients with respect to every weight and bias.
    func gradients(_ input: [Double], target: Double) -> (loss: Double, weights: [[[Double]]], biases: [[Double]]) {
        let activations = forward(input)
        let out = activations.last![0]
        var gw = weights.map { $0.map { $0.map { _ in 0.0 } } }
        var gb = biases.map { $0.map { _ in 0.0 } }
        var upstream = [2 * (out - target)]  // dL/da of the current layer
        for l in stride(from: weights.count - 1, through: 0, by: -1) {
            let a = activations[l + 1]
            let x = activations[l]
            var downstream = Array(repeating: 0.0, count: x.count)
            for j in a.indices {
                let dz = upstream[j] * (1 - a[j] * a[j])
                gb[l][j] = dz
                for i in x.indices {
                    gw[l][j][i] = dz * x[i]
                    downstream[i] += dz * weights[l][j][i]
                }
            }
            upstream = downstream
        }
        return ((out - target) * (out - target), gw, gb)
    }

    /// `learn(text, target)`: one SGD step on the squared error; saves every 10 observations.
    /// Returns the loss before the step.
    @discardableResult
    public mutating func learn(_ text: String, target: Double) throws -> Double {
        let (loss, gw, gb) = gradients(ProseBrainFeatures(text).vector, target: target)
        for l in weights.indices {
            for j in weights[l].indices {
                biases[l][j] -= learningRate * gb[l][j]
                for i in weights[l][j].indices { weights[l][j][i] -= learningRate * gw[l][j][i] }
            }
        }
        observations += 1
        lastLoss = loss
        if observations % Self.saveEvery == 0 { try save() }
        return loss
    }

    /// Writes the state as JSON to ``statePath`` (nothing when it is `nil`).
    public func save() throws { try JSONStateFile.save(self, to: statePath) }
}

/// The eight "SonnetFeatures" ProseBrain reads (prose.md §3.3). The specification names them and
/// their normalisers; where it is silent we chose: lines are the non-blank stripped lines; a word's
/// syllables are its runs of a/e/i/o/u/y (at least 1 when it has a letter); variance is the
/// population variance of syllables per line; archaic words are matched lowercased with
/// surrounding non-letters removed; Jaccard is over lowercased word sets of consecutive lines.
public struct ProseBrainFeatures: Sendable, Hashable {
    public static let archaic: Set<String> = [
        "thou", "thy", "thee", "art", "doth", "hath", "tis", "ere", "wherefore", "hence", "thence", "whence",
    ]

    public var lineCount: Double
    public var averageSyllables: Double
    public var variance: Double
    public var averageWordLength: Double
    public var uniqueRatio: Double
    public var archaicFraction: Double
    public var lineJaccard: Double
    public var novelty: Double

    public var vector: [Double] {
        [lineCount, averageSyllables, variance, averageWordLength, uniqueRatio, archaicFraction, lineJaccard, novelty]
    }

    public init(_ text: String) {
        let lines = PythonText.strip(text).unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .map { PythonText.strip(String($0)) }.filter { !$0.isEmpty }
        let words = PythonText.words(text)
        let syllables = lines.map { line in PythonText.words(line).reduce(0) { $0 + Self.syllables($1) } }.map(Double.init)
        let meanSyllables = syllables.isEmpty ? 0 : syllables.reduce(0, +) / Double(syllables.count)
        let variance = syllables.isEmpty
            ? 0 : syllables.reduce(0) { $0 + ($1 - meanSyllables) * ($1 - meanSyllables) } / Double(syllables.count)
        lineCount = Double(lines.count) / 14
        averageSyllables = meanSyllables / 15
        self.variance = min(variance / 5, 1)
        averageWordLength = words.isEmpty ? 0 : Double(words.reduce(0) { $0 + PythonText.length($1) }) / Double(words.count) / 10
        uniqueRatio = words.isEmpty ? 0 : Double(Set(words.map(PythonText.lower)).count) / Double(words.count)
        archaicFraction = words.isEmpty
            ? 0 : Double(words.filter { Self.archaic.contains(Self.bare($0)) }.count) / Double(words.count)
        var jaccards: [Double] = []
        for k in lines.indices.dropFirst() {
            let a = Set(PythonText.words(PythonText.lower(lines[k - 1])))
            let b = Set(PythonText.words(PythonText.lower(lines[k])))
            let union = a.union(b).count
            jaccards.append(union == 0 ? 0 : Double(a.intersection(b).count) / Double(union))
        }
        lineJaccard = jaccards.isEmpty ? 0 : jaccards.reduce(0, +) / Double(jaccards.count)
        novelty = 0.5
    }

    /// Runs of vowels (a, e, i, o, u, y) in the lowercased word; at least 1 when it has a letter.
    static func syllables(_ word: String) -> Int {
        var groups = 0
        var inVowel = false
        var hasLetter = false
        for s in PythonText.lower(word).unicodeScalars {
            if s.properties.isAlphabetic { hasLetter = true }
            let vowel = "aeiouy".unicodeScalars.contains(s)
            if vowel && !inVowel { groups += 1 }
            inVowel = vowel
        }
        return hasLetter ? max(1, groups) : 0
    }

    static func bare(_ word: String) -> String {
        let scalars = PythonText.lower(word).unicodeScalars
        guard let first = scalars.firstIndex(where: { $0.properties.isAlphabetic }),
            let last = scalars.lastIndex(where: { $0.properties.isAlphabetic })
        else { return "" }
        return String(scalars[first...last])
    }
}
