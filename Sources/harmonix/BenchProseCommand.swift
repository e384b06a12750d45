import ArgumentParser
import Foundation
import Harness

/// `harmonix bench prose`: the Swift Llama engine against llama.cpp on the same GGUF and threads, interleaved.
struct BenchProse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prose",
        abstract: "Time Prose's Llama engine (prompt and greedy decode tokens/s) against llama.cpp.",
        discussion: """
            Each round decodes --tokens tokens greedily from --prompt: ours, then llama.cpp \
            (Benchmarks/llama_cpp_bench.py in the environment made by Benchmarks/setup_llama_cpp.sh, one \
            process per round), same GGUF and --threads. Ratios decode and prompt = our tokens/s / llama.cpp's.
            """)

    @OptionGroup var run: BenchRunOptions
    @OptionGroup var prose: ProseModelOption
    @OptionGroup var data: DataOptions
    @Option(help: "Prompt to continue.") var prompt = "The field resonates."
    @Option(help: "Tokens to decode (greedy).") var tokens = 256
    @Option(help: "Matvec threads (llama.cpp gets the same).") var threads = 2
    @Option(help: "Python of the llama-cpp-python virtual environment.") var llamaPython = ".venv-llama-cpp/bin/python"
    @Option(help: "The llama.cpp peer script.") var llamaScript = "Benchmarks/llama_cpp_bench.py"
    @Flag(help: "Do not run llama.cpp.") var skipLlamaCpp = false
    @Flag(help: "Use the AVX2 int8 matvecs even where AVX-512 VNNI exists (same results).") var noVnni = false

    func validate() throws {
        if tokens < 2 { throw ValidationError("--tokens must be at least 2, got \(tokens).") }
        if threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads).") }
    }

    func run() async throws {
        BenchOutput.warnIfDebugBuild()
        if noVnni { ProseBench.disableVNNI() }
        let path = try data.resolver.locate(.proseModel, explicit: prose.model, origin: "--model").path
        let bench = ProseBench(modelPath: path, prompt: prompt, tokens: tokens, threads: threads, runs: run.runs, warmup: run.warmup,
                               llamaCpp: skipLlamaCpp ? nil : ProseBench.llamaCppPeer(python: llamaPython, script: llamaScript))
        let report = try await bench.run(progress: BenchOutput.progress)
        try BenchOutput.emit(report, json: run.json)
    }
}
