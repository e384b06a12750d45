import ArgumentParser
import Foundation
import Harness
import Prose

/// `harmonix bench prose`: decode speed of the Swift Llama engine next to llama.cpp (llama-cpp-python)
/// on the same GGUF file and thread count. Printing only; the work is in `Prose`.
struct BenchProse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prose",
        abstract: "Time Prose's Llama engine (prompt and greedy decode tokens/s) against llama.cpp.",
        discussion: """
            Decodes --tokens tokens greedily from --prompt after one warm-up run, then runs \
            Benchmarks/llama_cpp_bench.py with the Python of the llama-cpp-python environment made by \
            Benchmarks/setup_llama_cpp.sh (skipped with a warning when it is missing). Prints tokens/s, \
            the ratio to llama.cpp, the speed of the Swift-only reference kernels, the resident memory \
            and the load average.
            """)

    @Option(help: "GGUF model file (default: $HARMONIX_PROSE_MODEL, else Models/SmolLM2-135M-Instruct.Q4_1.gguf).")
    var model: String?
    @OptionGroup var data: DataOptions
    @Option(help: "Prompt to continue.") var prompt = "The field resonates."
    @Option(help: "Tokens to decode (greedy).") var tokens = 256
    @Option(help: "Matvec threads (llama.cpp gets the same).") var threads = 2
    @Option(help: "Python of the llama-cpp-python virtual environment.") var llamaPython = ".venv-llama-cpp/bin/python"
    @Option(help: "Tokens decoded with the Swift reference kernels (0 = skip).") var referenceTokens = 32
    @Flag(help: "Do not run llama.cpp.") var skipLlamaCpp = false
    @Flag(help: "Use the AVX2 int8 matvecs even where AVX-512 VNNI exists (same results).") var noVnni = false

    func run() async throws {
        BenchFigures.warnIfDebugBuild()
        if noVnni { KernelInfo.setVNNI(false) }
        let model = try data.resolver.locate(.proseModel, explicit: self.model, origin: "--model").path
        let engine = try LlamaEngine(modelPath: model, threads: threads)
        print("model:   \(engine.modelDescription)")
        print("kernels: \(KernelInfo.description)")
        print("threads: \(threads)   prompt: \(prompt.debugDescription)   decode: \(tokens) tokens (greedy, end-of-generation tokens ignored so both engines decode the same count)")
        _ = try engine.generate(prompt: prompt, maxTokens: 16, temperature: 0, seed: 0)   // warm-up
        let g = try engine.generate(prompt: prompt, maxTokens: tokens, temperature: 0, seed: 0, stopAtEndOfGeneration: false)
        let swiftPrompt = Double(g.promptTokens.count) / g.promptSeconds
        let swiftDecode = Double(max(g.tokens.count - 1, 1)) / g.decodeSeconds
        let memory = ProcessMemory.current()   // before the reference engine maps the file a second time
        print("")
        print(row("engine", "prompt tok/s", "decode tok/s", "tokens", "load"))
        print(row("swift (C int8 kernels)", fmt(swiftPrompt), fmt(swiftDecode), "\(g.tokens.count)", "load " + BenchFigures.loadAverage()))

        if referenceTokens > 0 {
            let reference = try LlamaEngine(modelPath: model, threads: threads, contextLength: nil, useFastKernels: false)
            let r = try reference.generate(prompt: prompt, maxTokens: referenceTokens, temperature: 0, seed: 0, stopAtEndOfGeneration: false)
            print(row("swift (Swift reference kernels)", fmt(Double(r.promptTokens.count) / r.promptSeconds),
                      fmt(Double(max(r.tokens.count - 1, 1)) / r.decodeSeconds), "\(r.tokens.count)", "load " + BenchFigures.loadAverage()))
        }

        var llamaDecode: Double?
        if !skipLlamaCpp {
            if let result = runLlamaCpp(model: model) {
                llamaDecode = result.decode
                print(row("llama.cpp (llama-cpp-python)", fmt(result.prompt), fmt(result.decode), "\(result.tokens)", "load " + BenchFigures.loadAverage()))
            }
        }
        print("")
        if let llamaDecode {
            print("decode ratio swift / llama.cpp: \(String(format: "%.2f", swiftDecode / llamaDecode))×")
        }
        let fileSize = engine.model.file.fileSize
        print("memory: VmRSS \(mib(memory.rss)) MiB, VmHWM \(mib(memory.hwm)) MiB, model file \(mib(fileSize)) MiB (HWM/file = \(String(format: "%.2f", Double(memory.hwm) / Double(max(fileSize, 1)))))")
        print("text: \(g.text.debugDescription)")
    }

    private func runLlamaCpp(model: String) -> (prompt: Double, decode: Double, tokens: Int)? {
        guard FileManager.default.isExecutableFile(atPath: llamaPython) else {
            FileHandle.standardError.write(Data("Warning: \(llamaPython) not found: run Benchmarks/setup_llama_cpp.sh to time llama.cpp too.\n".utf8))
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: llamaPython)
        process.arguments = ["Benchmarks/llama_cpp_bench.py", "--model", model, "--prompt", prompt,
                             "--tokens", "\(tokens)", "--threads", "\(threads)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch {
            FileHandle.standardError.write(Data("Warning: cannot run llama.cpp bench: \(error)\n".utf8))
            return nil
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last(where: { $0.hasPrefix("{") }),
              let json = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let p = json["prompt_tok_s"] as? Double, let d = json["decode_tok_s"] as? Double else {
            FileHandle.standardError.write(Data("Warning: llama.cpp bench failed (exit \(process.terminationStatus)).\n".utf8))
            return nil
        }
        return (p, d, json["tokens"] as? Int ?? 0)
    }

    private func row(_ a: String, _ b: String, _ c: String, _ d: String, _ e: String) -> String {
        a.padding(toLength: 34, withPad: " ", startingAt: 0) + b.leftPad(14) + c.leftPad(14) + d.leftPad(8) + "   " + e
    }

    private func fmt(_ v: Double) -> String { String(format: "%.1f", v) }
    private func mib(_ bytes: Int) -> String { String(format: "%.1f", Double(bytes) / 1_048_576) }

}

extension String {
    fileprivate func leftPad(_ n: Int) -> String { String(repeating: " ", count: max(0, n - count)) + self }
}
