import Foundation
import HarmonixCore

/// The recursive RAE selector (rae_recursive.py `RecursiveRAESelector`): picks one of several
/// candidate haikus with an MLP(5, [8, 1]) over five features, refined three times.
///
/// Each refinement is a strictly increasing map of the raw output, so the choice equals the argmax
/// of the raw MLP output; the steps are still run as the original does. In the chat turn the
/// selector never trains, so it is a random, fixed-per-organism function of (entropy, resonance,
/// coherence).
public struct RecursiveSelector: Sendable, Codable {
    public static let refinementSteps = 3
    public static let blend = 0.7
    public static let saveEvery = 10

    public private(set) var mlp: MLP
    public private(set) var observations = 0
    public private(set) var lastLoss = 0.0

    public init(rng: inout SeededGenerator) {
        mlp = MLP(inputs: 5, layers: [8, 1], rng: &rng)
    }

    /// [0.5 (constant "perplexity"), entropy, resonance, entropy, line coherence], words from
    /// `haiku.lower().split()`.
    public static func features(of haiku: String, userTrigrams: [Trigram]) -> [Double] {
        let lower = haiku.lowercased()
        let words = lower.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
        let unique = Set(words.map(String.init))
        let entropy = words.isEmpty ? 0 : Double(unique.count) / Double(words.count)
        var resonance = 0.0
        if !userTrigrams.isEmpty {
            var userWords = Set<String>()
            for t in userTrigrams { userWords.insert(t.first); userWords.insert(t.second); userWords.insert(t.third) }
            if !userWords.isEmpty {
                resonance = Double(unique.intersection(userWords).count) / Double(userWords.count)
            }
        }
        let lines = lower.split(separator: "\n", omittingEmptySubsequences: false)
        var coherence = 0.0
        if lines.count == 3 {
            let counts = lines.map { Double($0.split(whereSeparator: { $0 == " " || $0 == "\t" }).count) }
            let mean = counts.reduce(0, +) / 3
            let variance = counts.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 3
            coherence = 1 / (1 + variance)
        }
        return [0.5, entropy, resonance, entropy, coherence]
    }

    /// The chosen index and its confidence (the final refined score). One candidate → (0, 1.0).
    public func select(_ candidates: [String], userTrigrams: [Trigram]) -> (index: Int, confidence: Double) {
        precondition(!candidates.isEmpty, "RecursiveSelector.select needs at least one candidate")
        if candidates.count == 1 { return (0, 1.0) }
        let raw = candidates.map { mlp(RecursiveSelector.features(of: $0, userTrigrams: userTrigrams)) }
        var scores = raw
        for _ in 0..<RecursiveSelector.refinementSteps {
            let lo = scores.min()!, hi = scores.max()!
            let normalized = hi > lo ? scores.map { ($0 - lo) / (hi - lo) } : scores.map { _ in 0.5 }
            scores = zip(raw, normalized).map { RecursiveSelector.blend * $0 + (1 - RecursiveSelector.blend) * $1 }
        }
        var best = 0
        for i in 1..<scores.count where scores[i] > scores[best] { best = i }
        return (best, scores[best])
    }

    /// Online training (unused by the chat turn): one SGD step towards `quality`. Returns the loss.
    public mutating func observe(_ haiku: String, quality: Double, userTrigrams: [Trigram]) -> Double {
        guard quality.isFinite else { return lastLoss }
        let x = RecursiveSelector.features(of: haiku, userTrigrams: userTrigrams)
        let loss = mlp.trainStep(x, target: min(1, max(0, quality)), learningRate: 0.01)
        guard loss.isFinite else { return lastLoss }
        observations += 1
        lastLoss = loss
        return loss
    }

    struct State: Codable {
        var observations: Int
        var parameters: [Double]
    }

    /// Writes the selector state (`rae_brain.json`) at `path`.
    public func save(to path: String) throws {
        let data = try JSONEncoder().encode(State(observations: observations, parameters: mlp.parameters))
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Loads the state at `path` if it exists and has the right parameter count.
    @discardableResult
    public mutating func load(from path: String) throws -> Bool {
        guard FileManager.default.fileExists(atPath: path) else { return false }
        let state = try JSONDecoder().decode(State.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        guard state.parameters.count == mlp.parameterCount else { return false }
        mlp.parameters = state.parameters
        observations = state.observations
        return true
    }
}
