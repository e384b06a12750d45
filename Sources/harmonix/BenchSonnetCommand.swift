import ArgumentParser
import Foundation
import Harness

/// `harmonix bench sonnet`: the NanoGPT generation against the numpy peer and the original Sonnet, interleaved.
struct BenchSonnet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sonnet",
        abstract: "Time the Sonnet NanoGPT (one thread) against the numpy peer and the original Python Sonnet.",
        discussion: """
            Every side generates --chars characters from "\\n" per round, in turn: ours, numpy \
            (Benchmarks/sonnet_numpy.py, OPENBLAS_NUM_THREADS=1), original (sonnet_bench.py in the venv of \
            Benchmarks/setup_original.sh). Ratios generation = numpy / ours and generation_vs_original = \
            original / ours; our GFLOP/s is printed next to the single-core FMA peaks probed in the same command \
            (256-bit, and 512-bit on CPUs with AVX-512 F); peak_share is against the peak of the GEMM path in use \
            (gemm_path: avx512 where the CPU has AVX-512 F, else avx2; HARMONIX_SONNET_GEMM_PATH=avx2|avx512 forces one);             peak_share uses our median run, peak_share_best our fastest (the probe itself keeps its best of 8 runs).

            After the timed rounds, one more generation (untimed against the peers) runs with a cycle             counter between the forward pass's sections: time_share_linear (products with the weights),             time_share_attention_products, time_share_gelu, time_share_softmax, time_share_layer_norm,             time_share_keys_transpose, time_share_embedding. GELU, softmax and LayerNorm do no counted FLOPs             but use the same vector ports as the GEMMs; peak_share_elementwise_free = peak_share / (1 − their             share) is the share the run would reach were they free, everything else as measured.
            """)

    @OptionGroup var run: BenchRunOptions

    @OptionGroup var sonnet: SonnetWeightsOption

    @OptionGroup var data: DataOptions

    @Option(help: "Characters per generation (all sides; 800 is what sonnet/chat.py generates per turn).")
    var chars = 200

    @Option(help: "Sampling temperature.")
    var temperature = 0.8

    @Option(help: "The numpy peer script.")
    var numpyScript = "Benchmarks/sonnet_numpy.py"

    @Option(help: "Python interpreter of the numpy peer (needs numpy).")
    var python = "python3"

    @Flag(help: "Do not run the numpy peer.")
    var skipNumpy = false

    @OptionGroup var original: OriginalPeerOptions

    @Flag(help: "Compute every row of the last layer (no skipping), to measure what skipping saves.")
    var fullLastLayer = false

    func validate() throws {
        if chars < 1 { throw ValidationError("--chars must be ≥ 1, got \(chars).") }
        if temperature < 0 { throw ValidationError("--temperature must be ≥ 0, got \(temperature).") }
    }

    func run() async throws {
        BenchOutput.warnIfDebugBuild()
        let path = try data.resolver.locate(.sonnetWeights, explicit: sonnet.weights, origin: "--weights").path
        let bench = SonnetBench(
            weightsPath: path, runs: run.runs, warmup: run.warmup, chars: chars, temperature: temperature,
            fullLastLayer: fullLastLayer,
            numpy: skipNumpy ? nil : SonnetBench.numpyPeer(python: python, script: numpyScript),
            original: try original.folder().map {
                SonnetBench.originalPeer(python: original.originalPython, folder: $0, weightsPath: path)
            })
        let report = try await bench.run(progress: BenchOutput.progress)
        try BenchOutput.emit(report, json: run.json)
    }
}
