import Cascade
import Foundation
import HarmonixCore
import Testing
@testable import Harness

/// Paths and scratch folders for the runner, manifest, export and chart tests.
///
/// (The metrics tests' `Fixtures.swift` finds the shared Leo data; this file finds the repository's
/// own `Experiments/` and makes temporary folders.)
enum RunnerFixtures {
    /// The package root: the folder holding Package.swift, found from this file's path.
    static var repositoryRoot: URL {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
            url.deleteLastPathComponent()
        }
        fatalError("Package.swift not found above \(#filePath)")
    }

    static var experimentsDirectory: URL { repositoryRoot.appendingPathComponent("Experiments") }

    /// Shared data folder: `HARMONIX_SHARED_DATA` or root/../shared/data.
    static var sharedData: URL {
        if let override = ProcessInfo.processInfo.environment["HARMONIX_SHARED_DATA"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data").standardizedFileURL
    }

    /// A fresh, empty temporary folder unique to one test.
    static func temporaryDirectory(_ label: String = "harness") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` to `name` inside `directory` and returns its path.
    @discardableResult
    static func write(_ text: String, to name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}

// MARK: - A test-only cascade

/// A deterministic stand-in for a real cascade, for testing the runner, resume, CSV and charts.
///
/// Each stage writes words picked by its own seeded stream from the prompt and a small fixed
/// vocabulary (so external_vocab varies between rows), and a fake clock: a stage "takes"
/// 40 ms + 1 ms per output character; `sync` adds the stages up, `async`/`async-parity` take the
/// longest one; meta and exhale add 5 ms each. Stage contexts follow the three modes: `sync` and
/// `async-parity` measure stage i against the prompt and the outputs before it, `async` against the
/// prompt alone. The same seeds therefore give the same texts in every mode, and the same metrics
/// in `sync` and `async-parity`. Never shipped: it lives in the test target only.
struct FixtureCascade: CascadeRunner {
    var stageNames: [String]
    var supportedModes: [CascadeMode] = CascadeMode.allCases
    /// Prompt ids whose cascades throw ``FixtureFailure``.
    var failingPrompts: Set<String> = []
    /// Stages that fail inside the cascade (recorded as a failed turn, the cascade goes on), as
    /// MetaHarmonix records an organism that throws.
    var failingStages: Set<String> = []
    /// Maps prompt text → id (to apply `failingPrompts`).
    var promptIDs: [String: String] = [:]

    static let vocabulary = ["ember", "river", "hollow", "quiet", "lantern", "thread", "salt", "morning", "glass",
                             "orbit", "field", "echo", "stone", "wind", "door", "the", "a", "of"]

    // Each cascade depends only on its seeds: no state carries from one to the next.
    func captureMinds() async throws -> [String: Data] { [:] }
    func restoreMinds(_ minds: [String: Data]) async throws {}

    func run(prompt: String, mode: CascadeMode, seeds: [String: UInt64]) async throws -> CascadeRecord {
        if let id = promptIDs[prompt], failingPrompts.contains(id) { throw FixtureFailure(promptID: id) }
        let promptWords = prompt.lowercased().split { !$0.isLetter }.map(String.init)
        var stages: [TurnResult] = []
        var outputs: [String] = []
        for name in stageNames {
            let seed = seeds[name] ?? 0
            if failingStages.contains(name) {
                stages.append(.failed(organism: name, input: prompt, seed: seed, error: FixtureFailure(promptID: name),
                                      seconds: 0.001))
                outputs.append("")
                continue
            }
            var rng = SeededGenerator(seed: seed)
            let count = 6 + rng.nextInt(below: 6)
            var words: [String] = []
            for _ in 0..<count {
                if !promptWords.isEmpty, rng.nextUnit() < 0.25 {
                    words.append(rng.pick(from: promptWords))
                } else {
                    words.append(rng.pick(from: Self.vocabulary))
                }
            }
            let output = words.joined(separator: " ") + "."
            let context = mode == .async ? prompt : ([prompt] + outputs).joined(separator: "\n\n")
            let seconds = 0.040 + 0.001 * Double(output.count)
            stages.append(TurnResult(organism: name, input: context, output: output, dissonance: rng.nextUnit(),
                                     temperature: 0.8, quality: rng.nextUnit(), fieldSize: 100 + outputs.count,
                                     timings: [NamedValue("generate", seconds)], seed: seed))
            outputs.append(output)
        }
        var metaRNG = SeededGenerator(seed: seeds["meta"] ?? 0)
        let pool = outputs.joined(separator: " ").split(separator: " ").map(String.init)
        let meta = pool.isEmpty ? "" : (0..<5).map { _ in metaRNG.pick(from: pool) }.joined(separator: " ")
        let stageSeconds = stages.map(\.seconds)
        let inhale = mode == .sync ? stageSeconds.reduce(0, +) : (stageSeconds.max() ?? 0)
        var latencies = zip(stageNames, stageSeconds).map { NamedValue($0, $1) }
        latencies += [NamedValue("meta", 0.005), NamedValue("exhale", 0.005), NamedValue("total", inhale + 0.010)]
        return CascadeRecord(mode: mode, stages: stages, metaSentence: meta,
                             metrics: [NamedValue("mean_dissonance", stages.compactMap(\.dissonance).reduce(0, +)
                                                  / Double(max(1, stages.count)))],
                             latencies: latencies)
    }
}

struct FixtureFailure: Error, CustomStringConvertible {
    var promptID: String
    var description: String { "fixture failure for \(promptID)" }
}

extension RunnerFixtures {
    /// A manifest for the fixture cascade: `prompts` prompts in topic `t`, in a temporary folder.
    static func manifest(modes: String = "[sync, async-parity, async]", organisms: String = "{haiku: {}, sonnet: {}, prose: {}}",
                         prompts: Int = 3, repeats: Int = 2, warmup: Int = 1, seed: Int = 11,
                         extra: String = "") throws -> Manifest {
        let dir = try temporaryDirectory("fixture-manifest")
        let list = (1...prompts).map { "\"Prompt number \($0), about doors, rivers and lanterns?\"" }
        let text = """
            name: fixture
            seed: \(seed)
            repeats: \(repeats)
            warmup: \(warmup)
            modes: \(modes)
            organisms: \(organisms)
            prompts:
              - topic: t
                prompts: [\(list.joined(separator: ", "))]
            metrics: {variants: [v3, v4]}
            output: out
            \(extra)
            """
        let path = try write(text, to: "fixture.yaml", in: dir)
        return try ManifestLoader.load(path: path, environment: [:])
    }

    /// A `CascadeMaker` building ``FixtureCascade``s for `manifest`.
    static func fixtureMaker(failing: Set<String> = [], failingStages: Set<String> = []) -> CascadeMaker {
        { manifest, _, _ in
            FixtureCascade(stageNames: manifest.organismNames, failingPrompts: failing, failingStages: failingStages,
                           promptIDs: Dictionary(manifest.prompts.map { ($0.text, $0.id) }, uniquingKeysWith: { a, _ in a }))
        }
    }

    /// Collects progress lines.
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var text = ""
        func append(_ chunk: String) { lock.withLock { text += chunk } }
        var all: String { lock.withLock { text } }
    }
}
