import ArgumentParser
import Foundation
import HarmonixCore
import Harness
import Sonnet

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

    @Option(name: .long, help: "Weights (default: $HARMONIX_SONNET_WEIGHTS, HARMONIX_HOME/sonnet/state/, Models/, ../shared/data/sonnet/).")
    var weights: String?

    @Option(name: .long, help: "SonnetBrain parameters (default: $HARMONIX_SONNET_BRAIN, HARMONIX_HOME/sonnet/, ../shared/data/sonnet/); 'none' = base quality only.")
    var brain: String?

    @Option(name: .long, help: "Initial phase state JSON; default: the fresh state.")
    var phaseState: String?

    @Flag(name: .long, help: "Skip the MetaSonnet reflection (the second generation).")
    var noReflect = false

    @OptionGroup var data: DataOptions

    func run() async throws {
        try CPUFeatures.requireKernelSupport()
        let resolver = data.resolver
        let weightsPath = try resolver.locate(.sonnetWeights, explicit: weights, origin: "--weights").path
        let brainPath = brain == "none" ? nil : try resolver.locate(.sonnetBrain, explicit: brain, origin: "--brain").path
        let configuration = SonnetTurnConfiguration(
            weightsPath: weightsPath, databasePath: db, brainPath: brainPath,
            phaseStatePath: phaseState, reflect: !noReflect)
        let organism = try SonnetOrganism(configuration: configuration)
        let result = try await organism.turn(TurnRequest(prompt: prompt, seed: seed))
        let formatted = result.extras.first { $0.name == "formatted" }?.value == 1
        if !formatted {
            FileHandle.standardError.write(Data("Warning: fewer than 14 clean lines; printing the raw fallback (first 500 characters), as the original cascade does.\n".utf8))
        }
        print(result.output)
        print("")
        func f(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "-" }
        print("dissonance \(f(result.dissonance))  quality \(f(result.quality))  temperature \(f(result.temperature))  "
            + "field vocab \(result.fieldSize.map(String.init) ?? "-")  seed \(result.seed)")
        print(result.extras.map { "\($0.name) \($0.value.isNaN ? "-" : String(format: "%.4g", $0.value))" }.joined(separator: "  "))
        print("seconds: " + result.timings.map { "\($0.name) \(String(format: "%.3f", $0.value))" }.joined(separator: "  "))
        print("weights: \(organism.engine.weightsPath)  field: \(db ?? "in-memory (fresh)")")
    }
}
