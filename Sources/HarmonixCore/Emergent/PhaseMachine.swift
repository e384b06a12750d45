/// The four phases of the temperature state machine, with the (organism, haiku) temperatures each
/// sets on entry.
public enum MatterPhase: String, Sendable, Hashable, CaseIterable, Codable {
    case crystalline, liquid, vapor, plasma

    public var entryTemperatures: (organism: Double, haiku: Double) {
        switch self {
        case .crystalline: return (0.5, 0.6)
        case .liquid: return (0.8, 0.8)
        case .vapor: return (1.1, 1.0)
        case .plasma: return (1.5, 1.2)
        }
    }
}

/// What an organism's `PhaseTransitions` does differently from another's: the organisms' originals
/// share the state machine and differ in these rules and in their state files' key names.
public protocol PhasePolicy: Sendable {
    /// Whether stability grows on every update or only while LIQUID.
    static var stabilityGrowth: PhaseStabilityGrowth { get }
    /// Whether the random jump to PLASMA is also tried while already in PLASMA (a jump re-enters it,
    /// resetting its duration, and draws from the stream).
    static var plasmaJumpInPlasma: Bool { get }
    /// The state file's key names and how it writes a phase.
    static var stateKeys: PhaseStateKeys { get }
}

public enum PhaseStabilityGrowth: Sendable, Hashable {
    /// +0.05 (at most 1) after every update, in any phase.
    case everyUpdate
    /// +0.05 (at most 1) after an update that leaves the machine LIQUID.
    case liquidOnly
}

/// The JSON key of every stored figure, and the spelling of phase names.
public struct PhaseStateKeys: Sendable, Hashable {
    public var phase, organismTemperature, haikuTemperature, stability, transitionProbability, duration: String
    public var observations, dissonanceHistory, noveltyHistory, qualityHistory: String
    /// "LIQUID" rather than "liquid".
    public var uppercasePhaseNames: Bool

    public init(phase: String, organismTemperature: String, haikuTemperature: String, stability: String,
                transitionProbability: String, duration: String, observations: String, dissonanceHistory: String,
                noveltyHistory: String, qualityHistory: String, uppercasePhaseNames: Bool) {
        self.phase = phase
        self.organismTemperature = organismTemperature
        self.haikuTemperature = haikuTemperature
        self.stability = stability
        self.transitionProbability = transitionProbability
        self.duration = duration
        self.observations = observations
        self.dissonanceHistory = dissonanceHistory
        self.noveltyHistory = noveltyHistory
        self.qualityHistory = qualityHistory
        self.uppercasePhaseNames = uppercasePhaseNames
    }
}

/// PhaseTransitions of the originals (sonnet.md §4.4, prose.md §3.5): a small state machine over
/// the recent dissonance, novelty and quality that sets the organism's next sampling temperature.
/// Each organism names its specialisation `PhaseTransitions` and adds its own vocabulary.
///
/// One update: push d, n, q into 20-long histories; duration and observations +1; then, from
/// duration 3 on, the phase rules (the first transition wins), the plasma jump (d > 0.95 and
/// duration > 5, then one uniform draw < 0.15, as Python's short-circuit `and` draws), then
/// PLASMA's return to LIQUID after 2 updates. A transition sets the phase's temperatures,
/// stability 0.5, probability 0, duration 0; no transition decays the probability ×0.9. Then, if
/// LIQUID, the temperature drifts (+0.05 up to 1.0 when d > 0.7, −0.05 down to 0.6 when d < 0.3),
/// and stability grows as the policy says.
public struct PhaseMachine<Policy: PhasePolicy>: Sendable, Equatable {
    public static var historyLimit: Int { 20 }
    public static var minimumDuration: Int { 3 }
    public static var decay: Double { 0.9 }
    public static var plasmaChance: Double { 0.15 }
    /// The originals save their state every 5 observations.
    public static var saveEvery: Int { 5 }

    public internal(set) var phase: MatterPhase = .liquid
    /// The organism's own next temperature (Sonnet's t_sonnet, Prose's prose temperature).
    public internal(set) var organismTemperature = 0.8
    public internal(set) var haikuTemperature = 0.8
    public internal(set) var stability = 0.7
    public internal(set) var transitionProbability = 0.0
    public internal(set) var duration = 0
    public internal(set) var observations = 0
    public internal(set) var dissonanceHistory: [Double] = []
    public internal(set) var noveltyHistory: [Double] = []
    public internal(set) var qualityHistory: [Double] = []
    /// Where the state is saved (not part of the state; `nil`: wherever the caller says, or never).
    public var statePath: String?

