import ArgumentParser
import Foundation
import Harness

/// `harmonix generate`: one inference engine alone — continue raw text, no field, no formatting.
/// The model file's format picks the engine: a ZIP (`.npz`, Sonnet's NanoGPT) or GGUF (Prose).
struct Generate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Continue a prompt with one engine alone (NanoGPT .npz or GGUF), printing only the continuation.",
        discussion: """
            Temperature 0 takes the argmax at every step (greedy). The NanoGPT always produces exactly \
            --max-tokens characters from its 65-character vocabulary; a GGUF model stops earlier at its \
            end-of-generation token and samples with llama.cpp's default chain (top-k 40, top-p 0.95, \
            min-p 0.05, temperature). Its greedy output matches llama.cpp token for token.
            """)

    @Option(name: .long, help: "Model file: shakespeare_gpt.npz (Sonnet) or a .gguf (Prose).")
    var model: String

    @Option(name: .long, help: "Text to continue.")
    var prompt: String

    @Option(name: .long, help: "New tokens to generate.")
    var maxTokens: Int = 200

    @Option(name: .long, help: "Sampling temperature; 0 = greedy argmax.")
    var temperature: Double = 0.8

    @Option(name: .long, help: "Seed of the sampling stream.")
    var seed: UInt64 = 42

    @Option(name: .long, help: "Threads for the GGUF matvecs (the NanoGPT kernel is single-threaded).")
    var threads: Int = 1

    func validate() throws {
        if maxTokens < 0 { throw ValidationError("--max-tokens must be ≥ 0, got \(maxTokens).") }
        if temperature < 0 { throw ValidationError("--temperature must be ≥ 0, got \(temperature).") }
        if threads < 1 { throw ValidationError("--threads must be ≥ 1, got \(threads).") }
        if prompt.isEmpty { throw ValidationError("--prompt must not be empty.") }
    }

    func run() async throws {
        // A refused model path (missing, a directory, another format) is a SingleOrganismError:
        // ArgumentParser prints "Error: …" and exits 1.
        print(try SingleOrganism.generate(model: model, prompt: prompt, maxTokens: maxTokens, temperature: temperature,
                                          seed: seed, threads: threads, warn: printError))
    }
}
