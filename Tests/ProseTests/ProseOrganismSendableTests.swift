import HarmonixCore
import Testing

@testable import LlamaGGUF
@testable import Prose

/// Stops compiling if a public type of the field side loses `Sendable` (it crosses actor and task
/// boundaries in the cascade), and checks the organism's stable name.
@Suite struct ProseOrganismSendableTests {
    static func requireSendable<T: Sendable>(_: T.Type) -> String { String(describing: T.self) }

    @Test func publicTypesAreSendable() throws {
        let names = [
            Self.requireSendable(ProseField.self), Self.requireSendable(ProseOrganism.self),
            Self.requireSendable(ProseDraft.self), Self.requireSendable(ProseConfiguration.self),
            Self.requireSendable(FieldSeed.self), Self.requireSendable(ProseStats.self),
            Self.requireSendable(ProseSettlement.self), Self.requireSendable(PulseSnapshot.self),
            Self.requireSendable(ProseFormatter.self), Self.requireSendable(ProseMetrics.self),
            Self.requireSendable(MetaProse.self), Self.requireSendable(Overthinkrose.self),
            Self.requireSendable(OverthinkroseOutcome.self), Self.requireSendable(ProseBrain.self),
            Self.requireSendable(PhaseTransitions.self), Self.requireSendable(ProseOrganismError.self),
        ]
        #expect(Set(names).count == names.count)
        let organism = ProseOrganism(field: try FieldFixtures.freshField(), model: ScriptedTextModel.echo())
        #expect(organism.name == "prose")
    }
}
