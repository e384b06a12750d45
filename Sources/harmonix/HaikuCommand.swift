import ArgumentParser
import Foundation
import Harness

/// `harmonix haiku`: HAiKU alone, one canonical turn per prompt, printing the haiku and the
/// turn's metrics (d, T, pulse, quality).
struct HaikuCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "haiku",
        abstract: "Run HAiKU's canonical turn on a prompt (or a prompt file) and print the haiku and its metrics.",
        discussion: """
            Examples:
              harmonix haiku --prompt "what is resonance"
              harmonix haiku --prompts prompts.txt --turns 40 --db /tmp/run/haiku.db
            Without --db the field lives in memory and starts fresh. With --db, shards go to a `shards` \
            folder beside the database (unless --shards says otherwise) and MathBrain is saved as \
            mathbrain.json there.
            """)

    @Option(help: "The prompt of a single turn.")
    var prompt: String?

    @Option(help: "A file with one prompt per line; turns cycle through them.")
    var prompts: String?

    @Option(help: "Number of turns (default: one per prompt).")
    var turns: Int?

    @Option(help: "Seed of the run; each turn's stream is derived from it, the prompt and the turn index.")
    var seed: UInt64 = 42

    @Option(help: "SQLite database of the field (created if missing). Default: in memory.")
    var db: String?

    @OptionGroup var haiku: HaikuSeedsOption

    @OptionGroup var data: DataOptions

    @Option(help: "Directory for shard JSON files (default: `shards` beside --db; none without --db).")
    var shards: String?

    func validate() throws {
        if (prompt == nil) == (prompts == nil) {
            throw ValidationError("Give exactly one of --prompt \"...\" or --prompts FILE.")
        }
        if let turns, turns < 1 { throw ValidationError("Please specify a '--turns' of at least 1.") }
    }

    func run() async throws {
        let source: HaikuPrompts = prompt.map { .single($0) } ?? .file(prompts ?? "")
        do {
            try await SingleOrganism.haiku(prompts: source, turns: turns, seed: seed, database: db, seedsFile: haiku.seedsFile,
                                           shards: shards, resolver: data.resolver) { print($0) }
        } catch let error as SingleOrganismError {
            throw ValidationError(error.message)
        }
    }
}
