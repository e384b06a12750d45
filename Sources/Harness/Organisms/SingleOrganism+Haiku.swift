import Foundation
import Haiku
import HarmonixCore

extension SingleOrganism {
    /// `harmonix haiku`: runs canonical turns (`turns`, nil = one per prompt, cycling through the
    /// prompts) and prints, per turn, the haiku and its metrics line; saves the organism at the end.
    /// `database` nil = a fresh in-memory field; `shards` nil = `shards` beside the database (none
    /// without one); MathBrain is saved as `mathbrain.json` beside the database.
    ///
    /// - throws: ``SingleOrganismError`` for an unreadable or empty prompt file; data lookup and
    ///   organism errors unchanged.
    public static func haiku(prompts: HaikuPrompts, turns: Int?, seed: UInt64, database: String?, seedsFile: String?,
                             shards: String?, resolver: DataResolver, print: Lines) async throws {
        let promptList = try prompts.list()
        var options = HaikuOptions()
        let folder = database.map { URL(fileURLWithPath: $0).deletingLastPathComponent() }
        if let shards {
            options.shardsDirectory = URL(fileURLWithPath: shards)
        } else if let folder {
            options.shardsDirectory = folder.appendingPathComponent("shards")
        }
        if let folder { options.brainPath = folder.appendingPathComponent("mathbrain.json").path }
        let seedsPath = try resolver.locate(.haikuSeeds, explicit: seedsFile, origin: "--seeds-file").path
        let organism = try HaikuOrganism(seedWords: try SeedWords.read(path: seedsPath), databasePath: database,
                                         options: options)
        let count = turns ?? promptList.count
        for index in 0..<count {
            let text = promptList[index % promptList.count]
            let turnSeed = SeedDerivation.seed(experiment: seed, prompt: text, repeat: index, organism: organism.name)
            let result = try await organism.turn(TurnRequest(prompt: text, seed: turnSeed))
            if count > 1 { print("turn \(index + 1)  prompt: \(text)") }
            print(result.output)
            print(haikuMetricsLine(result))
            if index + 1 < count { print("") }
        }
        try await organism.save()
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

/// The prompts of `harmonix haiku`: one prompt, or a file of them.
public enum HaikuPrompts: Sendable, Equatable {
    case single(String)
    /// A file with one prompt per line (blank lines skipped).
    case file(String)

    /// - throws: ``SingleOrganismError`` for an unreadable file or one with no prompts.
    func list() throws -> [String] {
        switch self {
        case .single(let prompt):
            return [prompt]
        case .file(let path):
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw SingleOrganismError("Cannot read the prompt file '\(path)'; check the path.")
            }
            let prompts = text.split(whereSeparator: \.isNewline).map(String.init)
                .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            if prompts.isEmpty { throw SingleOrganismError("The prompt file '\(path)' has no prompts; add one per line.") }
            return prompts
        }
    }
}
