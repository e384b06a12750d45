import Cascade
import Foundation
import HarmonixCore

/// What a run with `in_flight` K > 1 measured (issue 11): throughput next to latency, and the
/// field invariants of `cascade.md` §3.5 checked at the end. Written to `<run>/in_flight.json`;
/// the report and the summary block quote it, `check` gates on its invariants.
public struct InFlightOutcome: Codable, Sendable, Equatable, RunFolderJSON {
    public static let fileName = "in_flight.json"

    public var inFlight: Int
    public var cascades: Int
    /// Wall-clock seconds of the matrix (first launch to last finish).
    public var wallSeconds: Double
    /// Each cascade's own total latency, in finishing order.
    public var latencies: [Double]
    /// Seconds a cascade may take before `progress` counts it.
    public var boundSeconds: Double
    public var invariants: [StressInvariant]

    enum CodingKeys: String, CodingKey {
        case inFlight = "in_flight", cascades, wallSeconds = "wall_seconds", latencies, boundSeconds = "bound_seconds",
             invariants
    }

    public var cascadesPerMinute: Double { wallSeconds > 0 ? Double(cascades) * 60 / wallSeconds : 0 }
    public var totalViolations: Int { invariants.reduce(0) { $0 + $1.violations.count } }

    /// "K = 4: 31.2 cascades/min (18 in 34.6 s), latency p50 …, p90 …".
    public var throughputSentence: String {
        let p50 = latencies.isEmpty ? Double.nan : Quantiles.quantile(latencies, probability: 0.5)
        let p90 = latencies.isEmpty ? Double.nan : Quantiles.quantile(latencies, probability: 0.9)
        return String(format: "in flight K = %d: %.1f cascades/min (%d in %.1f s), cascade latency p50 %.2f s, p90 %.2f s",
                      inFlight, cascadesPerMinute, cascades, wallSeconds, p50, p90)
    }

    /// One line per invariant and the total, as `stress` prints them.
    public var invariantLines: [String] {
        var out = invariants.map { "\($0.name): \($0.checked) checked, \($0.violations.count) violations" }
        for row in invariants { for detail in row.violations.prefix(5) { out.append("  \(row.name): \(detail)") } }
        out.append("violations \(totalViolations)")
        return out
    }

    func write(to directory: String) throws { try writeJSON(to: directory) }

    /// The run's outcome, or nil when the run had one cascade in flight (no file).
    public static func load(runDirectory: String) throws -> InFlightOutcome? { try readJSON(from: runDirectory) }
}

/// Runs a run's cells with K cascades in flight over each mode's one shared set of fields, through
/// ``OverlappingCascadeRunner/runOverlapping(prompt:mode:seeds:)`` (no global gate), with every
/// field keeping its operation log and an observer reading the fields; then checks the invariants
/// (``FieldInvariants``). Cells start in plan order, so up to K cascades of any modes overlap.
///
/// Rows reach `record` in finishing order. Texts depend on the interleaving: the run is not
/// reproducible, and it takes no checkpoints (a `--resume` is refused: a checkpoint would need a
/// quiescent point, and even then the texts after it would not repeat those of the lost run).
struct InFlightMatrix: Sendable {
    let inFlight: Int
    let cascades: [CascadeMode: any CascadeRunner]
    let builder: CascadeRows
    /// Seconds a cascade may take (nil: ``defaultBound(inFlight:)``).
    var bound: Double?

    /// 300 s per cascade alone (the bound `stress` uses at K = 1), times K: a cascade shares the
    /// machine with K − 1 others.
    static func defaultBound(inFlight: Int) -> Double { 300 * Double(max(1, inFlight)) }

    private enum Event: Sendable {
        case finished(cell: RunCell, rows: [TurnRow], seconds: Double, failure: String?)
        case timeout
    }

    /// Runs `cells`; `record` receives each finished cascade's rows and latency (from one task at a time).
    func run(_ cells: [RunCell],
             record: @escaping @Sendable (RunCell, [TurnRow], Double) async throws -> Void) async throws -> InFlightOutcome {
        var runners: [CascadeMode: any OverlappingCascadeRunner] = [:]
        var logs: [FieldOpLog] = []
        for (mode, cascade) in cascades.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            guard let overlapping = cascade as? any OverlappingCascadeRunner else {
                throw RunError.notOverlapping(stages: cascade.stageNames)
            }
            runners[mode] = overlapping
            logs += try await overlapping.enableOpLogs()
        }
        let bound = bound ?? Self.defaultBound(inFlight: inFlight)
        let observer = FieldInvariants.observe(logs)
        let wall = Stopwatch()
        var latencies: [Double] = []
        var progressViolations: [String] = []
        let builder = builder
        let watchdogSeconds = bound * Double(cells.count) / Double(inFlight) + bound

        // Unstructured tasks and a stream, not a task group: a stalled cascade must not keep the
        // run from reporting the stall (a group would wait for it).
        let (events, continuation) = AsyncStream<Event>.makeStream()
        let watchdog = Task {
            try? await Task.sleep(for: .seconds(watchdogSeconds))
            if !Task.isCancelled { continuation.yield(.timeout) }
        }
        defer {
            watchdog.cancel()
            observer.cancel()
            continuation.finish()
        }
        var next = 0
        var running = Set<CellKey>()
        func launch() {
            let cell = cells[next]
            next += 1
            running.insert(cell.key)
            guard let runner = runners[cell.mode] else { return }
            Task {
                do {
                    let record = try await runner.runOverlapping(prompt: cell.prompt.text, mode: cell.mode, seeds: cell.seeds)
                    let failure = record.stages.compactMap { stage in stage.failure.map { "\(stage.organism): \($0)" } }.first
                    continuation.yield(.finished(cell: cell, rows: builder.rows(for: cell, record: record),
                                                 seconds: record.totalSeconds, failure: failure))
                } catch {
                    continuation.yield(.finished(cell: cell, rows: builder.failedRows(for: cell, stageNames: runner.stageNames,
                                                                                     message: "\(error)"),
                                                 seconds: 0, failure: "\(error)"))
                }
            }
        }
        while next < min(inFlight, cells.count) { launch() }
        if cells.isEmpty { continuation.finish() }
        for await event in events where !cells.isEmpty {
            switch event {
            case .timeout:
                let unfinished = cells.filter { running.contains($0.key) }
                    .map { "\($0.prompt.id) \($0.mode.rawValue) r\($0.repeatIndex)" }
                throw RunError.inFlightStalled(inFlight: inFlight, unfinished: unfinished, seconds: wall.elapsed)
            case .finished(let cell, let rows, let seconds, let failure):
                running.remove(cell.key)
                latencies.append(seconds)
                let name = "\(cell.prompt.id) \(cell.mode.rawValue) r\(cell.repeatIndex)"
                if let failure { progressViolations.append("cascade \(name) failed: \(failure)") }
                if seconds > bound { progressViolations.append("cascade \(name) took \(Int(seconds)) s > bound \(Int(bound)) s") }
                try await record(cell, rows, seconds)
                if next < cells.count { launch() }
            }
            if running.isEmpty { break }
        }
        let wallSeconds = wall.elapsed
        observer.cancel()
        let observed = await observer.value

        var tally = FieldInvariants.Tally()
        tally.add("progress", cells.count, progressViolations)
        tally.add("units whole (observer)", observed.snapshots, observed.broken)
        try FieldInvariants.check(logs, label: "", into: &tally)
        return InFlightOutcome(inFlight: inFlight, cascades: cells.count, wallSeconds: wallSeconds, latencies: latencies,
                               boundSeconds: bound, invariants: tally.rows)
    }
}
