import ArgumentParser
import Foundation
import Haiku
import HarmonixCore
import Harness

/// `harmonix bench haiku`: N full canonical turns on a fresh field (a temporary SQLite file on
/// disk), median and p90 per turn and per stage, against the original's 775 ms per turn.
struct BenchHaiku: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "haiku",
        abstract: "Time HAiKU's full canonical turn on a fresh on-disk field (median and p90 per turn and per stage).")

    @Option(help: "Number of turns.")
    var turns: Int = 200

    @Option(help: "Seed of the run.")
    var seed: UInt64 = 42

    @Option(name: .customLong("seeds-file"), help: "The ordered seed word list (default: $HARMONIX_HAIKU_SEEDS, HARMONIX_HOME/haiku/data/, ../shared/data/haiku/).")
    var seedsFile: String?

    @OptionGroup var data: DataOptions

    @Option(help: "A file with one prompt per line (default: 12 built-in prompts, cycled as in the original's measurement).")
    var prompts: String?

    @Flag(help: "Keep the temporary folder (database, shards) and print its path.")
    var keep = false

    /// Twelve prompts cycled through the turns; the 7th is "hi" (a < 3-token prompt), as in the
    /// original's 40-turn measurement (haiku.md §10).
    static let defaultPrompts = [
        "what is resonance", "tell me about the silence between words", "how does the cloud remember",
        "I feel lost in the noise of the city", "can a machine dream of rain", "where do thoughts go when they end",
        "hi", "the ocean speaks in waves of light", "why is the night so quiet", "write about a broken clock",
        "do you hear the field breathing", "what remains after the storm",
    ]

    func validate() throws {
        if turns < 1 { throw ValidationError("Please specify a '--turns' of at least 1.") }
    }

    @Option(help: "Journal settings: wal (default of the product: WAL, synchronous=NORMAL), full (the original's: rollback journal, fsync per commit), or both.")
    var durability: String = "both"

    func run() async throws {
        BenchFigures.warnIfDebugBuild()
        var promptList = BenchHaiku.defaultPrompts
        if let prompts {
            guard let text = try? String(contentsOfFile: prompts, encoding: .utf8) else {
                throw ValidationError("Cannot read the prompt file '\(prompts)'; check the path.")
            }
            promptList = text.split(whereSeparator: \.isNewline).map(String.init)
            if promptList.isEmpty { throw ValidationError("The prompt file '\(prompts)' has no prompts; add one per line.") }
        }
        let modes: [FieldDurability]
        switch durability {
        case "both": modes = [.wal, .full]
        default:
            guard let mode = FieldDurability(rawValue: durability) else {
                throw ValidationError("The value '\(durability)' is invalid for '--durability'; use wal, full or both.")
            }
            modes = [mode]
        }
        let seeds = try SeedWords.read(path: data.resolver.locate(.haikuSeeds, explicit: seedsFile, origin: "--seeds-file").path)
        for (i, mode) in modes.enumerated() {
            if i > 0 { print("") }
            try await measure(mode: mode, seeds: seeds, prompts: promptList)
        }
    }

    private func measure(mode: FieldDurability, seeds: [String], prompts promptList: [String]) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("harmonix-bench-haiku-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if !keep { try? FileManager.default.removeItem(at: folder) } }
        var options = HaikuOptions()
        options.shardsDirectory = folder.appendingPathComponent("shards")
        options.durability = mode
        let dbPath = folder.appendingPathComponent("haiku.db").path
        let loadBefore = BenchFigures.loadAverage()
        let organism = try HaikuOrganism(seedWords: seeds, databasePath: dbPath, options: options)
        let transactionsAtStart = await organism.field.transactions

        var totals: [Double] = []
        var cpuTotals: [Double] = []
        var stages: [String: [Double]] = [:]
        var stageOrder: [String] = []
        var exact = 0, dreams = 0
        for index in 0..<turns {
            let text = promptList[index % promptList.count]
            let turnSeed = SeedDerivation.seed(experiment: seed, prompt: text, repeat: index, organism: organism.name)
            let cpuStart = BenchFigures.processCPUSeconds()
            let watch = Stopwatch()
            let result = try await organism.turn(TurnRequest(prompt: text, seed: turnSeed))
            totals.append(watch.elapsed)
            cpuTotals.append(BenchFigures.processCPUSeconds() - cpuStart)
            stages["(outside stages)", default: []].append(totals[totals.count - 1] - result.seconds)
            for t in result.timings {
                if stages[t.name] == nil { stageOrder.append(t.name) }
                stages[t.name, default: []].append(t.value)
            }
            if result.extras.contains(where: { $0.name == "exact_575" && $0.value == 1 }) { exact += 1 }
            if result.extras.contains(where: { $0.name == "dream" && $0.value == 1 }) { dreams += 1 }
        }
        let transactions = await organism.field.transactions - transactionsAtStart
        let stats = try await organism.field.stats()
        let chainRows = try await organism.field.rowCount("markov_bigrams")
        let loadAfter = BenchFigures.loadAverage()

        let unit = BenchFigures.unit(for: BenchFigures.median(totals))
        let journal = mode == .wal ? "WAL, synchronous=NORMAL (no fsync per commit)"
                                   : "rollback journal, synchronous=FULL (fsync per commit, as the original)"
        print("Benchmark: HAiKU canonical turn (haiku.md §1.1), \(turns) turns, fresh field, seed \(seed)")
        print("  Database: SQLite file on disk, \(journal)")
        print("  Time per turn (median … p90):  \(BenchFigures.format(BenchFigures.median(totals), unit: unit)) … "
              + "\(BenchFigures.format(BenchFigures.p90(totals), unit: unit))")
        print("  Mean:                          \(BenchFigures.format(totals.reduce(0, +) / Double(totals.count), unit: unit))"
              + "    (all turns: dream turns and disk waits included)")
        print("  Range (min … max):             \(BenchFigures.format(totals.min()!, unit: unit)) … "
              + "\(BenchFigures.format(totals.max()!, unit: unit))    \(turns) turns")
        print("  CPU per turn (median … p90):   \(BenchFigures.format(BenchFigures.median(cpuTotals), unit: unit)) … "
              + "\(BenchFigures.format(BenchFigures.p90(cpuTotals), unit: unit))    (process CPU time: robust to machine load)")
        print("  Peer: original Python chat turn, mean 775 ms (haiku.md §10); goal ≤ 5 ms median")
        print("")
        print("  Stage               median          p90")
        for name in stageOrder + ["(outside stages)"] {
            let v = stages[name]!
            print("  " + name.padding(toLength: 16, withPad: " ", startingAt: 0)
                  + "\(BenchFigures.format(BenchFigures.median(v), unit: unit))  \(BenchFigures.format(BenchFigures.p90(v), unit: unit))")
        }
        print("")
        print("  Database work: one write transaction per field operation, as the original commits once per")
        print("  operation: morph_cloud, update_trigrams, update_chain (DELETE + reinsert of all markov_bigrams and")
        print("  recent_trigrams rows), record_state, overthinkg, create_shard (+ JSON file), record_metrics; on")
        print("  dream turns also the dialog, 4 × dream fragments and 4 × update_chain rewrites.")
        print(String(format: "  Transactions: %d in %d turns (%.2f per turn); %d dreams; %d/%d exact 5-7-5",
                     transactions, turns, Double(transactions) / Double(turns), dreams, exact, turns))
        print("  Field at the end: \(stats.wordCount) words, \(stats.trigramCount) trigrams, \(chainRows) markov_bigrams rows")
        print("  Load average (1, 5, 15 min): before \(loadBefore); after \(loadAfter)")
        if keep { print("  Kept: \(folder.path)") }
    }
}
