import Foundation
import HarmonixCore
import Prose

extension SingleOrganism {
    /// `harmonix prose`: runs one `generate_cascade` turn with the prompt alone (the field file
    /// persists, so each output seeds the next turn) and prints the prose, its field seed, metrics,
    /// the field's state and the times. `database` nil = a fresh in-memory field; `copyFrom` is
    /// copied into `database` when that file does not exist yet; `model` nil = looked up.
    ///
    /// - throws: ``SingleOrganismError`` for `copyFrom` without `database`; lookup, copy, engine and
    ///   field errors unchanged.
    public static func prose(prompt: String, seed: UInt64, database: String?, copyFrom: String?, model: String?,
                             maxTokens: Int, threads: Int, resolver: DataResolver, print: Lines) async throws {
        let modelPath = try resolver.locate(.proseModel, explicit: model, origin: "--model").path
        if copyFrom != nil, database == nil {
            throw SingleOrganismError("--from copies a field into --db: give --db PATH too.")
        }
        if let from = copyFrom, let db = database, !FileManager.default.fileExists(atPath: db) {
            try FieldState.copy(of: from).materialize(at: db)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: db)
        }

        let (engine, loadSeconds) = try Stopwatch.measure { try LlamaEngine(modelPath: modelPath, threads: threads) }
        let field = try ProseField(path: database)
        let organism = ProseOrganism(field: field, model: engine, configuration: ProseConfiguration(maxTokens: maxTokens))
        let draft = try await organism.compose(TurnRequest(prompt: prompt, seed: seed))
        let result = try await organism.settle(draft, context: TurnContext(prompt: prompt))

        func f(_ value: Double?) -> String { fixed(value ?? 0, 3) }
        func seconds(_ value: Double) -> String { String(format: "%.3f s", value) }
        print(result.output.isEmpty ? "(empty output: the model ended the seed at once)" : result.output)
        print("")
        let timings = result.timings.map { "\($0.name) \(seconds($0.value))" }.joined(separator: ", ")
        let stats = try await field.stats()
        print("seed         \(draft.fieldSeed.source.rawValue)  \"\(draft.fieldSeed.text)\"")
        print("dissonance   \(f(result.dissonance))  (novelty \(f(result.extra(.pulseNovelty))), "
            + "arousal \(f(result.extra(.pulseArousal))), entropy \(f(result.extra(.pulseEntropy))))")
        print("temperature  \(f(result.temperature))")
        let tokens = draft.completion.tokenCount.map { "\($0) tokens (stop: \(draft.completion.stopReason ?? "?")), " } ?? ""
        print("output       \(tokens)\(Int(result.extra(.wordCount) ?? 0)) words, semantic density "
            + "\(f(result.extra(.semanticDensity)))")
        print("field        \(stats.totalProse) prose rows, \(stats.trigramVocabulary) trigrams, "
            + "avg quality \(f(stats.averageQuality)), avg density \(f(stats.averageSemanticDensity))  "
            + "(\(database ?? "in-memory, fresh"))")
        print("model        \(engine.modelDescription)")
        print("time         load \(seconds(loadSeconds)), \(timings)")
    }
}
