import Foundation
import Haiku
import HarmonixCore

/// `harmonix bench haiku`: HAiKU's full canonical turn, interleaved with the original Python chat
/// turn (`haiku_bench.py` of the peer folder). A round of either side is one fresh field (ours: a
/// temporary SQLite file on disk; the original: a fresh copy with an empty `state/`), `warmupTurns`
/// discarded turns, then `turns` timed turns; the round's figure is its median turn. Ratio `turn` =
/// original / ours per round (the original is HAiKU's only peer, so `turn_vs_original` is the same
/// figure, named as in `bench sonnet`).
public struct HaikuBench: Sendable {
    public var seeds: [String]
    public var prompts: [String]
    public var runs: Int
    public var warmup: Int
    public var turns: Int
    public var warmupTurns: Int
    public var seed: UInt64
    public var durability: FieldDurability
    /// nil = ours only.
    public var original: PeerProcess?

    /// - parameter seedsPath: the ordered seed word list.
    /// - parameter promptsPath: one prompt per line; nil = ``defaultPrompts``.
    /// - parameter durability: "wal" (the product's) or "full" (the original's fsync per commit).
    /// - throws: `BenchError.invalidSetting` for an unknown durability or an unreadable/empty prompt
    ///   file; the seed list reader's errors.
    public init(seedsPath: String, promptsPath: String?, runs: Int, warmup: Int, turns: Int, warmupTurns: Int,
                seed: UInt64, durability: String, original: PeerProcess?) throws {
        guard let mode = FieldDurability(rawValue: durability) else {
            throw BenchError.invalidSetting("The value '\(durability)' is invalid for '--durability'; use wal or full.")
        }
        var prompts = HaikuBench.defaultPrompts
        if let promptsPath {
            guard let text = try? String(contentsOfFile: promptsPath, encoding: .utf8) else {
                throw BenchError.invalidSetting("Cannot read the prompt file '\(promptsPath)'; check the path.")
            }
            prompts = text.split(whereSeparator: \.isNewline).map(String.init)
            if prompts.isEmpty { throw BenchError.invalidSetting("The prompt file '\(promptsPath)' has no prompts; add one per line.") }
        }
        self.seeds = try SeedWords.read(path: seedsPath)
        self.prompts = prompts
        self.runs = runs
        self.warmup = warmup
        self.turns = turns
        self.warmupTurns = warmupTurns
        self.seed = seed
        self.durability = mode
        self.original = original
    }

    /// Twelve prompts cycled through the turns; the 7th is "hi" (a < 3-token prompt), as in the
    /// original's 40-turn measurement (haiku.md §10).
    public static let defaultPrompts = [
        "what is resonance", "tell me about the silence between words", "how does the cloud remember",
        "I feel lost in the noise of the city", "can a machine dream of rain", "where do thoughts go when they end",
        "hi", "the ocean speaks in waves of light", "why is the night so quiet", "write about a broken clock",
        "do you hear the field breathing", "what remains after the storm",
    ]

    /// The original's driver, with its hash seed fixed as its README asks; its run folders go under `scratch`.
    public static func originalPeer(python: String, folder: String, scratch: String) -> PeerProcess {
        PeerProcess(name: "original HAiKU", python: python, script: (folder as NSString).appendingPathComponent("haiku_bench.py"),
                    setupScript: "Benchmarks/setup_original.sh",
                    environment: ["PYTHONHASHSEED": "0", "PEER_RUNS": scratch, "OPENBLAS_NUM_THREADS": "1"])
    }

