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

    @Option(name: .customLong("seeds-file"), help: "The ordered seed word list (default: $HARMONIX_HAIKU_SEEDS, HARMONIX_HOME/haiku/data/, ../shared/data/haiku/).")
    var seedsFile: String?

    @OptionGroup var data: DataOptions

    @Option(help: "A file with one prompt per line (default: 12 built-in prompts, cycled).")
    var prompts: String?

    @Option(help: "Journal settings of our field: wal (the product's: WAL, synchronous=NORMAL) or full (the original's: rollback journal, fsync per commit).")
    var durability = "wal"

    @Option(help: "Folder of the original harmonix (default: ../shared/peers/harmonix-ac8718f when it exists).")
    var original: String?

    @Option(help: "Python of the original's virtual environment (Benchmarks/setup_original.sh).")
    var originalPython = ".venv-original/bin/python"

    @Flag(help: "Do not time the original.")
    var skipOriginal = false

    func validate() throws {
        if turns < 1 { throw ValidationError("--turns must be at least 1, got \(turns).") }
        if warmupTurns < 0 { throw ValidationError("--warmup-turns must be ≥ 0, got \(warmupTurns).") }
    }

    func run() async throws {
        BenchOutput.warnIfDebugBuild()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("harmonix-bench-haiku-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let peer = try BenchOutput.originalFolder(original, skip: skipOriginal).map {
            HaikuBench.originalPeer(python: originalPython, folder: $0, scratch: scratch)
        }
        let bench = try HaikuBench(
            seedsPath: data.resolver.locate(.haikuSeeds, explicit: seedsFile, origin: "--seeds-file").path,
            promptsPath: prompts, runs: run.runs, warmup: run.warmup, turns: turns, warmupTurns: warmupTurns,
            seed: seed, durability: durability, original: peer)
        let report = try await bench.run(scratch: scratch, progress: BenchOutput.progress)
        try BenchOutput.emit(report, json: run.json)
    }
}
