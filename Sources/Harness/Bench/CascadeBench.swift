import Cascade
import Foundation
import HarmonixCore

/// `harmonix bench cascade`: how close the async cascade comes to its ideal bound.
///
/// The peer of the async cascade is arithmetic, not another program: with the stage times of the
/// same prompt measured alone (the sync run), parallel INHALE can at best take
/// `max(max stage, Σ stages / cores)`, plus the meta and EXHALE that follow it (overview §3).
/// Sync and async run back to back per prompt (order alternating), each mode on its own copy of
/// the declared fields, after warm-up cascades that are discarded.
public struct CascadeBench: Sendable {
    public var manifest: Manifest
    public var prompts: Int
    public var warmup: Int
    public var cores: Int
    /// Seed of the bootstrap intervals: fixed, so two reports on the same pairs agree.
    public var seed: UInt64 = 0x5EED

    public init(manifest: Manifest, prompts: Int, warmup: Int, cores: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.manifest = manifest
        self.prompts = prompts
        self.warmup = warmup
        self.cores = cores
    }

    /// One prompt's pair of cascades.
    public struct Pair: Sendable {
        public var promptID: String
        public var sync: CascadeRecord
        public var async: CascadeRecord

        /// Seconds of stage `name` in `record`.
        static func seconds(_ record: CascadeRecord, _ name: String) -> Double {
            record.latencies.first { $0.name == name }?.value ?? 0
        }

        /// The stages' own times in the sync run (each ran alone there).
        public var syncStages: [Double] { sync.stages.map { Pair.seconds(sync, $0.organism) } }

        /// max(max stage, Σ/cores) + the async run's meta and EXHALE.
        public func bound(cores: Int) -> Double {
            let stages = syncStages
            let inhale = max(stages.max() ?? 0, stages.reduce(0, +) / Double(max(cores, 1)))
            return inhale + Pair.seconds(async, "meta") + Pair.seconds(async, "exhale")
        }
    }

    public struct Report: Sendable {
        public var pairs: [Pair]
        public var cores: Int
        /// async / bound, paired per prompt (median and bootstrap CI).
        public var asyncOverBound: RatioEstimate
        /// async / sync, paired per prompt.
        public var asyncOverSync: RatioEstimate
    }

    /// Runs the benchmark; `progress` receives one line per cascade.
    public func run(workDirectory: String, progress: @Sendable (String) -> Void) async throws -> Report {
        let syncCascade = try makeCascade(mode: .sync, directory: workDirectory)
        let asyncCascade = try makeCascade(mode: .async, directory: workDirectory)
        let selected = Array(manifest.prompts.prefix(prompts))
        guard selected.count >= 2 else { throw CascadeBenchError.tooFewPrompts(found: selected.count) }

        for index in 0..<warmup {
            let prompt = "warm-up \(index)"
            for (cascade, mode) in [(syncCascade, CascadeMode.sync), (asyncCascade, .async)] {
                _ = try await cascade.run(prompt: prompt, mode: mode, seeds: seeds(prompt, repeat: -1 - index))
            }
            progress("warm-up \(index + 1)/\(warmup) done")
        }

        var pairs: [Pair] = []
        for (index, prompt) in selected.enumerated() {
            let s = seeds(prompt.text, repeat: 0)
            var syncRecord: CascadeRecord
            var asyncRecord: CascadeRecord
            // Alternate which mode goes first so slow drift does not favour one.
            if index % 2 == 0 {
                syncRecord = try await syncCascade.run(prompt: prompt.text, mode: .sync, seeds: s)
                asyncRecord = try await asyncCascade.run(prompt: prompt.text, mode: .async, seeds: s)
            } else {
                asyncRecord = try await asyncCascade.run(prompt: prompt.text, mode: .async, seeds: s)
                syncRecord = try await syncCascade.run(prompt: prompt.text, mode: .sync, seeds: s)
            }
            let pair = Pair(promptID: prompt.id, sync: syncRecord, async: asyncRecord)
            pairs.append(pair)
            progress(String(format: "[%d/%d] %@  sync %.3f s  async %.3f s  bound %.3f s", index + 1, selected.count,
                            prompt.id, syncRecord.totalSeconds, asyncRecord.totalSeconds, pair.bound(cores: cores)))
        }
        let bootstrap = Bootstrap(seed: seed)
        let asyncTotals = pairs.map(\.async.totalSeconds)
        return Report(
            pairs: pairs, cores: cores,
            asyncOverBound: try bootstrap.pairedRatio(numerators: asyncTotals, denominators: pairs.map { $0.bound(cores: cores) },
                                                     numeratorName: "async", denominatorName: "bound"),
            asyncOverSync: try bootstrap.pairedRatio(numerators: asyncTotals, denominators: pairs.map(\.sync.totalSeconds),
                                                    numeratorName: "async", denominatorName: "sync"))
    }

