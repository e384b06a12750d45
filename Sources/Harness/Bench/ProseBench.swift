import Foundation
import Prose

/// `harmonix bench prose`: our Llama engine against llama.cpp (llama-cpp-python,
/// `Benchmarks/llama_cpp_bench.py`) on the same GGUF, prompt, token count and threads, interleaved.
/// Each round decodes `tokens` tokens greedily (end-of-generation ignored so both sides decode the
/// same count); a llama.cpp round is one process (load, its own 16-token warm-up, one timed run).
/// Ratios `decode` and `prompt` = our tokens/s ÷ llama.cpp's, per round.
public struct ProseBench: Sendable {
    public var modelPath: String
    public var prompt: String
    public var tokens: Int
    public var threads: Int
    public var runs: Int
    public var warmup: Int
    /// nil = llama.cpp is skipped.
    public var llamaCpp: PeerProcess?

    public init(modelPath: String, prompt: String, tokens: Int, threads: Int, runs: Int, warmup: Int, llamaCpp: PeerProcess?) {
        self.modelPath = modelPath
        self.prompt = prompt
        self.tokens = tokens
        self.threads = threads
        self.runs = runs
        self.warmup = warmup
        self.llamaCpp = llamaCpp
    }

    public static func llamaCppPeer(python: String, script: String) -> PeerProcess {
        PeerProcess(name: "llama.cpp", python: python, script: script, setupScript: "Benchmarks/setup_llama_cpp.sh")
    }

    /// Use the AVX2 int8 matvecs even where AVX-512 VNNI exists (same results), for a Zen-1-like path.
    public static func disableVNNI() { KernelInfo.setVNNI(false) }

    public func run(progress: (String) -> Void) async throws -> BenchReport {
        guard runs >= 1, warmup >= 0, tokens >= 2, threads >= 1, !prompt.isEmpty else {
            throw BenchError.invalidSetting("bench prose needs runs ≥ 1, warm-up ≥ 0, tokens ≥ 2, threads ≥ 1 and a prompt; "
                + "got runs \(runs), warm-up \(warmup), tokens \(tokens), threads \(threads).")
        }
        try llamaCpp?.requireAvailable()
        let engine = try LlamaEngine(modelPath: modelPath, threads: threads)
        var machine = BenchMachine.probe()
        progress("machine: \(machine.facts.label); load \(BenchText.load(machine.loadBefore))")
        progress("model: \(engine.modelDescription); kernels: \(KernelInfo.description)")
        _ = try engine.generate(prompt: prompt, maxTokens: 16, temperature: 0, seed: 0)   // first touch of the weights

        let sides = llamaCpp == nil ? ["ours"] : ["ours", "llama.cpp"]
        var text = ""
        let rounds = try await Interleaving.run(sides: sides, warmup: warmup, runs: runs, progress: progress) { slot in
            if slot.side == 0 {
                let g = try engine.generate(prompt: prompt, maxTokens: tokens, temperature: 0, seed: 0, stopAtEndOfGeneration: false)
                text = g.text
                return ["prompt_tok_s": Double(g.promptTokens.count) / g.promptSeconds,
                        "decode_tok_s": Double(max(g.tokens.count - 1, 1)) / g.decodeSeconds]
            }
            guard let llamaCpp else { return [:] }
            let out = try llamaCpp.run(["--model", modelPath, "--prompt", prompt, "--tokens", String(tokens), "--threads", String(threads)])
            return ["prompt_tok_s": try llamaCpp.number(out, "prompt_tok_s"), "decode_tok_s": try llamaCpp.number(out, "decode_tok_s")]
        }
        machine.loadAfter = MachineFacts.loadAverage()
        let memory = ProcessMemory.current()
        let fileSize = engine.model.file.fileSize

        func figures(_ side: Int) throws -> [String: BenchValue] {
            ["decode_tok_s": .sample(try BenchSample(Interleaving.column(rounds[side], "decode_tok_s"), unit: "tok/s")),
             "prompt_tok_s": .sample(try BenchSample(Interleaving.column(rounds[side], "prompt_tok_s"), unit: "tok/s"))]
        }
        var ours = try figures(0)
        ours["vmhwm_mib"] = .number(Double(memory.hwm) / 1_048_576)
        ours["model_file_mib"] = .number(Double(fileSize) / 1_048_576)
        ours["kernels"] = .text(KernelInfo.description)
        var ratio: [String: BenchRatio] = [:], peer: [String: BenchValue] = [:]
        if sides.count > 1 {
            peer = try figures(1)
            let bootstrap = Bootstrap(seed: 0x5EED)
            for name in ["decode", "prompt"] {
                ratio[name] = try .rate(ours: Interleaving.column(rounds[0], "\(name)_tok_s"),
                                        peer: Interleaving.column(rounds[1], "\(name)_tok_s"), bootstrap: bootstrap)
            }
        }
        return BenchReport(
            bench: "prose", machine: machine, runs: runs,
            settings: ["warmup_rounds": String(warmup), "model": (modelPath as NSString).lastPathComponent, "threads": String(threads), "tokens": String(tokens),
                       "prompt": prompt, "text": text,
                       "peer": llamaCpp == nil ? "skipped" : "llama.cpp via llama-cpp-python (Benchmarks/llama_cpp_bench.py)"],
            ours: ours, peer: peer, ratio: ratio,
            warnings: BenchReport.noiseWarnings([("ours", ours), ("llama.cpp", peer)], keys: ["decode_tok_s", "prompt_tok_s"]))
    }
}
