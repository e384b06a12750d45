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
            each of the first --runs prompts (order alternating), after warm-up cascades. Each stage's time \
            in the sync run is its time alone; from those the bound of parallel INHALE is max(max stage, \
            sum / cores), plus meta and EXHALE. Ratio async_vs_bound = bound / async (goal, overview §3: \
            ≥ 1/1.10 = 0.91), async_vs_sync = sync / async. Build with -c release.
            """)

    @Option(help: "Manifest whose organisms, models and fields are used.")
    var manifest = "Experiments/default.yaml"

    @Option(name: [.customLong("runs"), .customLong("prompts")], help: "Prompts (pairs of cascades), taken in manifest order.")
    var runs = 6

    @Option(help: "Warm-up cascades per mode, discarded.")
    var warmup = 1

    @Flag(help: "Print one JSON object on stdout (progress stays on stderr).")
    var json = false

    @Option(help: "Cores the bound assumes (default: the machine's).")
    var cores = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var data: DataOptions

    func validate() throws {
        if runs < 2 { throw ValidationError("--runs must be at least 2 (a paired interval needs two pairs), got \(runs).") }
        if warmup < 0 { throw ValidationError("--warmup must be ≥ 0, got \(warmup).") }
        if cores < 1 { throw ValidationError("--cores must be ≥ 1, got \(cores).") }
    }

    func run() async throws {
        BenchOutput.warnIfDebugBuild()
        let loaded = try ManifestLoader.load(path: manifest, resolver: data.resolver)
        let bench = CascadeBench(manifest: loaded, prompts: runs, warmup: warmup, cores: cores)
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("harmonix-bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: work) }
        let (_, report) = try await bench.runReport(workDirectory: work, progress: BenchOutput.progress)
        try BenchOutput.emit(report, json: json)
    }
}
