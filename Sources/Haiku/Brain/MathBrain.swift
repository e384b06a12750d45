import Foundation
import HarmonixCore

/// MathBrain: the MLP(5, [8, 1]) haiku scorer and its online training (haiku.md §2.6).
///
/// In the chat turn it trains on every turn (`observe`) but never steers selection: the scorer
/// is used only by RAE's rule-based fallback. Its state persists as `mathbrain.json`
/// ({observations, running_loss, last_loss, lr, parameters[57]}), saved only on `save`.
public struct MathBrain: Sendable, Codable {
    public static let learningRate = 0.01
    public static let lossEMA = 0.05
    /// Syllables of a full haiku, the length feature's denominator.
    public static let lengthTarget = 17.0

    public private(set) var mlp: MLP
    public private(set) var observations = 0
    public private(set) var lastLoss = 0.0
    public private(set) var runningLoss = 0.0
    public var learningRate = MathBrain.learningRate

    public init(rng: inout SeededGenerator) {
        mlp = MLP(inputs: 5, layers: [8, 1], rng: &rng)
    }

    /// The five features of `haiku` (haiku.md §2.6), or nil when it has fewer than 3 words.
    /// Words are all whitespace-split tokens across the lines.
    static func features(of haiku: String, userContext: [Trigram], generator: HaikuGenerator) -> [Double]? {
        let words = haiku.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).map(String.init)
        let n = words.count
        guard n >= 3 else { return nil }
        var perplexity = 0.0
        for i in 0..<(n - 2) {
            if let c = generator.transitionCount(words[i], words[i + 1], words[i + 2]) {
                perplexity += Double(c)
            } else {
                perplexity += 0.1
            }
        }
        perplexity = min(1, perplexity / Double(max(1, n - 2)) / 10)
        let unique = Set(words)
        let entropy = Double(unique.count) / Double(n)
        var resonance = 0.0
        if !userContext.isEmpty {
            var userWords = Set<String>()
            for t in userContext { userWords.insert(t.first); userWords.insert(t.second); userWords.insert(t.third) }
            resonance = Double(userWords.intersection(unique).count) / Double(max(1, userWords.count))
        }
        let syllables = words.reduce(0) { $0 + generator.syllables($1) }
        let lengthRatio = syllables == 0 ? 0.5 : min(1, Double(syllables) / lengthTarget)
        return [perplexity, entropy, resonance, lengthRatio, entropy]
    }

    /// `score_haiku`: clamp(mlp(features), 0, 1); 0 for haikus of fewer than 3 words.
    func score(_ haiku: String, userContext: [Trigram], generator: HaikuGenerator) -> Double {
        guard let x = MathBrain.features(of: haiku, userContext: userContext, generator: generator) else { return 0 }
        return min(1, max(0, mlp(x)))
    }

    /// `observe(haiku, q, ctx)`: one SGD step towards the quality `quality` (clamped to [0, 1]).
    /// Non-finite `quality` or features return the last loss unchanged; a non-finite loss re-inits
    /// the MLP from `rng` and resets the statistics (returns 0).
    mutating func observe(_ haiku: String, quality: Double, userContext: [Trigram], generator: HaikuGenerator,
                          rng: inout SeededGenerator) -> Double
    {
        guard quality.isFinite else { return lastLoss }
        let q = min(1, max(0, quality))
        guard let x = MathBrain.features(of: haiku, userContext: userContext, generator: generator),
              x.allSatisfy(\.isFinite) else { return lastLoss }
        let loss = mlp.trainStep(x, target: q, learningRate: learningRate)
        guard loss.isFinite else {
            mlp = MLP(inputs: 5, layers: [8, 1], rng: &rng)
            observations = 0
            runningLoss = 0
            return 0
        }
        observations += 1
        lastLoss = loss
        runningLoss += (loss - runningLoss) * MathBrain.lossEMA
        return loss
    }

    // MARK: - Persistence (mathbrain.json)

    struct State: Codable {
        var observations: Int
        var running_loss: Double
        var last_loss: Double
        var lr: Double
        var parameters: [Double]
    }

    /// Writes `mathbrain.json` at `path`.
    public func save(to path: String) throws {
        let state = State(observations: observations, running_loss: runningLoss, last_loss: lastLoss,
                          lr: learningRate, parameters: mlp.parameters)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            let url = URL(fileURLWithPath: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try encoder.encode(state).write(to: url, options: .atomic)
        } catch {
            throw HaikuError.brainUnreadable(path: path, reason: "cannot write: \(error)")
        }
    }

    /// Restores the state at `path` when the file exists and holds 57 parameters; otherwise keeps
    /// the fresh initialisation (as the original does). Returns whether it loaded.
    @discardableResult
    public mutating func load(from path: String) throws -> Bool {
        guard FileManager.default.fileExists(atPath: path) else { return false }
        let state: State
        do {
            state = try JSONDecoder().decode(State.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw HaikuError.brainUnreadable(path: path, reason: "\(error)")
        }
        guard state.parameters.count == mlp.parameterCount else { return false }
        mlp.parameters = state.parameters
        observations = state.observations
        runningLoss = state.running_loss
        lastLoss = state.last_loss
        learningRate = state.lr
        return true
    }
}
