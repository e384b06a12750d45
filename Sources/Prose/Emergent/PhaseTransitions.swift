import Foundation
import HarmonixCore

/// The four phases with their (prose, haiku) temperatures (prose.md §3.5).
public enum ProsePhase: String, Sendable, Hashable, CaseIterable, Codable {
    case crystalline, liquid, vapor, plasma

    public var temperatures: (prose: Double, haiku: Double) {
        switch self {
        case .crystalline: return (0.5, 0.6)
        case .liquid: return (0.8, 0.8)
        case .vapor: return (1.1, 1.0)
        case .plasma: return (1.5, 1.2)
        }
    }
}

/// PhaseTransitions (prose.md §3.5): a small state machine over the recent dissonance, novelty and
/// quality. Not on the original's live path; Prose never reads its temperatures. Kept so the state
/// and its JSON file behave as the original's, with the plasma draw taken from an injected generator.
///
/// Where the specification is silent: the phase-specific rules run first (the first transition
/// wins), then the plasma jump (only from a non-plasma phase, and the generator is drawn only when
/// d > 0.95 and duration > 5, as Python's short-circuit `and` does), then plasma's return to liquid;
/// the liquid temperature drift runs after the check, in whatever phase results.
public struct PhaseTransitions: Sendable, Codable {
    public static let historyLimit = 20
    public static let minimumDuration = 3
    public static let decay = 0.9
    public static let plasmaChance = 0.15
    public static let saveEvery = 5

    public private(set) var phase: ProsePhase = .liquid
    public private(set) var proseTemperature = 0.8
    public private(set) var haikuTemperature = 0.8
    public private(set) var stability = 0.7
    public private(set) var transitionProbability = 0.0
    public private(set) var duration = 0
    public private(set) var dissonanceHistory: [Double] = []
    public private(set) var noveltyHistory: [Double] = []
    public private(set) var qualityHistory: [Double] = []
    public private(set) var updates = 0
    /// Where the state is saved every 5 updates (`nil`: never saved).
    public var statePath: String?

    enum CodingKeys: String, CodingKey {
        case phase, proseTemperature, haikuTemperature, stability, transitionProbability, duration
        case dissonanceHistory, noveltyHistory, qualityHistory, updates
    }

    /// A new machine (LIQUID), or the state saved at `statePath` when that file exists.
    public init(statePath: String? = nil) throws {
        if let statePath, FileManager.default.fileExists(atPath: statePath) {
            self = try JSONDecoder().decode(PhaseTransitions.self, from: Data(contentsOf: URL(fileURLWithPath: statePath)))
        }
        self.statePath = statePath
    }

    /// `get_temperatures()`.
    public var temperatures: (prose: Double, haiku: Double) { (proseTemperature, haikuTemperature) }

    /// `get_phase_info()` as (key, value) pairs in the original's key names.
    public var info: [(key: String, value: String)] {
        [
            ("phase", phase.rawValue), ("temperature_prose", "\(proseTemperature)"),
            ("temperature_haiku", "\(haikuTemperature)"), ("stability", "\(stability)"),
            ("transition_probability", "\(transitionProbability)"), ("duration", "\(duration)"),
        ]
    }

    /// Least-squares slope of `values` against 0, 1, 2, … (`np.polyfit(x, y, 1)[0]`); 0 below 3 samples.
    public static func trend(_ values: [Double]) -> Double {
        guard values.count >= 3 else { return 0 }
        let n = Double(values.count)
        let meanX = (n - 1) / 2
        let meanY = values.reduce(0, +) / n
        var sxy = 0.0
        var sxx = 0.0
        for (i, y) in values.enumerated() {
            let dx = Double(i) - meanX
            sxy += dx * (y - meanY)
            sxx += dx * dx
        }
        return sxy / sxx
    }

    /// `update(metrics)` (missing metrics default to 0.5). Returns the new phase when one happened.
    @discardableResult
    public mutating func update(
        dissonance d: Double = 0.5, novelty n: Double = 0.5, quality q: Double = 0.5, generator rng: inout SeededGenerator
    ) throws -> ProsePhase? {
        Self.push(d, &dissonanceHistory)
        Self.push(n, &noveltyHistory)
        Self.push(q, &qualityHistory)
        duration += 1
        updates += 1
        let next = checkTransition(d: d, n: n, q: q, rng: &rng)
        if let next {
            phase = next
            (proseTemperature, haikuTemperature) = next.temperatures
            stability = 0.5
            transitionProbability = 0
            duration = 0
        } else {
            transitionProbability *= Self.decay
        }
        if phase == .liquid {
            if d > 0.7 {
                proseTemperature = min(1.0, proseTemperature + 0.05)
            } else if d < 0.3 {
                proseTemperature = max(0.6, proseTemperature - 0.05)
            }
            stability = min(1, stability + 0.05)
        }
        if updates % Self.saveEvery == 0 { try save() }
        return next
    }

    private mutating func checkTransition(d: Double, n: Double, q: Double, rng: inout SeededGenerator) -> ProsePhase? {
        guard duration >= Self.minimumDuration else { return nil }
        let dTrend = Self.trend(dissonanceHistory)
        let nTrend = Self.trend(noveltyHistory)
        let qTrend = Self.trend(qualityHistory)
        switch phase {
        case .crystalline:
            if dTrend > 0.05 || d > 0.7 {
                transitionProbability += 0.3
                if transitionProbability > 0.7 { return .liquid }
            }
        case .liquid:
            if abs(nTrend) < 0.01 && n < 0.3 {
                transitionProbability += 0.2
                if transitionProbability > 0.6 { return .vapor }
            }
            if q > 0.8 && d < 0.4 {
                transitionProbability += 0.25
                if transitionProbability > 0.7 { return .crystalline }
            }
        case .vapor:
            if qTrend > 0.05 {
                transitionProbability += 0.3
                if transitionProbability > 0.6 { return .liquid }
            }
            if q < 0.5 && qTrend < -0.05 {
                transitionProbability += 0.4
                if transitionProbability > 0.7 { return .crystalline }
            }
        case .plasma:
            break
        }
        if phase != .plasma, d > 0.95, duration > 5, rng.nextUnit() < Self.plasmaChance { return .plasma }
        if phase == .plasma, duration >= 2 { return .liquid }
        return nil
    }

    private static func push(_ value: Double, _ history: inout [Double]) {
        history.append(value)
        if history.count > historyLimit { history.removeFirst(history.count - historyLimit) }
    }

    /// Writes the state as JSON to ``statePath`` (nothing when it is `nil`).
    public func save() throws {
        guard let statePath else { return }
        let url = URL(fileURLWithPath: statePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSONEncoder().encode(self).write(to: url, options: .atomic)
    }
}
