import Foundation
import HarmonixCore

/// The four phases with their (prose, haiku) temperatures (prose.md §3.5).
public typealias ProsePhase = MatterPhase

extension MatterPhase {
    /// The (prose, haiku) temperatures on entering the phase.
    public var temperatures: (prose: Double, haiku: Double) {
        let t = entryTemperatures
        return (t.organism, t.haiku)
    }
}

/// PhaseTransitions (prose.md §3.5): the shared ``PhaseMachine`` with Prose's rules. Not on the
/// original's live path; Prose never reads its temperatures. Kept so the state and its JSON file
/// behave as the original's, with the plasma draw taken from an injected generator.
///
/// Where the specification is silent: the phase-specific rules run first (the first transition
/// wins), then the plasma jump (only from a non-plasma phase, and the generator is drawn only when
/// d > 0.95 and duration > 5, as Python's short-circuit `and` does), then plasma's return to liquid;
/// the liquid temperature drift runs after the check, in whatever phase results.
public typealias PhaseTransitions = PhaseMachine<ProsePhasePolicy>

/// Prose's original: stability grows only while LIQUID, no plasma jump from PLASMA, and the state
/// file uses camel-case keys and lower-case phase names.
public enum ProsePhasePolicy: PhasePolicy {
    public static let stabilityGrowth = PhaseStabilityGrowth.liquidOnly
    public static let plasmaJumpInPlasma = false
    public static let stateKeys = PhaseStateKeys(
        phase: "phase", organismTemperature: "proseTemperature", haikuTemperature: "haikuTemperature",
        stability: "stability", transitionProbability: "transitionProbability", duration: "duration",
        observations: "updates", dissonanceHistory: "dissonanceHistory", noveltyHistory: "noveltyHistory",
        qualityHistory: "qualityHistory", uppercasePhaseNames: false)
}

extension PhaseMachine where Policy == ProsePhasePolicy {
    /// A new machine (LIQUID), or the state saved at `statePath` when that file exists.
    public init(statePath: String?) throws {
        self.init()
        if let saved = try JSONStateFile.load(Self.self, from: statePath) { self = saved }
        self.statePath = statePath
    }

    /// The prose temperature `get_temperatures()` reports.
    public var proseTemperature: Double { organismTemperature }
    /// Updates so far (the state file's `updates`).
    public var updates: Int { observations }

    /// `get_temperatures()`.
    public var temperatures: (prose: Double, haiku: Double) { (organismTemperature, haikuTemperature) }

    /// `get_phase_info()` as (key, value) pairs in the original's key names.
    public var info: [(key: String, value: String)] {
        [
            ("phase", phase.rawValue), ("temperature_prose", "\(organismTemperature)"),
            ("temperature_haiku", "\(haikuTemperature)"), ("stability", "\(stability)"),
            ("transition_probability", "\(transitionProbability)"), ("duration", "\(duration)"),
        ]
    }

    /// `update(metrics)` (missing metrics default to 0.5); saves the state every 5 updates. Returns
    /// the new phase when one happened.
    @discardableResult
    public mutating func update(
        dissonance d: Double = 0.5, novelty n: Double = 0.5, quality q: Double = 0.5, generator rng: inout SeededGenerator
    ) throws -> ProsePhase? {
        let next = update(dissonance: d, novelty: n, quality: q, rng: &rng)
        if isSaveDue { try save() }
        return next
    }

    /// Writes the state as JSON to ``PhaseMachine/statePath`` (nothing when it is `nil`).
    public func save() throws { try JSONStateFile.save(self, to: statePath) }
}
