import Foundation
import Testing
@testable import LlamaGGUF
@testable import Prose

/// Greedy parity with llama.cpp on the Q4_K_M file (Q4_K, Q6_K, Q5_0, Q8_0 tensors), teacher-forced:
/// our engine decodes greedily, then llama.cpp (llama-cpp-python, `Benchmarks/llama_cpp_teacher_forced.py`)
/// evaluates the same prompt ids + our tokens and reports its argmax at every position. A token of ours
/// that is not llama.cpp's argmax must be a near tie (our token's logit within `nearTie` of the top).
///
/// Needs Models/SmolLM2-135M-Instruct.Q4_K_M.gguf and the venv, both made by
/// `Benchmarks/setup_llama_cpp.sh` (env HARMONIX_PROSE_KQ_MODEL / HARMONIX_LLAMA_PYTHON override them).
@Suite(.serialized) struct LlamaCppKQuantParityTests {
    /// Logit gap (llama.cpp's top − our token) below which a disagreement counts as a near tie; the
    /// engines' float orders differ (ggml sums K-quant blocks in 8 float lanes, we sum per block, and
    /// llama.cpp's teacher-forced batch runs its GEMM kernels). Measured on a Zen 4: 116 of 120 agree,
    /// the other 4 within 0.38 (see the test's printout).
    static let nearTie = 0.5
    static let prompts = [
        "The field resonates.",
        "<|im_start|>user\nWhat is a river?<|im_end|>\n<|im_start|>assistant\n",
        "Once upon a time, in a quiet harbour town,",
        "The three laws of thermodynamics are",
        "def fibonacci(n):",
    ]

    static func required(_ env: String, _ relative: String) throws -> String {
        let path = ProcessInfo.processInfo.environment[env].flatMap { $0.isEmpty ? nil : $0 }
            ?? Fixtures.packageRoot.appendingPathComponent(relative).path
        guard FileManager.default.fileExists(atPath: path) else {
            Issue.record("Missing \(path): run Benchmarks/setup_llama_cpp.sh (it builds the llama.cpp venv and writes the Q4_K_M model), or set \(env).")
            throw Fixtures.FixtureError.missing(path)
        }
        return path
    }

    struct Forced: Decodable { let argmax: [Int]; let margin: [Double]; let gap: [Double] }
    struct Reply: Decodable { let results: [Forced] }

    static func teacherForced(python: String, model: String, sequences: [(prompt: [Int], ids: [Int])]) throws -> [Forced] {
        let request: [String: Any] = ["model": model, "threads": 2,
                                      "sequences": sequences.map { ["prompt_ids": $0.prompt, "ids": $0.ids] }]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Fixtures.packageRoot.appendingPathComponent("Benchmarks/llama_cpp_teacher_forced.py").path]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: request))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "llama_cpp_teacher_forced.py exited \(process.terminationStatus)")
        let line = try #require(String(decoding: data, as: UTF8.self).split(separator: "\n").last)
        return try JSONDecoder().decode(Reply.self, from: Data(line.utf8)).results
    }

    /// The batched prompt (K-quant rows through `prose_matmul_kquant`, Q5_0/Q8_0 through the x8 matmul)
    /// gives the token-by-token logits bit for bit on the Q4_K_M file, on every kernel path.
    @Test func batchedPromptIsBitIdenticalOnTheKQuantFile() throws {
        let model = try Self.required("HARMONIX_PROSE_KQ_MODEL", "Models/SmolLM2-135M-Instruct.Q4_K_M.gguf")
        let engine = try LlamaEngine(modelPath: model, threads: 2)
        defer { try? KernelPath.use(KernelPath.detected) }
        let ids = LlamaBatchTests.ids(engine, LlamaBatchTests.prompts[2])
        #expect(ids.count > 64)
        for path in KernelPath.supported where path != .portable {
            try KernelPath.use(path)
            let one = LlamaBatchTests.run(engine, ids, batched: false)
            let batch = LlamaBatchTests.run(engine, ids, batched: true)
            #expect(zip(one.logits, batch.logits).allSatisfy { $0.bitPattern == $1.bitPattern }, "\(path)")
            #expect(one.keys == batch.keys && one.values == batch.values, "\(path)")
        }
    }

    @Test func greedyTokensAreLlamaCppsArgmaxOrNearTies() throws {
        let model = try Self.required("HARMONIX_PROSE_KQ_MODEL", "Models/SmolLM2-135M-Instruct.Q4_K_M.gguf")
        let python = try Self.required("HARMONIX_LLAMA_PYTHON", ".venv-llama-cpp/bin/python")
        let engine = try LlamaEngine(modelPath: model, threads: 2)
        let types = Set(engine.model.file.tensors.map { GGMLType.name(ofRawType: $0.rawType) })
        #expect(types.isSuperset(of: ["Q4_K", "Q6_K"]), "the Q4_K_M file should hold K-quant tensors: \(types.sorted())")
        var sequences: [(prompt: [Int], ids: [Int])] = []
        for prompt in Self.prompts {
            let g = try engine.generate(prompt: prompt, maxTokens: 24, temperature: 0, seed: 0, stopAtEndOfGeneration: false)
            sequences.append((g.promptTokens, g.tokens))
        }
        let forced = try Self.teacherForced(python: python, model: model, sequences: sequences)
        try #require(forced.count == sequences.count)
        var agree = 0, nearTies = 0, total = 0, gaps: [Double] = []
        for (s, f) in zip(sequences, forced) {
            for (i, token) in s.ids.enumerated() {
                total += 1
                if token == f.argmax[i] { agree += 1; continue }
                gaps.append(f.gap[i])
                if f.gap[i] <= Self.nearTie { nearTies += 1 }
            }
        }
        print("Q4_K_M teacher-forced parity: \(agree)/\(total) llama.cpp argmax, \(nearTies) near ties, gaps \(gaps)")
        #expect(agree + nearTies == total, "\(total - agree - nearTies) tokens differ from llama.cpp's argmax by more than \(Self.nearTie)")
        #expect(Double(agree) >= 0.9 * Double(total), "only \(agree)/\(total) tokens are llama.cpp's argmax")

        // The comparison can fail: our tokens one position ahead are mostly not llama.cpp's argmax there.
        let ahead = zip(sequences, forced).map { s, f in zip(s.ids.dropFirst(), f.argmax).filter { $0 == $1 }.count }.reduce(0, +)
        #expect(ahead < total / 4, "tokens one position ahead still agree \(ahead)/\(total)")
    }
}