    public func run(scratch: String, progress: (String) -> Void) async throws -> BenchReport {
        guard runs >= 1, turns >= 1, warmupTurns >= 0, warmup >= 0, !prompts.isEmpty, !seeds.isEmpty else {
            throw BenchError.invalidSetting("bench haiku needs runs ≥ 1, turns ≥ 1, warm-ups ≥ 0, prompts and seed words; "
                + "got runs \(runs), turns \(turns), warm-up turns \(warmupTurns), warm-up rounds \(warmup), \(prompts.count) prompts.")
        }
        try original?.requireAvailable()
        var machine = BenchMachine.probe()
        progress("machine: \(machine.facts.label); load \(BenchText.load(machine.loadBefore))")
        let sides = original == nil ? ["ours"] : ["ours", "original"]
        var transactions = 0.0, dreams = 0.0, exact = 0.0, measuredTurns = 0.0
        let rounds = try await Interleaving.run(sides: sides, warmup: warmup, runs: runs, progress: progress) { slot in
            if slot.side == 0 {
                let round = try await ourRound(scratch: scratch, index: slot.round + (slot.warmup ? 0 : warmup))
                if !slot.warmup {
                    transactions += round.transactions; dreams += round.dreams; exact += round.exact
                    measuredTurns += Double(turns)
                }
                return ["turn_seconds": Quantiles.median(round.turns), "turn_cpu_seconds": Quantiles.median(round.cpu)]
            }
            guard let original else { return [:] }
            let out = try original.run(["--turns", String(turns + warmupTurns), "--warmup", String(warmupTurns),
                                        "--seed", String(slot.round)])
            return ["turn_seconds": Quantiles.median(try original.numbers(out, "turn_ms")) / 1e3]
        }
        machine.loadAfter = MachineFacts.loadAverage()

        let ourTurns = Interleaving.column(rounds[0], "turn_seconds")
        let ours: [String: BenchValue] = [
            "turn_seconds": .sample(try BenchSample(ourTurns, unit: "s", name: "our turn times")),
            "turn_cpu_seconds": .sample(try BenchSample(Interleaving.column(rounds[0], "turn_cpu_seconds"), unit: "s")),
            "transactions_per_turn": .number(transactions / max(measuredTurns, 1)),
            "dream_share": .number(dreams / max(measuredTurns, 1)),
            "exact_575_share": .number(exact / max(measuredTurns, 1)),
        ]
        var peer: [String: BenchValue] = [:]
        var ratio: [String: BenchRatio] = [:]
        if sides.count > 1 {
            let theirs = Interleaving.column(rounds[1], "turn_seconds")
            peer["turn_seconds"] = .sample(try BenchSample(theirs, unit: "s", name: "original turn times"))
            let turn = try BenchRatio.time(peer: theirs, ours: ourTurns, bootstrap: Bootstrap(seed: 0x5EED))
            ratio["turn"] = turn
            ratio["turn_vs_original"] = turn
        }
        return BenchReport(
            bench: "haiku", machine: machine, runs: runs,
            settings: ["warmup_rounds": String(warmup), "turns": String(turns), "warmup_turns": String(warmupTurns), "durability": durability.rawValue,
                       "peer": original == nil ? "skipped" : "original haiku/chat.py turn (haiku_bench.py)"],
            ours: ours, peer: peer, original: sides.count > 1 ? peer : nil, ratio: ratio,
            warnings: BenchReport.noiseWarnings([("ours", ours), ("original", peer)], keys: ["turn_seconds"]))
    }

    private struct Round {
        var turns: [Double] = [], cpu: [Double] = []
        var transactions = 0.0, dreams = 0.0, exact = 0.0
    }

    /// One fresh organism on a fresh on-disk field: `warmupTurns` discarded, `turns` timed.
    private func ourRound(scratch: String, index: Int) async throws -> Round {
        let folder = (scratch as NSString).appendingPathComponent("ours-\(index)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var options = HaikuOptions()
        options.shardsDirectory = URL(fileURLWithPath: folder).appendingPathComponent("shards")
        options.durability = durability
        let organism = try HaikuOrganism(seedWords: seeds, databasePath: (folder as NSString).appendingPathComponent("haiku.db"),
                                         options: options)
        var round = Round()
        var startTransactions = await organism.field.transactions
        for turn in 0..<(warmupTurns + turns) {
            if turn == warmupTurns { startTransactions = await organism.field.transactions }
            let text = prompts[turn % prompts.count]
            let turnSeed = SeedDerivation.seed(experiment: seed, prompt: text, repeat: index * 1000 + turn, organism: organism.name)
            let cpu = ProcessCPUTime.seconds()
            let watch = Stopwatch()
            let result = try await organism.turn(TurnRequest(prompt: text, seed: turnSeed))
            let seconds = watch.elapsed
            guard turn >= warmupTurns else { continue }
            round.turns.append(seconds)
            round.cpu.append(ProcessCPUTime.seconds() - cpu)
            if result.extras.contains(where: { $0.name == "exact_575" && $0.value == 1 }) { round.exact += 1 }
            if result.extras.contains(where: { $0.name == "dream" && $0.value == 1 }) { round.dreams += 1 }
        }
        round.transactions = Double(await organism.field.transactions - startTransactions)
        return round
    }
}
