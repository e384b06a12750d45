import Foundation
import HarmonixCore
import Sonnet

extension SingleOrganism {
    /// What `harmonix sonnet` asks: one chat turn (spec §5).
    public struct SonnetTurn: Sendable {
        public var prompt: String
        public var seed: UInt64
        /// The field database; nil = a fresh in-memory field.
        public var database: String?
        public var weights: String?
        /// SonnetBrain parameters; "none" = base quality only; nil = looked up.
        public var brain: String?
        public var phaseState: String?
        public var reflect: Bool

        public init(prompt: String, seed: UInt64, database: String?, weights: String?, brain: String?,
                    phaseState: String?, reflect: Bool) {
            self.prompt = prompt
            self.seed = seed
            self.database = database
            self.weights = weights
            self.brain = brain
            self.phaseState = phaseState
            self.reflect = reflect
        }
    }

    /// Runs the turn and prints the sonnet (or the raw fallback, with a warning) and its metrics.
    public static func sonnet(_ request: SonnetTurn, resolver: DataResolver, print: Lines, warn: Lines) async throws {
        try CPUFeatures.requireKernelSupport()
        let weightsPath = try resolver.locate(.sonnetWeights, explicit: request.weights, origin: "--weights").path
        let brainPath = request.brain == "none"
            ? nil : try resolver.locate(.sonnetBrain, explicit: request.brain, origin: "--brain").path
        let configuration = SonnetTurnConfiguration(
            weightsPath: weightsPath, databasePath: request.database, brainPath: brainPath,
            phaseStatePath: request.phaseState, reflect: request.reflect)
        let organism = try SonnetOrganism(configuration: configuration)
        let result = try await organism.turn(TurnRequest(prompt: request.prompt, seed: request.seed))
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
        print("weights: \(organism.engine.weightsPath)  field: \(request.database ?? "in-memory (fresh)")")
    }
}
