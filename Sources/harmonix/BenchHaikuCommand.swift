import ArgumentParser
import Foundation
import Harness

/// `harmonix bench haiku`: HAiKU's canonical turn against the original Python chat turn, interleaved.
struct BenchHaiku: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "haiku",
        abstract: "Time HAiKU's full canonical turn on fresh on-disk fields against the original Python HAiKU.",
        discussion: """
            Each round of either side is a fresh field: --warmup-turns discarded turns, then --turns timed \
            turns; the round's figure is its median turn. The original runs through its driver \
            haiku_bench.py in the venv made by Benchmarks/setup_original.sh. Ratio turn (= turn_vs_original) \
            = original / ours.
            """)

    @OptionGroup var run: BenchRunOptions

    @Option(help: "Timed turns per round.")
    var turns = 10

    @Option(help: "Discarded turns at the start of each round (both sides).")
    var warmupTurns = 3

    @Option(help: "Seed of the run.")
    var seed: UInt64 = 42

    @OptionGroup var haiku: HaikuSeedsOption

    @OptionGroup var data: DataOptions

    @Option(help: "A file with one prompt per line (default: 12 built-in prompts, cycled).")
    var prompts: String?

    @Option(help: "Journal settings of our field: wal (the product's: WAL, synchronous=NORMAL) or full (the original's: rollback journal, fsync per commit).")
    var durability = "wal"

    @OptionGroup var original: OriginalPeerOptions

    func validate() throws {
        if turns < 1 { throw ValidationError("--turns must be at least 1, got \(turns).") }
        if warmupTurns < 0 { throw ValidationError("--warmup-turns must be ≥ 0, got \(warmupTurns).") }
    }

    func run() async throws {
        BenchOutput.warnIfDebugBuild()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("harmonix-bench-haiku-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let peer = try original.folder().map {
            HaikuBench.originalPeer(python: original.originalPython, folder: $0, scratch: scratch)
        }
        let bench = try HaikuBench(
            seedsPath: data.resolver.locate(.haikuSeeds, explicit: haiku.seedsFile, origin: "--seeds-file").path,
            promptsPath: prompts, runs: run.runs, warmup: run.warmup, turns: turns, warmupTurns: warmupTurns,
            seed: seed, durability: durability, original: peer)
        let report = try await bench.run(scratch: scratch, progress: BenchOutput.progress)
        try BenchOutput.emit(report, json: run.json)
    }
}
