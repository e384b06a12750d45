import ArgumentParser
import Foundation
import HarmonixCore
import Harness
import Prose

/// `harmonix prose`: one Prose organism turn (`generate_cascade` with the prompt alone), printed
/// with its metrics. The field file persists between runs, so each output seeds the next turn.
struct ProseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prose",
        abstract: "Run one Prose turn: continue the field seed with the model and print the prose and its metrics.",
        discussion: """
            The model never reads the prompt: it continues one sentence of the field (the field seed: the \
            last sentence of the newest prose row, or a stored sentence). The prompt adds trigrams to the \
            field and sets the dissonance, hence the temperature. The output is stored in the field and \
            becomes the next turn's seed.
            """)

    @Option(help: "The prompt the field hears.")
    var prompt: String

    @Option(help: "Seed of the turn's random stream (field-seed choice and sampling).")
    var seed: UInt64 = 42

    @Option(help: "The Prose field database (SQLite), created empty when absent; default: a fresh in-memory field.")
    var db: String?

    @Option(help: "A field to copy into --db when --db does not exist yet (e.g. ../shared/data/prose/prose.db).")
    var from: String?

    @Option(help: "GGUF model file (default: $HARMONIX_PROSE_MODEL, else Models/SmolLM2-135M-Instruct.Q4_1.gguf).")
    var model: String?

    @OptionGroup var data: DataOptions

    @Option(name: .customLong("max-tokens"), help: "Maximum number of tokens to generate.")
    var maxTokens: Int = 200

    @Option(help: "Threads of the inference engine.")
    var threads: Int = 1

    func validate() throws {
        guard maxTokens >= 1 else { throw ValidationError("Please give --max-tokens of at least 1.") }
        guard threads >= 1 else { throw ValidationError("Please give --threads of at least 1.") }
    }

    func run() async throws {
        let modelPath = try data.resolver.locate(.proseModel, explicit: model, origin: "--model").path
        if from != nil, db == nil {
            throw ValidationError("--from copies a field into --db: give --db PATH too.")
        }
        if let from, let db, !FileManager.default.fileExists(atPath: db) {
            try FieldState.copy(of: from).materialize(at: db)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: db)
        }

        let (engine, loadSeconds) = try Stopwatch.measure { try LlamaEngine(modelPath: modelPath, threads: threads) }
        let field = try ProseField(path: db)
        let organism = ProseOrganism(field: field, model: engine, configuration: ProseConfiguration(maxTokens: maxTokens))
        let draft = try await organism.compose(TurnRequest(prompt: prompt, seed: seed))
        let result = try await organism.settle(draft, context: TurnContext(prompt: prompt))

        print(result.output.isEmpty ? "(empty output: the model ended the seed at once)" : result.output)
        print()
        let extras = Dictionary(result.extras.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        let timings = result.timings.map { "\($0.name) \(Self.seconds($0.value))" }.joined(separator: ", ")
        let stats = try await field.stats()
        print("seed         \(draft.fieldSeed.source.rawValue)  \"\(draft.fieldSeed.text)\"")
        print(
            "dissonance   \(Self.fixed(result.dissonance ?? 0))  (novelty \(Self.fixed(extras["pulse_novelty"] ?? 0)), "
                + "arousal \(Self.fixed(extras["pulse_arousal"] ?? 0)), entropy \(Self.fixed(extras["pulse_entropy"] ?? 0)))")
        print("temperature  \(Self.fixed(result.temperature ?? 0))")
        let tokens = draft.completion.tokenCount.map { "\($0) tokens (stop: \(draft.completion.stopReason ?? "?")), " } ?? ""
        print(
            "output       \(tokens)\(Int(extras["word_count"] ?? 0)) words, semantic density "
                + "\(Self.fixed(extras["semantic_density"] ?? 0))")
        print(
            "field        \(stats.totalProse) prose rows, \(stats.trigramVocabulary) trigrams, "
                + "avg quality \(Self.fixed(stats.averageQuality)), avg density \(Self.fixed(stats.averageSemanticDensity))  (\(db ?? "in-memory, fresh"))")
        print("model        \(engine.modelDescription)")
        print("time         load \(Self.seconds(loadSeconds)), \(timings)")
    }

    static func fixed(_ value: Double) -> String { String(format: "%.3f", value) }
    static func seconds(_ value: Double) -> String {
        String(format: "%.3f s", value)
    }
}
