import HarmonixCore

/// Sonnet's declared in-memory state (issue 10): the phase machine (phase, temperatures,
/// stability, duration, histories), the temperature of the next generation, and MetaSonnet
/// (reflections and bootstrap buffer). SonnetBrain only scores (loaded from `brain:`, never
/// trained by the turn), the engine keeps nothing between generations, and everything else is in
/// the field.
public struct SonnetMindState: Codable, Sendable {
    public var phase: PhaseTransitions
    public var meta: MetaSonnet
    public var nextTemperature: Double
}

extension SonnetOrganism {
    public func captureState() async -> SonnetMindState {
        mind.with { SonnetMindState(phase: $0.phase, meta: $0.meta, nextTemperature: $0.nextTemperature) }
    }

    public func restoreState(_ state: SonnetMindState) async throws {
        mind.with { $0 = SonnetMind.State(phase: state.phase, meta: state.meta, nextTemperature: state.nextTemperature) }
    }
}
