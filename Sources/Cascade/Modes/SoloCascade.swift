import HarmonixCore

/// One organism run alone as a one-stage cascade, so an organism can be measured by the harness
/// before (or apart from) the full MetaHarmonix cascade. With one stage every mode is the same
/// turn; the mode is still recorded.
public struct SoloCascade<O: Organism>: CascadeRunner {
    public let organism: O

    public init(_ organism: O) { self.organism = organism }

    public var stageNames: [String] { [organism.name] }
    public var supportedModes: [CascadeMode] { [.sync] }

    public func run(prompt: String, mode: CascadeMode, seeds: [String: UInt64]) async throws -> CascadeRecord {
        let seed = seeds[organism.name] ?? 0
        let watch = Stopwatch()
        let result = try await organism.turn(TurnRequest(prompt: prompt, seed: seed))
        let total = watch.elapsed
        return CascadeRecord(
            mode: mode, stages: [result],
            latencies: [NamedValue(organism.name, result.seconds), NamedValue("total", total)])
    }
}
