import ArgumentParser
import Foundation
import Harness

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

    @OptionGroup var prose: ProseModelOption

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
        do {
            try await SingleOrganism.prose(prompt: prompt, seed: seed, database: db, copyFrom: from, model: prose.model,
                                           maxTokens: maxTokens, threads: threads, resolver: data.resolver) { print($0) }
        } catch let error as SingleOrganismError {
            throw ValidationError(error.message)
        }
    }
}
