import Foundation
import HarmonixCore
import Sonnet

/// `harmonix bench sonnet`: our NanoGPT generating `chars` characters from "\n" (one thread),
/// interleaved with the numpy peer (`Benchmarks/sonnet_numpy.py`, one BLAS thread) and the original
/// Python Sonnet (`sonnet_bench.py` of the peer folder), each peer run one process generating the
/// same number of characters. Ratios: `generation` = numpy / ours, `generation_vs_original` =
/// original / ours, per round. Also our GFLOP/s and the single-core FMA peaks (256-bit, and 512-bit
/// when the CPU has it), probed in the same command; `peak_share` is against the peak of the GEMM
/// path in use (`gemm_path`).
public struct SonnetBench: Sendable {
    public var weightsPath: String
    public var runs: Int
    public var warmup: Int
    public var chars: Int
    public var temperature: Double
    public var fullLastLayer: Bool
    /// nil = the numpy peer is skipped.
    public var numpy: PeerProcess?
    /// nil = the original is skipped.
    public var original: PeerProcess?

    public init(weightsPath: String, runs: Int, warmup: Int, chars: Int, temperature: Double, fullLastLayer: Bool,
                numpy: PeerProcess?, original: PeerProcess?) {
        self.weightsPath = weightsPath
        self.runs = runs
        self.warmup = warmup
        self.chars = chars
        self.temperature = temperature
        self.fullLastLayer = fullLastLayer
        self.numpy = numpy
        self.original = original
    }

    /// The numpy peer with one BLAS thread (our kernel is single-threaded).
    public static func numpyPeer(python: String, script: String) -> PeerProcess {
        PeerProcess(name: "numpy", python: python, script: script, setupScript: "pip install numpy (or Benchmarks/setup_original.sh)",
                    environment: ["OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"])
    }

