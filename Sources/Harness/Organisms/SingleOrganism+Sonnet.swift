import Foundation
import HarmonixCore
import Sonnet

extension SingleOrganism {
    /// `harmonix sonnet`: runs one chat turn (spec §5) and prints the sonnet (or the raw fallback,
    /// with a warning) and its metrics. `database` nil = a fresh in-memory field; `brain` "none" =
    /// base quality only, nil = looked up; `weights` nil = looked up.
    public static func sonnet(prompt: String, seed: UInt64, database: String?, weights: String?, brain: String?,
                              phaseState: String?, reflect: Bool, resolver: DataResolver,
                              print: Lines, warn: Lines) async throws {
        try CPUFeatures.requireKernelSupport()
        let weightsPath = try resolver.locate(.sonnetWeights, explicit: weights, origin: "--weights").path
        let brainPath = brain == "none"
            ? nil : try resolver.locate(.sonnetBrain, explicit: brain, origin: "--brain").path
        let configuration = SonnetTurnConfiguration(
            weightsPath: weightsPath, databasePath: database, brainPath: brainPath,
            phaseStatePath: phaseState, reflect: reflect)
        let organism = try SonnetOrganism(configuration: configuration)
        let result = try await organism.turn(TurnRequest(prompt: prompt, seed: seed))
        if result.extra(.formatted) != 1 {
            warn("Warning: fewer than 14 clean lines; printing the raw fallback (first 500 characters), as the original cascade does.")
        }
        print(result.output)
        print("")
        print("dissonance \(fixed(result.dissonance, 4))  quality \(fixed(result.quality, 4))  "
            + "temperature \(fixed(result.temperature, 4))  "
            + "field vocab \(result.fieldSize.map(String.init) ?? "-")  seed \(result.seed)")
        print(result.extras.map { "\($0.name) \($0.value.isNaN ? "-" : String(format: "%.4g", $0.value))" }
            .joined(separator: "  "))
        print("seconds: " + result.timings.map { "\($0.name) \(String(format: "%.3f", $0.value))" }.joined(separator: "  "))
        print("weights: \(organism.engine.weightsPath)  field: \(database ?? "in-memory (fresh)")")
    }
}
