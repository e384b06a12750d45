import Foundation
import GRDB
import HarmonixCore

/// HAiKU as a Harmonix organism: the canonical chat turn of haiku.md §1.1, with the field over a
/// real SQLite database and every module (RAE, MathBrain, MetaHaiku, Overthinkg, phase-4 bridges,
/// dream) in place.
///
/// ```swift
/// let haiku = try HaikuOrganism(seedWords: try SeedWords.read(path: seedsPath), databasePath: "run/haiku.db")
/// let result = try await haiku.turn(TurnRequest(prompt: "what is resonance", seed: 42))
/// print(result.output)   // three lines, 5-7-5 syllables
/// ```
///
/// The whole turn runs in ``compose(_:)``: HAiKU hears only the prompt (the upstream outputs of a
/// ``TurnContext`` are ignored), so nothing in it waits for other organisms. ``settle(_:context:)``
/// packages the result. ``absorb(_:)`` is EXHALE. One `SeededGenerator` per turn, seeded from
/// `TurnRequest.seed`, makes every random choice of that turn. Turns of one organism are meant to
/// run one after another (as the chat loop and the cascade do).
public final class HaikuOrganism: Organism {
    public let name = "haiku"
    /// The field (for stats, dumps and direct field calls).
    public let field: HaikuField
    public let options: HaikuOptions
    let mind: HaikuMind

    /// Builds the organism on the database at `databasePath` (nil: in memory): schema, seed words,
    /// dream initialisation, then the chain (loaded from `markov_bigrams`, or built from the seed
    /// list and saved), the MLPs from `options.initSeed`, and MathBrain's saved state if any.
    ///
    /// - throws: ``HaikuError`` (database, brain file), `FieldDatabaseError` (cannot open).
    public convenience init(seedWords: [String], databasePath: String?, options: HaikuOptions = HaikuOptions()) throws {
        let db = try FieldDatabase.open(path: databasePath, schema: HaikuField.schema)
        try self.init(seedWords: seedWords, database: db, options: options)
    }

    /// Builds the organism on an already opened database.
    public init(seedWords: [String], database db: DatabaseQueue, options: HaikuOptions = HaikuOptions()) throws {
        self.options = options
        do {
            try db.writeWithoutTransaction { db in
                for pragma in options.durability.pragmas { _ = try String.fetchOne(db, sql: pragma) }
            }
        } catch {
            throw HaikuError.database(operation: "setting the journal mode", reason: "\(error)")
        }
        field = try HaikuField(database: db, seedWords: seedWords, clock: options.clock,
                               shardsDirectory: options.shardsDirectory)
        let saved = try HaikuField.run(db, "loading the Markov chain") { try HaikuField.loadChain($0) }
        let generator = HaikuGenerator(seedWords: seedWords, savedRows: saved.rows, savedRecent: saved.recent)
        if saved.rows.isEmpty {
            let rows = generator.chainRows(), recent = generator.recentTrigrams, now = options.clock.now()
            try HaikuField.run(db, "saving the initial Markov chain") {
                try HaikuField.saveChain($0, rows: rows, recent: recent, now: now)
            }
        }
        var initRNG = SeededGenerator(seed: options.initSeed)
        var brain = MathBrain(rng: &initRNG)
        if let path = options.brainPath { try brain.load(from: path) }
        let rae = RecursiveAdapterEngine(selector: RecursiveSelector(rng: &initRNG))
        mind = HaikuMind(generator: generator, brain: brain, rae: rae)
    }

