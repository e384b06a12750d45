import HarmonixCore

/// Sonnet as a Harmonix organism: the chat-flow turn of spec §5 over the real NanoGPT, the
/// SQLite field and the emergent modules.
///
/// - ``compose(_:)``: phase temperature + generation ("\n", 800 characters) + formatting. It reads
///   nothing upstream: Sonnet's generation never depends on the prompt or the haiku (spec §5).
/// - ``settle(_:context:)``: quality blend, dissonance against the context (prompt + "\n\n" +
///   upstream in sync; the prompt alone in async), add_sonnet, MetaSonnet when it fires,
///   Overthinkng.
/// - ``absorb(_:)``: EXHALE — the meta sentence's word trigrams enter the cloud in one transaction.
///
/// ```swift
/// let sonnet = try SonnetOrganism(configuration: .init(weightsPath: weights, databasePath: "run/sonnets.db",
///                                                      brainPath: "../shared/data/sonnet/sonnetbrain.json"))
/// let result = try await sonnet.turn(TurnRequest(prompt: "What is love?", seed: 7), upstream: [haiku])
/// ```
public final class SonnetOrganism: Organism {
    public typealias Draft = SonnetDraft
    public static let organismName = "sonnet"
    public var name: String { Self.organismName }

    public let field: SonnetField
    public let engine: SonnetEngine
    public let configuration: SonnetTurnConfiguration
    private let turn: SonnetChatTurn
    let mind: SonnetMind

    /// Loads the weights at `configuration.weightsPath`, opens the field, reads the brain and phase files.
    ///
    /// - throws: ``SonnetError`` (weights not found or malformed, state files) or a field error.
    public convenience init(configuration: SonnetTurnConfiguration) throws {
        let engine = try SonnetEngine(weightsPath: configuration.weightsPath, attentionScale: configuration.attentionScale)
        try self.init(engine: engine, configuration: configuration)
    }

    /// Shares an already loaded engine (e.g. one per process).
    public init(engine: SonnetEngine, configuration: SonnetTurnConfiguration) throws {
        self.engine = engine
        self.configuration = configuration
        field = try SonnetField(path: configuration.databasePath)
        let brain = try configuration.brainPath.map { try SonnetBrain(contentsOf: $0) }
        let phase = try configuration.phaseStatePath.map { try PhaseTransitions(contentsOf: $0) } ?? PhaseTransitions()
        mind = SonnetMind(.init(phase: phase, meta: MetaSonnet(), nextTemperature: configuration.firstTemperature))
        turn = SonnetChatTurn(engine: engine, field: field, brain: brain, configuration: configuration, mind: mind)
    }

    public func compose(_ request: TurnRequest) async throws -> SonnetDraft {
        try await turn.compose(request)
    }

    public func settle(_ draft: SonnetDraft, context: TurnContext) async throws -> TurnResult {
        try await turn.settle(draft, context: context)
    }

    public func absorb(_ disturbance: String) async throws {
        try await field.absorb(disturbance)
    }

    /// The phase state now (for reports and tests).
    public var phase: PhaseTransitions { mind.with { $0.phase } }
    /// MetaSonnet's state now.
    public var metaSonnet: MetaSonnet { mind.with { $0.meta } }
    /// The temperature the next compose will use.
    public var nextTemperature: Double { mind.with { $0.nextTemperature } }
}

extension SonnetOrganism: OpLoggable {
    /// The stress run's log of the field's committed operations.
    public func enableOpLogs() async throws -> [FieldOpLog] { [try await field.enableOpLog()] }
}
