import ArgumentParser
import Foundation
import HarmonixCore
import Prose
import Sonnet

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
        switch try ModelFileFormat.detect(path: model) {
        case .npz:
            if threads > 1 {
                FileHandle.standardError.write(Data("Warning: the NanoGPT kernel runs on one thread; --threads \(threads) ignored.\n".utf8))
            }
            try CPUFeatures.requireKernelSupport()
            let engine = try SonnetEngine(weightsPath: model)
            var rng = SeededGenerator(seed: seed)
            let text = try engine.generateBlocking(prompt: prompt, maxTokens: maxTokens, temperature: temperature, rng: &rng)
            // The engine returns prompt + continuation; print the continuation only.
            print(String(text.unicodeScalars.dropFirst(prompt.unicodeScalars.count)))
        case .gguf:
            try CPUFeatures.requireKernelSupport()
            let engine = try LlamaEngine(modelPath: model, threads: threads)
            print(try engine.complete(prompt: prompt, maxTokens: maxTokens, temperature: Float(temperature), seed: seed))
        }
    }
}

/// Which engine a model file belongs to, from its first bytes (not its name).
enum ModelFileFormat {
    case npz
    case gguf

    struct Failure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    static func detect(path: String) throws -> ModelFileFormat {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Failure(message: "Model file not found: \(path) - while choosing the engine. Check --model.")
        }
        defer { try? handle.close() }
        let magic = [UInt8](handle.readData(ofLength: 4))
        if magic == [0x50, 0x4B, 0x03, 0x04] { return .npz }       // "PK\3\4": a ZIP archive
        if magic == Array("GGUF".utf8) { return .gguf }
        throw Failure(message: "Unknown model format: first bytes \(magic.map { String(format: "%02x", $0) }.joined()) "
            + "- while choosing the engine for \(path). Give a NanoGPT .npz or a GGUF file.")
    }
}