    /// Packages the turn. HAiKU measured itself against the prompt in ``compose(_:)``; the
    /// upstream parts of `context` do not reach it (in the original cascade HAiKU hears only the prompt).
    public func settle(_ draft: HaikuTurn, context: TurnContext) async throws -> TurnResult {
        var extras = [
            NamedValue(.pulseNovelty, draft.pulse.novelty),
            NamedValue(.pulseArousal, draft.pulse.arousal),
            NamedValue(.pulseEntropy, draft.pulse.entropy),
            NamedValue(.boredom, draft.quality.boredom ? 1 : 0),
            NamedValue(.overwhelm, draft.quality.overwhelm ? 1 : 0),
            NamedValue(.stuck, draft.quality.stuck ? 1 : 0),
            NamedValue(.dream, draft.dream == nil ? 0 : 1),
            NamedValue(.exact575, draft.lineSyllables == [5, 7, 5] ? 1 : 0),
            NamedValue(.syllablesLine1, Double(draft.lineSyllables.count > 0 ? draft.lineSyllables[0] : 0)),
            NamedValue(.syllablesLine2, Double(draft.lineSyllables.count > 1 ? draft.lineSyllables[1] : 0)),
            NamedValue(.syllablesLine3, Double(draft.lineSyllables.count > 2 ? draft.lineSyllables[2] : 0)),
            NamedValue(.vocabSize, Double(draft.vocabSize)),
            NamedValue(.mathBrainLoss, draft.mathBrainLoss),
            NamedValue(.overthinkAccepted, Double(draft.overthinkAccepted)),
        ]
        if let confidence = draft.selectorConfidence { extras.append(NamedValue(.raeConfidence, confidence)) }
        return TurnResult(
            organism: name, input: draft.prompt, output: draft.haiku, dissonance: draft.dissonance,
            temperature: draft.temperature, quality: draft.quality.quality, fieldSize: draft.cloudSize,
            extras: extras, timings: draft.timings.map { NamedValue($0.stage.rawValue, $0.seconds) }, seed: draft.seed)
    }

    /// EXHALE: the meta sentence's words morph the cloud and its trigrams join the field, in one
    /// transaction (overview decision 2). The chain is not touched, as in the original.
    public func absorb(_ disturbance: String) async throws {
        let (words, trigrams) = WordTokenizer.dual(disturbance)
        try await field.absorb(words: words, trigrams: trigrams)
    }

    /// Writes `mathbrain.json` at `options.brainPath` (the original's `gen.close()`); no-op without a path.
    public func save() async throws {
        if let path = options.brainPath { try await mind.saveBrain(to: path) }
    }

    // MARK: - python-parity: the original cascade's thin call

    /// The original metaharmonix v1 call (haiku.md §1.2), for a `python-parity` option: three
    /// candidates at T = 1.0, the first one taken; character-level dissonance of the prompt string
    /// against the haiku string; quality fixed at 0.8. The prompt never reaches the generator and
    /// nothing is written to the field. Not the organism's turn (overview decision 2).
    public func cascadeStep(_ request: TurnRequest) async -> TurnResult {
        var rng = SeededGenerator(seed: request.seed)
        let watch = Stopwatch()
        let candidates = await mind.generateCandidates(count: 3, temperature: 1.0, rng: &rng)
        let haiku = candidates[0].text
        let reading = Dissonance.characterLevel(prompt: request.prompt, haiku: haiku)
        return TurnResult(
            organism: name, input: request.prompt, output: haiku, dissonance: reading.dissonance, temperature: 1.0,
            quality: 0.8, fieldSize: nil,
            extras: [NamedValue(.pulseNovelty, reading.pulse.novelty), NamedValue(.pulseArousal, reading.pulse.arousal),
                     NamedValue(.pulseEntropy, reading.pulse.entropy)],
            timings: [NamedValue("cascade_step", watch.elapsed)], seed: request.seed)
    }

    // MARK: - Inspection

    /// The generator's vocab size.
    public var vocabSize: Int { get async { await mind.vocabCount } }
    /// The generator's chain: key count and transitions in insertion order.
    public func chain() async -> (keys: Int, rows: [ChainRow]) {
        (await mind.chainKeyCount(), await mind.chainRows())
    }
    /// MathBrain's observations so far.
    public var mathBrainObservations: Int { get async { await mind.brain.observations } }
}

extension HaikuOrganism: OpLoggable {
    /// The stress run's log of the field's committed operations.
    public func enableOpLogs() async throws -> [FieldOpLog] { [try await field.enableOpLog()] }
}
