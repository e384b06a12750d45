import ArgumentParser
import Foundation
import HarmonixCore
import Harness
import Sonnet

/// `harmonix bench sonnet`: the NanoGPT generation speed next to our numpy peer, same run.
///
/// Generates 800 characters from "\n" `--runs` times after a warm-up and prints the median per
/// generation and per character (wall and CPU time), then runs `Benchmarks/sonnet_numpy.py`
/// (one BLAS thread) on the same weights and prints the ratio of the medians.
struct BenchSonnet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sonnet",
        abstract: "Benchmark the Sonnet NanoGPT (800 characters, one thread) against the numpy peer.")

    @OptionGroup var options: BenchSonnetOptions

    func run() async throws {
        BenchFigures.warnIfDebugBuild()
        try options.execute()
    }
}

struct BenchSonnetOptions: ParsableArguments {
    @Option(name: .long, help: "Weights (default: $HARMONIX_SONNET_WEIGHTS, HARMONIX_HOME/sonnet/state/, Models/, ../shared/data/sonnet/).")
    var weights: String?

    @OptionGroup var data: DataOptions

    @Option(name: .long, help: "Measured generations (after one warm-up).")
    var runs: Int = 10

    @Option(name: .long, help: "Characters per generation.")
    var chars: Int = 800

    @Option(name: .long, help: "Sampling temperature.")
    var temperature: Double = 0.8

    @Option(name: .long, help: "numpy peer generations (0 skips the peer).")
    var numpyRuns: Int = 3

    @Option(name: .long, help: "The numpy peer script.")
    var numpyScript: String = "Benchmarks/sonnet_numpy.py"

    @Option(name: .long, help: "Python interpreter for the peer.")
    var python: String = "python3"

    @Flag(name: .long, help: "Compute every row of the last layer (no skipping), to measure what skipping saves.")
    var fullLastLayer = false

    func validate() throws {
        if runs < 1 { throw ValidationError("--runs must be ≥ 1, got \(runs).") }
        if chars < 1 { throw ValidationError("--chars must be ≥ 1, got \(chars).") }
        if numpyRuns < 0 { throw ValidationError("--numpy-runs must be ≥ 0, got \(numpyRuns).") }
        if temperature < 0 { throw ValidationError("--temperature must be ≥ 0, got \(temperature).") }
    }

    func execute() throws {
        let path = try data.resolver.locate(.sonnetWeights, explicit: weights, origin: "--weights").path
        let weightsValue = try SonnetWeights(contentsOf: path)
        let model = try NanoGPT(weights: weightsValue, skipUnusedLastLayerRows: !fullLastLayer)
        print("Sonnet NanoGPT benchmark: \(chars) characters from \"\\n\", temperature \(temperature), 1 thread")
        print("weights: \(path) (\(weightsValue.parameterCount) parameters)")
        print("load before: load average \(BenchFigures.loadAverage())")

        var rng = SeededGenerator(seed: 7)
        _ = try model.generate(prompt: "\n", maxTokens: chars, temperature: temperature, rng: &rng)   // warm-up
        var wall: [Double] = [], cpu: [Double] = []
        for _ in 0..<runs {
            let c0 = BenchFigures.processCPUSeconds()
            let watch = Stopwatch()
            _ = try model.generate(prompt: "\n", maxTokens: chars, temperature: temperature, rng: &rng)
            wall.append(watch.elapsed)
            cpu.append(BenchFigures.processCPUSeconds() - c0)
        }
        let medianWall = BenchFigures.median(wall), medianCPU = BenchFigures.median(cpu)
        let flops = Self.forwardFlops(chars: chars, skipLast: !fullLastLayer)
        print(String(format: "swift : median %.1f ms per generation (wall), %.3f ms per character; CPU %.1f ms; "
            + "min..max wall %.1f..%.1f ms over %d runs", medianWall * 1e3, medianWall * 1e3 / Double(chars),
            medianCPU * 1e3, (wall.min() ?? 0) * 1e3, (wall.max() ?? 0) * 1e3, runs))
        print(String(format: "        %.1f GFLOP per generation -> %.1f GFLOP/s (wall), %.1f GFLOP/s (CPU)",
            flops / 1e9, flops / medianWall / 1e9, flops / medianCPU / 1e9))
        print("load after swift: load average \(BenchFigures.loadAverage())")

        guard numpyRuns > 0 else { return }
        let peer = try runPeer(weightsPath: path)
        guard !peer.wall.isEmpty else { return }
        let medianPeer = BenchFigures.median(peer.wall), medianPeerCPU = (peer.cpu.isEmpty ? .nan : BenchFigures.median(peer.cpu))
        print(String(format: "numpy : median %.1f ms per generation (wall), %.3f ms per character; CPU %.1f ms; over %d runs",
            medianPeer * 1e3, medianPeer * 1e3 / Double(chars), medianPeerCPU * 1e3, peer.wall.count))
        print(String(format: "ratio : swift is %.1fx faster than numpy (median wall times), %.1fx (median CPU times), same run",
            medianPeer / medianWall, medianPeerCPU / medianCPU))
        print("load after numpy: load average \(BenchFigures.loadAverage())")
    }

    /// Useful multiply-adds × 2 of `chars` steps from a 1-character prompt, window ≤ 64 (spec
    /// §1.4): linear layers, causal attention (only the visible keys), the head for one row.
    static func forwardFlops(chars: Int, skipLast: Bool) -> Double {
        let c = 128.0, f = 512.0, heads = 4.0, d = 32.0
        var total = 0.0
        for step in 0..<chars {
            let t = Double(min(step + 1, 64))
            let attention = heads * 2 * (t * (t + 1) / 2) * d        // S = QKᵀ and P·V, causal
            let full = t * c * 3 * c + attention + t * c * c + 2 * t * c * f
            let last = skipLast ? t * c * 2 * c + c * c + heads * 2 * t * d + c * c + 2 * c * f : full
            total += 3 * full + last + c * 65
        }
        return 2 * total
    }

    private func runPeer(weightsPath: String) throws -> (wall: [Double], cpu: [Double]) {
        guard FileManager.default.fileExists(atPath: numpyScript) else {
            FileHandle.standardError.write(Data("Warning: numpy peer \(numpyScript) not found; run from the repository root. Peer skipped.\n".utf8))
            return ([], [])
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, numpyScript, "--weights", weightsPath, "--runs", String(numpyRuns),
                             "--tokens", String(chars), "--temperature", String(temperature)]
        var env = ProcessInfo.processInfo.environment
        env["OPENBLAS_NUM_THREADS"] = "1"
        env["OMP_NUM_THREADS"] = "1"
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            FileHandle.standardError.write(Data("Warning: numpy peer exited with status \(process.terminationStatus); peer skipped.\n".utf8))
            return ([], [])
        }
        var seconds: [Double] = [], cpuSeconds: [Double] = []
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
            if let s = object["seconds"] as? Double { seconds.append(s) }
            if let s = object["cpu_seconds"] as? Double { cpuSeconds.append(s) }
            if let core = object["corename"] as? String {
                print("numpy : OpenBLAS core \(core), numpy \(object["numpy"] as? String ?? "?"), OPENBLAS_NUM_THREADS=1")
            }
        }
        return (seconds, cpuSeconds)
    }
}