    private func seeds(_ prompt: String, repeat index: Int) -> [String: UInt64] {
        RunPlan.cascadeSeeds(manifest, experiment: manifest.seed, prompt: prompt, repeat: index)
    }

    private func makeCascade(mode: CascadeMode, directory: String) throws -> any CascadeRunner {
        let fields = (directory as NSString).appendingPathComponent(mode.rawValue)
        try manifest.materializeFields(in: fields)
        return try CascadeAssembly.make(manifest: manifest, mode: mode, fieldDirectory: fields)
    }
}

/// Why the cascade benchmark could not run.
public enum CascadeBenchError: Equatable, ExplainedError {
    case tooFewPrompts(found: Int)

    public var explanation: ErrorExplanation {
        switch self {
        case .tooFewPrompts(let found): return ErrorExplanation("Too few prompts: \(found)", while: "choosing the benchmark's prompts", fix: "A paired interval needs at least 2: raise --prompts or use a manifest with more prompts.")
        }
    }
}

extension CascadeBench {
    /// Runs the bench between two machine probes and returns it in the `--json` shape: `ours` = the
    /// async cascade, `peer` = its ideal bound; ratio `async_vs_bound` = bound / async (> 1: async
    /// beat the bound) and `async_vs_sync` = sync / async (the speed-up), both paired per prompt.
    public func runReport(workDirectory: String, progress: @Sendable (String) -> Void) async throws -> (Report, BenchReport) {
        var machine = BenchMachine.probe()
        progress("machine: \(machine.facts.label); load \(BenchText.load(machine.loadBefore))")
        let report = try await run(workDirectory: workDirectory, progress: progress)
        machine.loadAfter = MachineFacts.loadAverage()
        return (report, try report.benchReport(machine: machine, warmup: warmup))
    }
}

extension CascadeBench.Report {
    public func benchReport(machine: BenchMachine, warmup: Int) throws -> BenchReport {
        let names = pairs.first?.sync.stages.map(\.organism) ?? []
        var ours: [String: BenchValue] = [
            "async_seconds": .sample(try BenchSample(pairs.map(\.async.totalSeconds), unit: "s", name: "async cascades")),
            "sync_seconds": .sample(try BenchSample(pairs.map(\.sync.totalSeconds), unit: "s", name: "sync cascades")),
        ]
        for (index, name) in names.enumerated() {
            ours["\(name)_alone_seconds"] = .sample(try BenchSample(pairs.map { $0.syncStages[index] }, unit: "s"))
        }
        return BenchReport(
            bench: "cascade", machine: machine, runs: pairs.count,
            settings: ["cores": String(cores), "warmup": String(warmup), "stages": names.joined(separator: " → "),
                       "peer": "ideal bound max(max stage, Σ stages / cores) + meta + exhale"],
            ours: ours,
            peer: ["bound_seconds": .sample(try BenchSample(pairs.map { $0.bound(cores: cores) }, unit: "s", name: "bounds"))],
            ratio: ["async_vs_bound": BenchRatio(asyncOverBound).inverted, "async_vs_sync": BenchRatio(asyncOverSync).inverted])
    }
}
