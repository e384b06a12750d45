import ArgumentParser
import Foundation
import Harness

/// `harmonix bench`: speed benchmarks of the organisms, each interleaved with its peer in the same
/// command (the measuring is in `Harness/Bench`; this only parses, calls and prints).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark the organisms against their peers, interleaved (release builds only).",
        discussion: """
            Every bench runs ours and its peer in turn (ours, peer, ours, peer …) after warm-up rounds, \
            and prints medians with their spread, each ratio (> 1: ours is better) with its seeded \
            bootstrap 95% interval, the CPU, its flags, the clock measured in the same command and the \
            load average before and after. --json prints one JSON object on stdout instead; progress \
            goes to stderr. Benchmarks/run_all.sh runs all four into Benchmarks/results/<cpu>/.
            """,
        subcommands: [
            BenchHaiku.self,
            BenchSonnet.self,
            BenchProse.self,
            BenchCascade.self,
            BenchSlug.self,
        ])
}

/// `harmonix bench slug`: this CPU's folder name under Benchmarks/results (used by Benchmarks/run_all.sh).
struct BenchSlug: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slug", abstract: "Print this CPU's results folder name (e.g. amd-epyc-9r14-f25m17).")

    func run() {
        print(MachineFacts.current(measureClock: false).slug)
    }
}

/// `--runs`, `--warmup` and `--json`, shared by every bench.
struct BenchRunOptions: ParsableArguments {
    @Option(help: "Measured runs per side (interleaved with the peer's).")
    var runs = 5

    @Option(help: "Warm-up rounds per side, discarded.")
    var warmup = 1

    @Flag(help: "Print one JSON object on stdout (progress stays on stderr).")
    var json = false

    func validate() throws {
        if runs < 1 { throw ValidationError("--runs must be at least 1, got \(runs).") }
        if warmup < 0 { throw ValidationError("--warmup must be ≥ 0, got \(warmup).") }
    }
}

/// Printing shared by the bench commands.
enum BenchOutput {
    /// Benchmarks mean release builds (overview §3); a debug build's figures are 10–40× slower and
    /// say nothing about the product, so it is said on stderr before anything is measured.
    static func warnIfDebugBuild() {
        #if DEBUG
        progress("Warning: this is a debug build; benchmark figures need `swift run -c release harmonix bench …`.")
        #endif
    }

    static func progress(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func emit(_ report: BenchReport, json: Bool) throws {
        if json {
            print(try report.json())
            // In the JSON too, and said where a person reading the progress sees it.
            report.warnings?.forEach { progress("Warning: " + $0) }
        } else {
            BenchText.lines(report).forEach { print($0) }
        }
    }

}

/// `--original DIR`, `--original-python`, `--skip-original` of `bench haiku|sonnet`.
struct OriginalPeerOptions: ParsableArguments {
    @Option(name: .customLong("original"), help: "Folder of the original harmonix (default: ../shared/peers/harmonix-ac8718f when it exists).")
    var directory: String?

    @Option(help: "Python of the original's virtual environment (Benchmarks/setup_original.sh).")
    var originalPython = ".venv-original/bin/python"

    @Flag(help: "Do not time the original.")
    var skipOriginal = false

    /// The original Python organisms' folder: the option, else the default when it exists (nil: skipped).
    func folder() throws -> String? {
        if skipOriginal { return nil }
        if let directory {
            guard FileManager.default.fileExists(atPath: directory) else {
                throw ValidationError("--original \(directory) does not exist; give the folder of the original harmonix peer or --skip-original.")
            }
            return directory
        }
        let fallback = "../shared/peers/harmonix-ac8718f"
        if FileManager.default.fileExists(atPath: fallback) { return fallback }
        BenchOutput.progress("Note: no original harmonix peer at \(fallback) (give --original DIR); the original is not timed.")
        return nil
    }
}