    /// The original Sonnet's driver, as its README asks: one BLAS thread, no core-type overrides.
    public static func originalPeer(python: String, folder: String, weightsPath: String) -> PeerProcess {
        PeerProcess(name: "original Sonnet", python: python, script: (folder as NSString).appendingPathComponent("sonnet_bench.py"),
                    setupScript: "Benchmarks/setup_original.sh",
                    environment: ["OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "HARMONIX_SONNET_WEIGHTS": weightsPath],
                    unsetVariables: ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"])
    }

    public func run(progress: (String) -> Void) async throws -> BenchReport {
        guard runs >= 1, warmup >= 0, chars >= 1, temperature >= 0 else {
            throw BenchError.invalidSetting("bench sonnet needs runs ≥ 1, warm-up ≥ 0, chars ≥ 1 and temperature ≥ 0; "
                + "got runs \(runs), warm-up \(warmup), chars \(chars), temperature \(temperature).")
        }
        try numpy?.requireAvailable()
        try original?.requireAvailable()
        let weights = try SonnetWeights(contentsOf: weightsPath)
        let model = try NanoGPT(weights: weights, skipUnusedLastLayerRows: !fullLastLayer)
        var machine = BenchMachine.probe()
        progress("machine: \(machine.facts.label); load \(BenchText.load(machine.loadBefore))")
        // The peak of the widest vectors the GEMM path in use runs: a 512-bit kernel is measured
        // against the 512-bit peak (on two-port Intel cores twice the 256-bit one), never the lower.
        let gemmPath = SonnetGemmPath.current
        let peak256 = MachineFacts.measureFMAPeakGFLOPS()
        let peak512 = MachineFacts.measureFMA512PeakGFLOPS()
        let peak = gemmPath == .avx512 ? (peak512 ?? 0) : peak256
        progress("GEMM path \(gemmPath.rawValue); FMA peak 256-bit \(String(format: "%.1f", peak256)) GFLOP/s"
            + (peak512.map { ", 512-bit \(String(format: "%.1f", $0)) GFLOP/s" } ?? ", no 512-bit FMA"))

        var sides = ["ours"]
        if numpy != nil { sides.append("numpy") }
        if original != nil { sides.append("original") }
        var rng = SeededGenerator(seed: 7)
        let rounds = try await Interleaving.run(sides: sides, warmup: warmup, runs: runs, progress: progress) { slot in
            switch sides[slot.side] {
            case "ours":
                let cpu = ProcessCPUTime.seconds()
                let watch = Stopwatch()
                _ = try model.generate(prompt: "\n", maxTokens: chars, temperature: temperature, rng: &rng)
                return ["seconds": watch.elapsed, "cpu_seconds": ProcessCPUTime.seconds() - cpu]
            case "numpy":
                guard let numpy else { return [:] }
                let out = try numpy.run(["--weights", weightsPath, "--runs", "1", "--tokens", String(chars),
                                         "--temperature", String(temperature), "--seed", String(42 + slot.round)])
                return ["seconds": try numpy.numbers(out, "seconds")[0], "cpu_seconds": try numpy.numbers(out, "cpu_seconds")[0]]
            default:
                guard let original else { return [:] }
                let out = try original.run(["--runs", "1", "--tokens", String(chars), "--temp", String(temperature),
                                            "--seed", String(slot.round)])
                return ["seconds": try original.numbers(out, "seconds")[0]]
            }
        }
        machine.loadAfter = MachineFacts.loadAverage()

        let ourSeconds = Interleaving.column(rounds[0], "seconds")
        let flops = SonnetFlops.generation(chars: chars, skipLast: !fullLastLayer)
        let ourSample = try BenchSample(ourSeconds, unit: "s", name: "our generation times")
        var ours: [String: BenchValue] = [
            "seconds": .sample(ourSample),
            "cpu_seconds": .sample(try BenchSample(Interleaving.column(rounds[0], "cpu_seconds"), unit: "s")),
            "ms_per_char": .number(ourSample.median * 1e3 / Double(chars)),
            "gflop": .number(flops / 1e9),
            "gflops": .number(flops / ourSample.median / 1e9),
            "peak_gflops": .number(peak),
            "peak_gflops_256": .number(peak256),
            "gemm_path": .text(gemmPath.rawValue),
        ]
        if let peak512 { ours["peak_gflops_512"] = .number(peak512) }
        let peakShare = flops / ourSample.median / 1e9 / peak
        ours["peak_share"] = .number(peakShare)
        // Like against like: the probe reports its best of 8 runs, so also our fastest run against it
        // (the median above is the headline; on a busy host the two move apart).
        ours["peak_share_best"] = .number(flops / ourSample.min / 1e9 / peak)
        // Where the forward pass spends its time: one more generation with the section clock
        // attached (not a timed round). The element-wise sections' share bounds the peak share.
        let profile = ForwardProfile()
        model.profile = profile
        _ = try model.generate(prompt: "\n", maxTokens: chars, temperature: temperature, rng: &rng)
        model.profile = nil
        let shares = profile.shares
        for section in ForwardProfile.Section.allCases {
            ours["time_share_\(section.name)"] = .number(shares[section] ?? 0)
        }
        ours["time_share_elementwise"] = .number(profile.elementwiseShare)
        ours["peak_share_elementwise_free"] = .number(profile.elementwiseFreeBound(peakShare: peakShare))
        progress("time per kind of work: " + ForwardProfile.Section.allCases.map {
            "\($0.name) \(String(format: "%.1f", 100 * (shares[$0] ?? 0)))%"
        }.joined(separator: ", ") + String(format: "; peak share %.1f%%, at most %.1f%% if GELU, softmax and LayerNorm took no time",
                                           100 * peakShare, 100 * profile.elementwiseFreeBound(peakShare: peakShare)))
        // On a shared machine wall time includes waiting for a core; CPU time does not.
        let ourCPU = Interleaving.column(rounds[0], "cpu_seconds")
        ours["gflops_cpu"] = .number(flops / Quantiles.median(ourCPU) / 1e9)
        let bootstrap = Bootstrap(seed: 0x5EED)
        var ratio: [String: BenchRatio] = [:]
        var peer: [String: BenchValue] = [:]
        var originalFigures: [String: BenchValue]?
        for (index, side) in sides.enumerated().dropFirst() {
            let seconds = Interleaving.column(rounds[index], "seconds")
            let sample: [String: BenchValue] = ["seconds": .sample(try BenchSample(seconds, unit: "s", name: "\(side) times")),
                                                "ms_per_char": .number(Quantiles.median(seconds) * 1e3 / Double(chars))]
            if side == "numpy" {
                peer = sample
                ratio["generation"] = try .time(peer: seconds, ours: ourSeconds, bootstrap: bootstrap)
                let cpu = Interleaving.column(rounds[index], "cpu_seconds")
                peer["cpu_seconds"] = .sample(try BenchSample(cpu, unit: "s", name: "numpy CPU times"))
                ratio["generation_cpu"] = try .time(peer: cpu, ours: ourCPU, bootstrap: bootstrap)
            } else {
                originalFigures = sample
                ratio["generation_vs_original"] = try .time(peer: seconds, ours: ourSeconds, bootstrap: bootstrap)
            }
        }
        return BenchReport(
            bench: "sonnet", machine: machine, runs: runs,
            settings: ["chars": String(chars), "warmup_rounds": String(warmup), "temperature": String(temperature), "threads": "1",
                       "peer": "numpy + OpenBLAS, 1 thread (Benchmarks/sonnet_numpy.py)",
                       "original": original == nil ? "skipped" : "original sonnet.py SonnetGenerator.generate, 1 BLAS thread",
                       "last_layer": fullLastLayer ? "full" : "one row"],
            ours: ours, peer: peer, original: originalFigures, ratio: ratio,
            warnings: BenchReport.noiseWarnings([("ours", ours), ("numpy", peer), ("original", originalFigures ?? [:])],
                                                keys: ["seconds"]))
    }
}

/// CPU seconds (user + system) this process has used, all threads.
public enum ProcessCPUTime {
    public static func seconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
