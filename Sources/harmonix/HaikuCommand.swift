import ArgumentParser
import Foundation
import Haiku
import HarmonixCore
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

    @Option(name: .customLong("seeds-file"), help: "The ordered seed word list (default: $HARMONIX_HAIKU_SEEDS, HARMONIX_HOME/haiku/data/, ../shared/data/haiku/).")
    var seedsFile: String?

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
        let promptList: [String]
        if let prompt {
            promptList = [prompt]
        } else {
            let path = prompts!
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ValidationError("Cannot read the prompt file '\(path)'; check the path.")
            }
            promptList = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            if promptList.isEmpty { throw ValidationError("The prompt file '\(path)' has no prompts; add one per line.") }
        }
        var options = HaikuOptions()
        if let shards {
            options.shardsDirectory = URL(fileURLWithPath: shards)
        } else if let db {
            options.shardsDirectory = URL(fileURLWithPath: db).deletingLastPathComponent().appendingPathComponent("shards")
        }
        if let db {
            options.brainPath = URL(fileURLWithPath: db).deletingLastPathComponent().appendingPathComponent("mathbrain.json").path
        }
        let organism = try HaikuOrganism(seedWords: try SeedWords.read(path: data.resolver.locate(.haikuSeeds, explicit: seedsFile, origin: "--seeds-file").path), databasePath: db,
                                         options: options)
        let count = turns ?? promptList.count
        for index in 0..<count {
            let text = promptList[index % promptList.count]
            let turnSeed = SeedDerivation.seed(experiment: seed, prompt: text, repeat: index, organism: organism.name)
            let result = try await organism.turn(TurnRequest(prompt: text, seed: turnSeed))
            if count > 1 { print("turn \(index + 1)  prompt: \(text)") }
            print(result.output)
            print(HaikuCommand.metricsLine(result))
            if index + 1 < count { print("") }
        }
        try await organism.save()
    }

    static func metricsLine(_ r: TurnResult) -> String {
        func extra(_ name: String) -> Double { r.extras.first(where: { $0.name == name })?.value ?? .nan }
        func f(_ x: Double?, _ digits: Int = 3) -> String { x.map { String(format: "%.\(digits)f", $0) } ?? "-" }
        let syllables = (1...3).map { String(Int(extra("syllables_line\($0)"))) }.joined(separator: "-")
        return "syllables \(syllables)  d=\(f(r.dissonance))  T=\(f(r.temperature))  pulse(novelty \(f(extra("pulse_novelty"))), "
            + "arousal \(f(extra("pulse_arousal"))), entropy \(f(extra("pulse_entropy"))))  quality=\(f(r.quality, 2))  "
            + "cloud=\(r.fieldSize ?? 0)  \(String(format: "%.2f", r.seconds * 1000)) ms"
    }
}
