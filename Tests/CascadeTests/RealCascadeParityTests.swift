import Foundation
import HarmonixCore
import Testing
@testable import Cascade

/// The real organisms (HAiKU, Sonnet from the original weights, Prose from SmolLM2) in the
/// MetaHarmonix cascade: `async-parity` must reproduce `sync` exactly (overview decision 3), and
/// `async` must generate the same first texts while measuring against the prompt alone.
/// Model-dependent: meant for release builds (`.ci/run`); a debug build runs shorter generations.
@Suite(.serialized) struct RealCascadeParityTests {
    #if DEBUG
    static let sonnetCharacters = 40, proseTokens = 3
    #else
    static let sonnetCharacters = 800, proseTokens = 24
    #endif

    static var root: URL {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url.deleteLastPathComponent()
        }
        return url
    }

    static var sharedData: URL {
        if let override = ProcessInfo.processInfo.environment["HARMONIX_SHARED_DATA"] { return URL(fileURLWithPath: override) }
        return root.deletingLastPathComponent().appendingPathComponent("shared/data")
    }

    static func required(_ url: URL, _ hint: String) throws -> String {
        guard FileManager.default.fileExists(atPath: url.path) else {
            Issue.record("Missing \(url.path): \(hint)")
            throw CocoaError(.fileNoSuchFile)
        }
        return url.path
    }

    static func configurations() throws -> [OrganismConfiguration] {
        let model = ProcessInfo.processInfo.environment["HARMONIX_PROSE_MODEL"]
            ?? root.appendingPathComponent("Models/SmolLM2-135M-Instruct.Q4_1.gguf").path
        return [
            OrganismConfiguration(name: "haiku", seedsPath: try required(sharedData.appendingPathComponent("haiku/seed_words.txt"), "shared data")),
            OrganismConfiguration(
                name: "sonnet", model: try required(sharedData.appendingPathComponent("sonnet/shakespeare_gpt.npz"), "shared data"),
                maxTokens: sonnetCharacters,
                brainPath: try required(sharedData.appendingPathComponent("sonnet/sonnetbrain.json"), "shared data")),
            OrganismConfiguration(name: "prose", model: try required(URL(fileURLWithPath: model), "run scripts/setup.sh"),
                                  maxTokens: proseTokens),
        ]
    }

    static func seeds(_ prompt: String) -> [String: UInt64] {
        Dictionary(uniqueKeysWithValues: ["haiku", "sonnet", "prose", "meta"].map {
            ($0, SeedDerivation.seed(experiment: 2026, prompt: prompt, repeat: 0, organism: $0))
        })
    }

    @Test func asyncParityReproducesSyncAndAsyncHearsThePromptOnly() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parity-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configurations = try Self.configurations()
        let sync = try CascadeAssembly.make(organisms: configurations, fieldDirectory: folder.appendingPathComponent("sync").path)
        let parity = try CascadeAssembly.make(organisms: configurations, fieldDirectory: folder.appendingPathComponent("parity").path)
        let async = try CascadeAssembly.make(organisms: configurations, fieldDirectory: folder.appendingPathComponent("async").path)

        for (index, prompt) in ["What is resonance?", "What remains when the conversation ends?"].enumerated() {
            let a = try await sync.run(prompt: prompt, mode: .sync, seeds: Self.seeds(prompt))
            let b = try await parity.run(prompt: prompt, mode: .asyncParity, seeds: Self.seeds(prompt))
            let c = try await async.run(prompt: prompt, mode: .async, seeds: Self.seeds(prompt))
            #expect(a.stages.map(\.organism) == ["haiku", "sonnet", "prose"])
            #expect(a.stages.allSatisfy { $0.failure == nil }, "\(a.stages.compactMap(\.failure))")
            #expect(!a.stages[0].output.isEmpty && !a.stages[1].output.isEmpty)
            // Parity: every text, context and measured figure equal to sync's.
            #expect(a.stages.map(\.output) == b.stages.map(\.output))
            #expect(a.stages.map(\.input) == b.stages.map(\.input))
            #expect(a.stages.map(\.dissonance) == b.stages.map(\.dissonance))
            #expect(a.stages.map(\.temperature) == b.stages.map(\.temperature))
            #expect(a.stages.map(\.quality) == b.stages.map(\.quality))
            #expect(a.stages.map(\.fieldSize) == b.stages.map(\.fieldSize))
            #expect(a.metaSentence == b.metaSentence)
            #expect(a.metrics == b.metrics)
            // Sync chains the contexts; async hears the prompt alone.
            #expect(a.stages[1].input.hasPrefix(prompt) && a.stages[1].input.contains(a.stages[0].output))
            #expect(c.stages[1].input == prompt)
            if index == 0 {
                // Same fields and seeds before the first cascade: generation depends on nothing upstream.
                #expect(c.stages.map(\.output) == a.stages.map(\.output))
            }
        }
    }
}
