import Foundation
import HarmonixCore

/// The temperature policy of the chat turn (spec §4.4): the shared ``PhaseMachine`` with Sonnet's
/// rules. After a turn, ``PhaseMachine/temperatureSonnet`` is the temperature of the NEXT generation.
///
/// The one random transition (to PLASMA) draws from the caller's seeded stream. The state is
/// saved (every 5 observations, as the original) only when a `savePath` is set: the shipped JSON
/// is an input, never overwritten.
public typealias PhaseTransitions = PhaseMachine<SonnetPhasePolicy>

/// Sonnet's original: stability grows after every update, the plasma jump is tried in PLASMA too,
/// and `phase_transitions.json` uses snake-case keys and upper-case phase names.
public enum SonnetPhasePolicy: PhasePolicy {
    public static let stabilityGrowth = PhaseStabilityGrowth.everyUpdate
    public static let plasmaJumpInPlasma = true
    public static let stateKeys = PhaseStateKeys(
        phase: "phase", organismTemperature: "temperature_sonnet", haikuTemperature: "temperature_haiku",
        stability: "stability", transitionProbability: "transition_prob", duration: "duration",
        observations: "observations", dissonanceHistory: "dissonance_history", noveltyHistory: "novelty_history",
        qualityHistory: "quality_history", uppercasePhaseNames: true)
}

extension PhaseMachine where Policy == SonnetPhasePolicy {
    public typealias Phase = MatterPhase

    /// t_sonnet: the temperature of the next generation.
    public var temperatureSonnet: Double { organismTemperature }
    /// t_haiku (stored in the state file; nothing in Sonnet reads it).
    public var temperatureHaiku: Double { haikuTemperature }

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

    /// Least-squares slope against the index; 0 with fewer than 3 values.
    static func slope(_ values: [Double]) -> Double { trend(values) }
}
