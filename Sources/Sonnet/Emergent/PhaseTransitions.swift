import Foundation
import HarmonixCore

/// The temperature policy of the chat turn (spec §4.4): four phases, each with its own sampling
/// temperature, moved by the dissonance / novelty / quality of each turn. After a turn,
/// ``temperatureSonnet`` is the temperature of the NEXT generation.
///
/// The one random transition (to PLASMA) draws from the caller's seeded stream. The state is
/// saved (every 5 observations, as the original) only when a `savePath` is set: the shipped JSON
/// is an input, never overwritten.
public struct PhaseTransitions: Sendable, Codable, Equatable {
    public enum Phase: String, Sendable, Codable {
        case crystalline = "CRYSTALLINE", liquid = "LIQUID", vapor = "VAPOR", plasma = "PLASMA"

        /// (sonnet, haiku) temperatures on entering the phase.
        var temperatures: (Double, Double) {
            switch self {
            case .crystalline: return (0.5, 0.6)
            case .liquid: return (0.8, 0.8)
            case .vapor: return (1.1, 1.0)
            case .plasma: return (1.5, 1.2)
            }
        }
    }

    public static let historyLength = 20
    public static let minimumDuration = 3

    public var phase: Phase = .liquid
    public var temperatureSonnet = 0.8
    public var temperatureHaiku = 0.8
    public var stability = 0.7
    public var transitionProbability = 0.0
    public var duration = 0
    public var observations = 0
    public var dissonanceHistory: [Double] = []
    public var noveltyHistory: [Double] = []
    public var qualityHistory: [Double] = []

    enum CodingKeys: String, CodingKey {
        case phase, stability, duration, observations
        case temperatureSonnet = "temperature_sonnet", temperatureHaiku = "temperature_haiku"
        case transitionProbability = "transition_prob"
        case dissonanceHistory = "dissonance_history", noveltyHistory = "novelty_history", qualityHistory = "quality_history"
    }

    /// The fresh default: LIQUID, 0.8 / 0.8, stability 0.7, nothing observed.
    public init() {}

    /// The state of a `phase_transitions.json` (the shipped one: LIQUID, t_sonnet 1.0, 55 observations).
    ///
    /// - throws: ``SonnetError/stateFile(path:detail:)``.
    public init(contentsOf path: String) throws {
        do {
            self = try JSONDecoder().decode(Self.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw SonnetError.stateFile(path: path, detail: "not a phase-transitions state (\(error))")
        }
    }

    public func save(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path))
    }

    /// One observation. Returns the phase entered, if a transition happened.
    @discardableResult
    public mutating func update(dissonance d: Double, novelty: Double, quality: Double, rng: inout SeededGenerator) -> Phase? {
        append(&dissonanceHistory, d)
        append(&noveltyHistory, novelty)
        append(&qualityHistory, quality)
        duration += 1
        observations += 1
        let dTrend = Self.slope(dissonanceHistory), nTrend = Self.slope(noveltyHistory), qTrend = Self.slope(qualityHistory)
        var entered: Phase?
        if let next = check(d: d, novelty: novelty, quality: quality, dTrend: dTrend, nTrend: nTrend, qTrend: qTrend, rng: &rng) {
            transition(to: next)
            entered = next
        } else {
            transitionProbability *= 0.9
        }
        adjust(d: d)
        return entered
    }

    /// Whether `update` would save now (every 5 observations).
    public var isSaveDue: Bool { observations % 5 == 0 }

    private mutating func check(
        d: Double, novelty: Double, quality: Double, dTrend: Double, nTrend: Double, qTrend: Double,
        rng: inout SeededGenerator
    ) -> Phase? {
        if duration < Self.minimumDuration { return nil }
        switch phase {
        case .crystalline:
            if dTrend > 0.05 || d > 0.7 {
                transitionProbability += 0.3
                if transitionProbability > 0.7 { return .liquid }
            }
        case .liquid:
            if abs(nTrend) < 0.01 && novelty < 0.3 {
                transitionProbability += 0.2
                if transitionProbability > 0.6 { return .vapor }
            }
            if quality > 0.8 && d < 0.4 {
                transitionProbability += 0.25
                if transitionProbability > 0.7 { return .crystalline }
            }
        case .vapor:
            if qTrend > 0.05 {
                transitionProbability += 0.3
                if transitionProbability > 0.6 { return .liquid }
            }
            if quality < 0.5 && qTrend < -0.05 {
                transitionProbability += 0.4
                if transitionProbability > 0.7 { return .crystalline }
            }
        case .plasma:
            break
        }
        if d > 0.95 && duration > 5 && rng.nextUnit() < 0.15 { return .plasma }
        if phase == .plasma && duration >= 2 { return .liquid }
        return nil
    }

    private mutating func transition(to next: Phase) {
        phase = next
        (temperatureSonnet, temperatureHaiku) = next.temperatures
        stability = 0.5
        transitionProbability = 0
        duration = 0
    }

    private mutating func adjust(d: Double) {
        if phase == .liquid {
            if d > 0.7 { temperatureSonnet = min(1.0, temperatureSonnet + 0.05) }
            if d < 0.3 { temperatureSonnet = max(0.6, temperatureSonnet - 0.05) }
        }
        stability = min(1.0, stability + 0.05)
    }

    private func append(_ history: inout [Double], _ value: Double) {
        history.append(value)
        if history.count > Self.historyLength { history.removeFirst(history.count - Self.historyLength) }
    }

    /// Least-squares slope against the index; 0 with fewer than 3 values.
    static func slope(_ values: [Double]) -> Double {
        guard values.count >= 3 else { return 0 }
        let n = Double(values.count)
        let meanX = (n - 1) / 2, meanY = values.reduce(0, +) / n
        var num = 0.0, den = 0.0
        for (i, y) in values.enumerated() {
            num += (Double(i) - meanX) * (y - meanY)
            den += (Double(i) - meanX) * (Double(i) - meanX)
        }
        return den == 0 ? 0 : num / den
    }
}
