import HarmonixCore

/// One organism run alone as a one-stage cascade, so an organism can be measured by the harness
/// before (or apart from) the full MetaHarmonix cascade. With one stage every mode is the same
/// turn; the mode is still recorded.
public struct SoloCascade<O: Organism>: OverlappingCascadeRunner {
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

extension SoloCascade {
    /// A solo turn holds no cascade-level state: overlapping runs are plain runs.
    public func runOverlapping(prompt: String, mode: CascadeMode, seeds: [String: UInt64]) async throws -> CascadeRecord {
        try await run(prompt: prompt, mode: mode, seeds: seeds)
    }

    public func enableOpLogs() async throws -> [FieldOpLog] {
        guard let loggable = organism as? any OpLoggable else { return [] }
        return try await loggable.enableOpLogs()
    }
}
