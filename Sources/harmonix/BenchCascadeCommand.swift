import ArgumentParser
import Foundation
import Harness

/// `harmonix bench cascade`: async cascade latency against its ideal bound, and against sync.
struct BenchCascade: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cascade",
        abstract: "Measure the async cascade against its ideal bound max(max stage, Σ stages / cores).",
        discussion: """
            Runs the manifest's cascade (haiku, sonnet and prose) in sync and async mode back to back for \
            each of the first N prompts, after warm-up cascades. Each stage's time in the sync run is its \
            time alone; from those the bound of parallel INHALE is max(max stage, sum / cores), plus meta \
            and EXHALE. Goal (overview §3): async within 10% of that bound. Build with -c release.
            """)

    @Option(help: "Manifest whose organisms, models and fields are used.")
    var manifest = "Experiments/default.yaml"

    @Option(help: "Number of prompts (pairs of cascades), taken in manifest order.")
    var prompts = 6

    @Option(help: "Warm-up cascades per mode, discarded.")
    var warmup = 1

    @Option(help: "Cores the bound assumes (default: the machine's).")
    var cores = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var data: DataOptions

    func validate() throws {
        if prompts < 2 { throw ValidationError("--prompts must be at least 2 (a paired interval needs two pairs), got \(prompts).") }
        if warmup < 0 { throw ValidationError("--warmup must be ≥ 0, got \(warmup).") }
        if cores < 1 { throw ValidationError("--cores must be ≥ 1, got \(cores).") }
    }

    func run() async throws {
        BenchFigures.warnIfDebugBuild()
        let loaded = try ManifestLoader.load(path: manifest, resolver: data.resolver)
        let bench = CascadeBench(manifest: loaded, prompts: prompts, warmup: warmup, cores: cores)
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("harmonix-bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: work) }
        let before = BenchFigures.loadAverage()
        let report = try await bench.run(workDirectory: work) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        let after = BenchFigures.loadAverage()

        func median(_ values: [Double]) -> Double { Quantiles.median(values) }
        let pairs = report.pairs
        let names = pairs.first?.sync.stages.map(\.organism) ?? []
        print("Cascade: \(names.joined(separator: " → ")) → meta → exhale   (\(pairs.count) prompts, \(report.cores) cores)")
        for (i, name) in names.enumerated() {
            let alone = pairs.map { $0.syncStages[i] }
            print(String(format: "  %-8@ alone (sync)  median %8.3f s", name, median(alone)))
        }
        let syncTotals = pairs.map(\.sync.totalSeconds)
        let asyncTotals = pairs.map(\.async.totalSeconds)
        let bounds = pairs.map { $0.bound(cores: report.cores) }
        print(String(format: "  sync cascade      median %8.3f s   (Σ stages + meta + exhale)", median(syncTotals)))
        print(String(format: "  ideal async bound median %8.3f s   (max(max stage, Σ/%d) + meta + exhale)", median(bounds), report.cores))
        print(String(format: "  async cascade     median %8.3f s", median(asyncTotals)))
        let b = report.asyncOverBound, s = report.asyncOverSync
        print(String(format: "  async / bound  %.3f× [%.3f, %.3f] (paired, 95%% CI)   goal ≤ 1.10: %@",
                     b.ratio, b.interval.lower, b.interval.upper, b.interval.upper <= 1.10 ? "met" : (b.ratio <= 1.10 ? "not shown (CI reaches past 1.10)" : "missed")))
        print(String(format: "  async / sync   %.3f× [%.3f, %.3f] (paired, 95%% CI)   speed-up %.2f×",
                     s.ratio, s.interval.lower, s.interval.upper, 1 / s.ratio))
        print("  load average before \(before), after \(after)")
    }
}
