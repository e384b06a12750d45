import Foundation
import Haiku
import HarmonixCore

extension SingleOrganism {
    /// What `harmonix haiku` asks: canonical turns over one prompt or a prompt file.
    public struct HaikuTurns: Sendable {
        /// Exactly one of `prompt` and `promptsFile` (the command's `validate()` enforces it).
        public var prompt: String?
        public var promptsFile: String?
        /// Turns to run, cycling through the prompts; nil = one per prompt.
        public var turns: Int?
        public var seed: UInt64
        /// The field database; nil = a fresh in-memory field.
        public var database: String?
        public var seedsFile: String?
        /// Shard folder; nil = `shards` beside the database (none without one).
        public var shards: String?

        public init(prompt: String?, promptsFile: String?, turns: Int?, seed: UInt64, database: String?,
                    seedsFile: String?, shards: String?) {
            self.prompt = prompt
            self.promptsFile = promptsFile
            self.turns = turns
            self.seed = seed
            self.database = database
            self.seedsFile = seedsFile
            self.shards = shards
        }
    }

    /// Runs the turns and prints, per turn, the haiku and its metrics line; saves the organism at the end.
    ///
    /// - throws: ``SingleOrganismError`` for an unreadable or empty prompt file; data lookup and
    ///   organism errors unchanged.
    public static func haiku(_ request: HaikuTurns, resolver: DataResolver, print: Lines) async throws {
        let promptList = try haikuPrompts(request)
        var options = HaikuOptions()
        let folder = request.database.map { URL(fileURLWithPath: $0).deletingLastPathComponent() }
        if let shards = request.shards {
            options.shardsDirectory = URL(fileURLWithPath: shards)
        } else if let folder {
            options.shardsDirectory = folder.appendingPathComponent("shards")
        }
        if let folder { options.brainPath = folder.appendingPathComponent("mathbrain.json").path }
        let seedsPath = try resolver.locate(.haikuSeeds, explicit: request.seedsFile, origin: "--seeds-file").path
        let organism = try HaikuOrganism(seedWords: try SeedWords.read(path: seedsPath), databasePath: request.database,
                                         options: options)
        let count = request.turns ?? promptList.count
        for index in 0..<count {
            let text = promptList[index % promptList.count]
            let turnSeed = SeedDerivation.seed(experiment: request.seed, prompt: text, repeat: index, organism: organism.name)
            let result = try await organism.turn(TurnRequest(prompt: text, seed: turnSeed))
            if count > 1 { print("turn \(index + 1)  prompt: \(text)") }
            print(result.output)
            print(haikuMetricsLine(result))
            if index + 1 < count { print("") }
        }
        try await organism.save()
    }

    /// The prompt of `--prompt`, or the non-blank lines of `--prompts FILE`.
    static func haikuPrompts(_ request: HaikuTurns) throws -> [String] {
        if let prompt = request.prompt { return [prompt] }
        let path = request.promptsFile ?? ""
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw SingleOrganismError("Cannot read the prompt file '\(path)'; check the path.")
        }
        let prompts = text.split(whereSeparator: \.isNewline).map(String.init)
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        if prompts.isEmpty { throw SingleOrganismError("The prompt file '\(path)' has no prompts; add one per line.") }
        return prompts
    }

    /// "syllables 5-7-5  d=…  T=…  pulse(…)  quality=…  cloud=…  … ms".
    static func haikuMetricsLine(_ r: TurnResult) -> String {
        func extra(_ name: MetricName) -> Double { r.extra(name) ?? .nan }
        let syllables = [MetricName.syllablesLine1, .syllablesLine2, .syllablesLine3]
            .map { extra($0).isFinite ? String(Int(extra($0))) : "-" }.joined(separator: "-")
        return "syllables \(syllables)  d=\(fixed(r.dissonance, 3))  T=\(fixed(r.temperature, 3))  "
            + "pulse(novelty \(fixed(extra(.pulseNovelty), 3)), arousal \(fixed(extra(.pulseArousal), 3)), "
            + "entropy \(fixed(extra(.pulseEntropy), 3)))  quality=\(fixed(r.quality, 2))  "
            + "cloud=\(r.fieldSize ?? 0)  \(String(format: "%.2f", r.seconds * 1000)) ms"
    }
}