    /// The fresh default: LIQUID, 0.8 / 0.8, stability 0.7, nothing observed.
    public init() {}

    /// Whether the state is due to be saved now (every ``saveEvery`` observations).
    public var isSaveDue: Bool { observations % Self.saveEvery == 0 }

    /// One observation. Returns the phase entered, if a transition happened.
    @discardableResult
    public mutating func update(dissonance d: Double, novelty n: Double, quality q: Double, rng: inout SeededGenerator)
        -> MatterPhase?
    {
        Self.push(d, &dissonanceHistory)
        Self.push(n, &noveltyHistory)
        Self.push(q, &qualityHistory)
        duration += 1
        observations += 1
        let next = checkTransition(d: d, n: n, q: q, rng: &rng)
        if let next {
            phase = next
            (organismTemperature, haikuTemperature) = next.entryTemperatures
            stability = 0.5
            transitionProbability = 0
            duration = 0
        } else {
            transitionProbability *= Self.decay
        }
        if phase == .liquid {
            if d > 0.7 {
                organismTemperature = min(1.0, organismTemperature + 0.05)
            } else if d < 0.3 {
                organismTemperature = max(0.6, organismTemperature - 0.05)
            }
        }
        if Policy.stabilityGrowth == .everyUpdate || phase == .liquid { stability = min(1.0, stability + 0.05) }
        return next
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

    private mutating func checkTransition(d: Double, n: Double, q: Double, rng: inout SeededGenerator) -> MatterPhase? {
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
        if phase != .plasma || Policy.plasmaJumpInPlasma, d > 0.95, duration > 5, rng.nextUnit() < Self.plasmaChance {
            return .plasma
        }
        if phase == .plasma, duration >= 2 { return .liquid }
        return nil
    }

    private static func push(_ value: Double, _ history: inout [Double]) {
        history.append(value)
        if history.count > historyLimit { history.removeFirst(history.count - historyLimit) }
    }
}

extension PhaseMachine: Codable {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let keys = Policy.stateKeys
        let c = try decoder.container(keyedBy: Key.self)
        let name = try c.decode(String.self, forKey: Key(keys.phase))
        guard let phase = MatterPhase(rawValue: keys.uppercasePhaseNames ? name.lowercased() : name),
            name == (keys.uppercasePhaseNames ? phase.rawValue.uppercased() : phase.rawValue)
        else {
            throw DecodingError.dataCorruptedError(forKey: Key(keys.phase), in: c, debugDescription: "unknown phase '\(name)'")
        }
        self.phase = phase
        organismTemperature = try c.decode(Double.self, forKey: Key(keys.organismTemperature))
        haikuTemperature = try c.decode(Double.self, forKey: Key(keys.haikuTemperature))
        stability = try c.decode(Double.self, forKey: Key(keys.stability))
        transitionProbability = try c.decode(Double.self, forKey: Key(keys.transitionProbability))
        duration = try c.decode(Int.self, forKey: Key(keys.duration))
        observations = try c.decode(Int.self, forKey: Key(keys.observations))
        dissonanceHistory = try c.decode([Double].self, forKey: Key(keys.dissonanceHistory))
        noveltyHistory = try c.decode([Double].self, forKey: Key(keys.noveltyHistory))
        qualityHistory = try c.decode([Double].self, forKey: Key(keys.qualityHistory))
    }

    public func encode(to encoder: any Encoder) throws {
        let keys = Policy.stateKeys
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(keys.uppercasePhaseNames ? phase.rawValue.uppercased() : phase.rawValue, forKey: Key(keys.phase))
        try c.encode(organismTemperature, forKey: Key(keys.organismTemperature))
        try c.encode(haikuTemperature, forKey: Key(keys.haikuTemperature))
        try c.encode(stability, forKey: Key(keys.stability))
        try c.encode(transitionProbability, forKey: Key(keys.transitionProbability))
        try c.encode(duration, forKey: Key(keys.duration))
        try c.encode(observations, forKey: Key(keys.observations))
        try c.encode(dissonanceHistory, forKey: Key(keys.dissonanceHistory))
        try c.encode(noveltyHistory, forKey: Key(keys.noveltyHistory))
        try c.encode(qualityHistory, forKey: Key(keys.qualityHistory))
    }
}
