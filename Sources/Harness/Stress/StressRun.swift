import Cascade
import Foundation
import HarmonixCore

/// The figures of one K.
public struct StressPhase: Sendable {
    public var inFlight: Int
    public var latencies: [Double]
    public var wallSeconds: Double
    public var cascadesPerMinute: Double { wallSeconds > 0 ? Double(latencies.count) * 60 / wallSeconds : 0 }
    public var p50: Double { latencies.isEmpty ? .nan : Quantiles.quantile(latencies, probability: 0.5) }
    public var p90: Double { latencies.isEmpty ? .nan : Quantiles.quantile(latencies, probability: 0.9) }
}

public struct StressReport: Sendable {
    public var invariants: [StressInvariant]
    /// The K phase first, then K = 1 when measured; with several rounds, that pair per round.
    public var phases: [StressPhase]
    public var totalViolations: Int { invariants.reduce(0) { $0 + $1.violations.count } }
    public func invariant(_ name: String) -> StressInvariant? { invariants.first { $0.name == name } }
}

public enum StressError: Error, CustomStringConvertible, Equatable {
    case badOption(String)
    case notOverlapping(stages: [String])
    case stalled(inFlight: Int, unfinished: [Int], seconds: Double)

    public var description: String {
        switch self {
        case .badOption(let detail): return "stress: \(detail)"
        case .notOverlapping(let stages):
            return "stress: the cascade over [\(stages.joined(separator: ", "))] cannot run overlapping cascades"
        case .stalled(let k, let unfinished, let seconds):
            return "stress: no progress at K = \(k): cascades \(unfinished.map(String.init).joined(separator: ", ")) "
                + "unfinished after \(Int(seconds)) s (deadlock or starvation)"
        }
    }
}

public struct StressRunner: Sendable {
    public static let invariantNames = FieldInvariants.names
    let manifest: Manifest
    let options: StressOptions
    let makeCascade: CascadeMaker

    public init(manifest: Manifest, options: StressOptions, makeCascade: @escaping CascadeMaker = CascadeAssembly.make(manifest:mode:fieldDirectory:)) {
        self.manifest = manifest
        self.options = options
        self.makeCascade = makeCascade
    }

    public func run(progress: @Sendable (String) -> Void = { _ in }) async throws -> StressReport {
        guard options.cascades > 0 else { throw StressError.badOption("--cascades must be at least 1") }
        guard options.inFlight > 0 else { throw StressError.badOption("--in-flight must be at least 1") }
        guard options.rounds > 0 else { throw StressError.badOption("--repeat must be at least 1") }
        let plan = try RunPlan.make(manifest: manifest, seed: options.seed ?? manifest.seed, repeats: 1, filter: nil, limit: nil)
        let prompts = plan.cells.map(\.prompt).reduce(into: [ExperimentPrompt]()) { if !$0.contains($1) { $0.append($1) } }
        let root = options.keepDirectory
            ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("harmonix-stress-\(UUID().uuidString)")
        defer { if options.keepDirectory == nil { try? FileManager.default.removeItem(atPath: root) } }

        FieldFaults.set(options.fault)
        defer { FieldFaults.set(.none) }
        var tally = FieldInvariants.Tally()
        var phases: [StressPhase] = []
        var serialP90: Double?
        let serialToo = options.inFlight > 1 && options.measureSerial
        for round in 0..<options.rounds {
            // Round 0 (and every even one) measures K = 1 first, odd rounds K first: drift in the
            // machine's load then falls on both sides alike.
            let folder = round == 0 ? root : (root as NSString).appendingPathComponent("round\(round + 1)")
            let label = options.rounds > 1 ? "round \(round + 1)/\(options.rounds): " : ""
            var serial: StressPhase?
            func runSerial() async throws {
                progress("stress: \(label)K = 1, \(options.cascades) cascades")
                serial = try await phase(k: 1, prompts: prompts, root: folder, bound: options.bound ?? 300, tally: &tally)
                if serialP90 == nil { serialP90 = serial?.p90 }
            }
            if serialToo && round % 2 == 0 { try await runSerial() }
            let bound = options.bound ?? serialP90.map { max(60, 4 * Double(options.inFlight) * $0) } ?? 300
            progress("stress: \(label)K = \(options.inFlight), \(options.cascades) cascades, bound \(Int(bound)) s")
            let main = try await phase(k: options.inFlight, prompts: prompts, root: folder, bound: bound, tally: &tally)
            if serialToo && round % 2 == 1 { try await runSerial() }
            phases.append(main)
            if let serial { phases.append(serial) }
        }
        return StressReport(invariants: tally.rows, phases: phases)
    }

