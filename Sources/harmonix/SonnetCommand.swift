import ArgumentParser
import Foundation
import Harness

/// `harmonix sonnet`: one standalone Sonnet chat turn (spec §5), printed with its metrics.
struct SonnetTurnCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sonnet",
        abstract: "Run one Sonnet chat turn: generate 800 characters, format a sonnet, measure and grow the field.",
        discussion: """
            Generation never reads the prompt (as in the original): the prompt is the context the \
            dissonance is measured against. Without --db the field is a fresh in-memory one.
            """)

    @Option(name: .long, help: "The user's prompt (the dissonance context).")
    var prompt: String

    @Option(name: .long, help: "Seed of the turn's sampling stream.")
    var seed: UInt64 = 42

    @Option(name: .long, help: "Sonnet field database (created if absent); default: fresh, in memory.")
    var db: String?

    @OptionGroup var sonnet: SonnetWeightsOption

    @Option(name: .long, help: "SonnetBrain parameters (default: $HARMONIX_SONNET_BRAIN, HARMONIX_HOME/sonnet/, ../shared/data/sonnet/); 'none' = base quality only.")
    var brain: String?

    @Option(name: .long, help: "Initial phase state JSON; default: the fresh state.")
    var phaseState: String?

    @Flag(name: .long, help: "Skip the MetaSonnet reflection (the second generation).")
    var noReflect = false

    @OptionGroup var data: DataOptions

    func run() async throws {
        try await SingleOrganism.sonnet(prompt: prompt, seed: seed, database: db, weights: sonnet.weights, brain: brain,
                                        phaseState: phaseState, reflect: !noReflect, resolver: data.resolver,
                                        print: { print($0) }, warn: printError)
    }
}
