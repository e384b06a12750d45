import Foundation
import HarmonixCore

/// What the harness runs: anything that turns (prompt, seeds, mode) into a measured cascade.
///
/// The harness knows organisms only through this protocol. `MetaHarmonix` (the full cascade)
/// and ``SoloCascade`` (one organism alone) conform.
public protocol CascadeRunner: Sendable {
    /// Names of the stages this runner produces, in output order (e.g. ["haiku", "sonnet", "prose", "meta"]).
    var stageNames: [String] { get }
    /// Modes this runner supports.
    var supportedModes: [CascadeMode] { get }
    /// Runs one cascade. `seeds` maps organism name → seed of its stream (``SeedDerivation``).
    func run(prompt: String, mode: CascadeMode, seeds: [String: UInt64]) async throws -> CascadeRecord

    /// The in-memory state of every organism and of the hub, as JSON per name (organism names, and
    /// ``CascadeMinds/hubName`` for MetaHarmonix's hub). Called between cascades; with the fields
    /// (the SQLite files, checkpointed by the harness) it is the cascade's whole state (issue 10).
    func captureMinds() async throws -> [String: Data]

    /// Restores what ``captureMinds()`` returned, into a cascade freshly built over the restored fields.
    /// - throws: ``CascadeMinds/MissingMind`` when a name is absent, or the organism's own mismatch error.
    func restoreMinds(_ minds: [String: Data]) async throws
}

/// A runner whose cascades may overlap on the same fields (issue 11: `harmonix stress`,
/// manifests with `in_flight` > 1), and whose fields can keep an operation log.
public protocol OverlappingCascadeRunner: CascadeRunner, OpLoggable {
    /// Runs one cascade without waiting for the others in flight.
    func runOverlapping(prompt: String, mode: CascadeMode, seeds: [String: UInt64]) async throws -> CascadeRecord
}

/// One measured cascade: each stage's turn, the cascade-level text, and its latencies.
public struct CascadeRecord: Sendable {
    public var mode: CascadeMode
    /// Organism turns in stage order.
    public var stages: [TurnResult]
    /// The meta sentence, or nil when the runner has no meta stage.
    public var metaSentence: String?
    /// Cascade-level figures (global_resonance, mean_dissonance, field_entropy, ...), in order.
    public var metrics: [NamedValue]
    /// Latency parts in seconds, in order (e.g. "haiku", "sonnet", "prose", "meta", "exhale", "total").
    public var latencies: [NamedValue]

    public init(mode: CascadeMode, stages: [TurnResult], metaSentence: String? = nil,
                metrics: [NamedValue] = [], latencies: [NamedValue]) {
        self.mode = mode
        self.stages = stages
        self.metaSentence = metaSentence
        self.metrics = metrics
        self.latencies = latencies
    }

    /// Wall-clock seconds of the whole cascade (the "total" latency, else the sum of parts).
    public var totalSeconds: Double {
        latencies.first(where: { $0.name == "total" })?.value ?? latencies.reduce(0) { $0 + $1.value }
    }
}