    private enum Event: Sendable {
        case finished(index: Int, seconds: Double, failure: String?)
        case timeout
    }

    private func phase(k: Int, prompts: [ExperimentPrompt], root: String, bound: Double, tally: inout FieldInvariants.Tally) async throws -> StressPhase {
        let directory = (root as NSString).appendingPathComponent("k\(k)")
        var runners: [CascadeMode: any OverlappingCascadeRunner] = [:]
        var logs: [FieldOpLog] = []
        for mode in manifest.modes {
            let fieldDirectory = (directory as NSString).appendingPathComponent(mode.rawValue)
            try manifest.materializeFields(in: fieldDirectory)
            let cascade = try makeCascade(manifest, mode, fieldDirectory)
            guard let overlapping = cascade as? any OverlappingCascadeRunner else {
                throw StressError.notOverlapping(stages: cascade.stageNames)
            }
            runners[mode] = overlapping
            logs += try await overlapping.enableOpLogs()
        }
        let seed = options.seed ?? manifest.seed
        let modes = manifest.modes
        // Cascade i: mode i mod M, prompt (i / M) mod P, so every prompt passes through every mode.
        func job(_ i: Int) -> (prompt: String, mode: CascadeMode, seeds: [String: UInt64]) {
            let prompt = prompts[(i / modes.count) % prompts.count]
            let cycle = i / (modes.count * prompts.count)
            return (prompt.text, modes[i % modes.count],
                    RunPlan.cascadeSeeds(manifest, experiment: seed, prompt: prompt.text, repeat: cycle))
        }

        let (events, continuation) = AsyncStream<Event>.makeStream()
        let observer = FieldInvariants.observe(logs)
        let watchdog = Task {
            try? await Task.sleep(for: .seconds(bound * Double(options.cascades) / Double(k) + bound))
            continuation.yield(.timeout)
        }
        let wall = Stopwatch()
        var next = 0
        var running = Set<Int>()
        func launch() {
            let i = next
            next += 1
            running.insert(i)
            let (prompt, mode, seeds) = job(i)
            guard let runner = runners[mode] else { return }
            Task {
                let watch = Stopwatch()
                var failure: String?
                do {
                    let record = try await runner.runOverlapping(prompt: prompt, mode: mode, seeds: seeds)
                    failure = record.stages.compactMap { stage in stage.failure.map { "\(stage.organism): \($0)" } }.first
                } catch {
                    failure = "\(error)"
                }
                continuation.yield(.finished(index: i, seconds: watch.elapsed, failure: failure))
            }
        }
        while next < min(k, options.cascades) { launch() }
        var latencies: [Double] = []
        var progressViolations: [String] = []
        for await event in events {
            switch event {
            case .timeout:
                observer.cancel()
                throw StressError.stalled(inFlight: k, unfinished: running.sorted(), seconds: wall.elapsed)
            case .finished(let i, let seconds, let failure):
                running.remove(i)
                latencies.append(seconds)
                if let failure { progressViolations.append("K = \(k), cascade \(i) failed: \(failure)") }
                if seconds > bound { progressViolations.append("K = \(k), cascade \(i) took \(Int(seconds)) s > bound \(Int(bound)) s") }
                if next < options.cascades { launch() }
            }
            if running.isEmpty && next >= options.cascades { break }
        }
        let wallSeconds = wall.elapsed
        watchdog.cancel()
        continuation.finish()
        observer.cancel()
        let observed = await observer.value

        tally.add("progress", options.cascades, progressViolations)
        tally.add("units whole (observer)", observed.snapshots, observed.broken)
        try FieldInvariants.check(logs, label: "K = \(k), ", into: &tally)
        return StressPhase(inFlight: k, latencies: latencies, wallSeconds: wallSeconds)
    }
}
