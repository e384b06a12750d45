import Cascade
import Foundation
import HarmonixCore
import Testing
@testable import Harness

@Suite("Experiment runner")
struct RunnerTests {
    private func run(_ manifest: Manifest, options: RunOptions = RunOptions(progress: .none),
                     failing: Set<String> = [], lines: RunnerFixtures.Lines? = nil) async throws -> RunResult {
        let sink = lines
        return try await ExperimentRunner(manifest: manifest, options: options,
                                          makeCascade: RunnerFixtures.fixtureMaker(failing: failing),
                                          progressSink: { sink?.append($0) }).run()
    }

    @Test("The matrix: prompts × modes × repeats × stages, warmup discarded, rows on disk")
    func matrixRows() async throws {
        let manifest = try RunnerFixtures.manifest()
        let result = try await run(manifest)
        // 3 prompts × 3 modes × 2 repeats = 18 cells; stages haiku, sonnet, prose, meta, cascade.
        #expect(result.cellsRun == 18)
        #expect(result.rows.count == 18 * 5)
        #expect(result.rows.allSatisfy { $0.repeatIndex >= 0 })
        #expect(Set(result.rows.map(\.stage)) == ["haiku", "sonnet", "prose", "meta", "cascade"])
        let onDisk = try TurnsCSV.read(path: result.directory + "/turns.csv")
        #expect(onDisk.rows.count == result.rows.count)
        #expect(onDisk.format.variants == [.v3, .v4])
        #expect(onDisk.rows.map(\.outputSHA256) == result.rows.map(\.outputSHA256))
        #expect(FileManager.default.fileExists(atPath: result.directory + "/run.json"))
        #expect(result.directory.hasSuffix("/out/fixture/" + result.provenance.runID))
    }

    @Test("Seeds ignore the mode: sync and async-parity give identical texts and metrics; async differs only in contexts")
    func modesShareSeeds() async throws {
        let result = try await run(try RunnerFixtures.manifest())
        func rows(_ mode: CascadeMode) -> [String: TurnRow] {
            Dictionary(uniqueKeysWithValues: result.rows.filter { $0.mode == mode }
                .map { ("\($0.promptID)|\($0.repeatIndex)|\($0.stage)", $0) })
        }
        let sync = rows(.sync), parity = rows(.asyncParity), plain = rows(.async)
        #expect(sync.count == 30)
        for (key, row) in sync {
            let other = try #require(parity[key])
            #expect(row.outputSHA256 == other.outputSHA256)
            #expect(row.externalVocab == other.externalVocab)
            #expect(row.seed == other.seed)
            #expect(row.output == plain[key]?.output)
        }
        // Sonnet in async is measured against the prompt alone: a different input hash.
        let key = "t/1|0|sonnet"
        #expect(sync[key]?.inputSHA256 != plain[key]?.inputSHA256)
        #expect(sync["t/1|0|haiku"]?.inputSHA256 == plain["t/1|0|haiku"]?.inputSHA256)
        // The stage seed is SeedDerivation's.
        let prompt = try #require(result.rows.first { $0.promptID == "t/2" && $0.stage == "haiku" && $0.repeatIndex == 1 })
        #expect(prompt.seed == SeedDerivation.seed(experiment: 11, prompt: prompt.prompt, repeat: 1, organism: "haiku"))
    }

    @Test("Modes are interleaved per (prompt, repeat) in a seeded order")
    func interleavedOrder() throws {
        let manifest = try RunnerFixtures.manifest(prompts: 4, repeats: 3)
        let plan = try RunPlan.make(manifest: manifest, seed: 11, repeats: 3, filter: nil, limit: nil)
        #expect(plan.cells.count == 36)
        #expect(plan.warmup.count == 3)
        #expect(plan.warmup.allSatisfy { $0.repeatIndex == -1 })
        var firstModes = Set<CascadeMode>()
        for group in stride(from: 0, to: 36, by: 3) {
            let cells = Array(plan.cells[group..<group + 3])
            #expect(Set(cells.map(\.prompt.id)).count == 1)
            #expect(Set(cells.map(\.mode)) == Set(CascadeMode.allCases))
            #expect(cells.map(\.order) == [0, 1, 2])
            firstModes.insert(cells[0].mode)
        }
        // Seeded shuffling: over 12 groups not every group starts with the same mode.
        #expect(firstModes.count > 1)
        // Same seed, same order; repeat-major.
        let again = try RunPlan.make(manifest: manifest, seed: 11, repeats: 3, filter: nil, limit: nil)
        #expect(again.cells.map(\.key) == plan.cells.map(\.key))
        #expect(plan.cells.map(\.repeatIndex) == (0..<3).flatMap { Array(repeating: $0, count: 12) })
    }

    @Test("Filter and limit restrict the prompts; an empty result is an error")
    func filterAndLimit() throws {
        let manifest = try RunnerFixtures.manifest(prompts: 5)
        let filtered = try RunPlan.make(manifest: manifest, seed: 1, repeats: 1, filter: "/[24]$", limit: nil)
        #expect(Set(filtered.cells.map(\.prompt.id)) == ["t/2", "t/4"])
        let limited = try RunPlan.make(manifest: manifest, seed: 1, repeats: 1, filter: nil, limit: 2)
        #expect(Set(limited.cells.map(\.prompt.id)) == ["t/1", "t/2"])
        #expect(throws: RunError.noPrompts(filter: "zzz")) {
            try RunPlan.make(manifest: manifest, seed: 1, repeats: 1, filter: "zzz", limit: nil)
        }
    }

    // The next two tests cut turns.csv by hand, so they run without checkpoints (the old resume,
    // still available with --no-checkpoint); CheckpointTests and CrashResumeTests cover the exact one.
    @Test("--resume without checkpoints keeps finished cells, drops a partial one, and reproduces the (stateless) run")
    func resume() async throws {
        let manifest = try RunnerFixtures.manifest()
        let full = try await run(manifest, options: RunOptions(progress: .none, runID: "full", checkpoints: false))
        let turns = full.directory + "/turns.csv"
        // Interrupt: keep the header, 5 finished cells (5 rows each), and 2 rows of the 6th.
        let table = try CSVFile.read(path: turns)
        try CSVFile.write(header: table.header, rows: Array(table.rows.prefix(5 * 5 + 2)), to: turns)

        let resumed = try await run(manifest, options: RunOptions(resumeDirectory: full.directory, progress: .none,
                                                                  checkpoints: false))
        #expect(resumed.cellsSkipped == 5)
        #expect(resumed.cellsRun == 13)
        #expect(resumed.directory == full.directory)
        let after = try TurnsCSV.read(path: turns).rows
        func key(_ row: TurnRow) -> String { "\(row.cellKey)|\(row.stage)" }
        #expect(after.count == full.rows.count)
        #expect(Dictionary(uniqueKeysWithValues: after.map { (key($0), $0.outputSHA256) })
                == Dictionary(uniqueKeysWithValues: full.rows.map { (key($0), $0.outputSHA256) }))
        let provenance = try RunProvenance.read(from: full.directory)
        #expect(provenance.resumedAt.count == 1)

        // Nothing left: a second resume runs nothing.
        let again = try await run(manifest, options: RunOptions(resumeDirectory: full.directory, progress: .none,
                                                                checkpoints: false))
        #expect(again.cellsRun == 0 && again.cellsSkipped == 18)
    }

    @Test("--resume survives a row cut short in the middle of a quoted field")
    func resumeAfterTornRow() async throws {
        let manifest = try RunnerFixtures.manifest(modes: "[sync]", prompts: 3, repeats: 1, warmup: 0)
        let full = try await run(manifest, options: RunOptions(progress: .none, runID: "torn", checkpoints: false))
        let turns = full.directory + "/turns.csv"
        let table = try CSVFile.read(path: turns)
        try CSVFile.write(header: table.header, rows: Array(table.rows.prefix(5)), to: turns)
        // A torn append: an opening quote that never closes, spread over two lines.
        let handle = try #require(FileHandle(forWritingAtPath: turns))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("torn,fixture,t/2,t,\"Prompt,\nsecond line of a quoted fie".utf8))
        try handle.close()
        #expect(throws: ExportError.self) { try TurnsCSV.read(path: turns) }
        #expect(try TurnsCSV.readRecovering(path: turns).droppedLines == 2)

        let resumed = try await run(manifest, options: RunOptions(resumeDirectory: full.directory, progress: .none,
                                                                  checkpoints: false))
        #expect(resumed.cellsSkipped == 1 && resumed.cellsRun == 2)
        let after = try TurnsCSV.read(path: turns).rows
        #expect(after.count == full.rows.count)
        #expect(Set(after.map(\.outputSHA256)) == Set(full.rows.map(\.outputSHA256)))
    }

    @Test("--resume refuses another seed or a folder that is not a run")
    func resumeMismatch() async throws {
        let manifest = try RunnerFixtures.manifest(repeats: 1, warmup: 0)
        let first = try await run(manifest)
        await #expect(throws: RunError.self) {
            _ = try await run(manifest, options: RunOptions(resumeDirectory: first.directory, seed: 99, progress: .none))
        }
        let empty = try RunnerFixtures.temporaryDirectory()
        await #expect(throws: RunError.resumeMissing(directory: empty.path)) {
            _ = try await run(manifest, options: RunOptions(resumeDirectory: empty.path, progress: .none))
        }
    }

    @Test("A failing cascade gives failed rows with its message; the run goes on; resume without checkpoints retries it")
    func failedCells() async throws {
        let manifest = try RunnerFixtures.manifest(modes: "[sync]", prompts: 3, repeats: 1, warmup: 0)
        // With checkpoints a failed cell is part of the exact history: a resume keeps it.
        let exact = try await run(manifest, failing: ["t/2"])
        let kept = try await run(manifest, options: RunOptions(resumeDirectory: exact.directory, progress: .none))
        #expect(kept.cellsRun == 0 && kept.cellsSkipped == 3)
        #expect(kept.rows.filter { $0.status == .failed }.count == 4)

        let result = try await run(manifest, options: RunOptions(progress: .none, checkpoints: false), failing: ["t/2"])
        #expect(result.cellsFailed == 1)
        let failed = result.rows.filter { $0.status == .failed }
        #expect(failed.map(\.stage) == ["haiku", "sonnet", "prose", "cascade"])
        #expect(failed.allSatisfy { $0.error == "fixture failure for t/2" && $0.externalVocab.isEmpty })
        #expect(result.rows.filter { $0.promptID != "t/2" }.allSatisfy { $0.status == .ok })

        let retried = try await run(manifest, options: RunOptions(resumeDirectory: result.directory, progress: .none,
                                                                  checkpoints: false))
        #expect(retried.cellsRun == 1 && retried.cellsSkipped == 2 && retried.cellsFailed == 0)
        let rows = try TurnsCSV.read(path: result.directory + "/turns.csv").rows
        #expect(rows.count == 3 * 5)
        #expect(rows.allSatisfy { $0.status == .ok })
    }

    @Test("A stage the cascade records as failed gives a failed stage row and a failed cascade row")
    func failedStage() async throws {
        let manifest = try RunnerFixtures.manifest(modes: "[sync]", prompts: 2, repeats: 1, warmup: 0)
        let result = try await ExperimentRunner(manifest: manifest, options: RunOptions(progress: .none),
                                                makeCascade: RunnerFixtures.fixtureMaker(failingStages: ["sonnet"])).run()
        #expect(result.cellsFailed == 2)
        let byStage = Dictionary(grouping: result.rows, by: \.stage)
        #expect(byStage["haiku"]?.allSatisfy { $0.status == .ok } == true)
        #expect(byStage["sonnet"]?.allSatisfy { $0.status == .failed && $0.error == "fixture failure for sonnet" } == true)
        #expect(byStage["cascade"]?.allSatisfy { $0.status == .failed && $0.error == "sonnet: fixture failure for sonnet" } == true)
        #expect(byStage["sonnet"]?.allSatisfy { $0.externalVocab.isEmpty } == true)
    }

    @Test("The cascade row keeps cascade metrics and latency parts in extras")
    func cascadeExtras() async throws {
        let manifest = try RunnerFixtures.manifest(modes: "[sync]", prompts: 1, repeats: 1, warmup: 0)
        let result = try await run(manifest)
        let cascade = try #require(result.rows.first { $0.stage == "cascade" })
        #expect(cascade.extras.map(\.name) == ["mean_dissonance", "latency_haiku_s", "latency_sonnet_s", "latency_prose_s",
                                               "latency_meta_s", "latency_exhale_s"])
        let onDisk = try TurnsCSV.read(path: result.directory + "/turns.csv").rows.first { $0.stage == "cascade" }
        #expect(onDisk?.extras.map(\.name) == cascade.extras.map(\.name))
    }

    @Test("Concurrent mode lanes give the same texts as a sequential run")
    func concurrentLanes() async throws {
        let sequential = try await run(try RunnerFixtures.manifest(seed: 5))
        let parallel = try await run(try RunnerFixtures.manifest(seed: 5, extra: "concurrency: 3"))
        func texts(_ result: RunResult) -> [String: String] {
            Dictionary(uniqueKeysWithValues: result.rows.map { ("\($0.cellKey)|\($0.stage)", $0.outputSHA256) })
        }
        #expect(texts(sequential) == texts(parallel))
    }

    @Test("Plain progress: one line per cascade with count, cell, status and seconds")
    func plainProgress() async throws {
        let lines = RunnerFixtures.Lines()
        let manifest = try RunnerFixtures.manifest(modes: "[sync]", prompts: 2, repeats: 1, warmup: 0)
        // No calibration spin: on a loaded machine its drift warning is a third (correct) line.
        let result = try await run(manifest, options: RunOptions(progress: .plain, calibrate: false), failing: ["t/2"],
                                   lines: lines)
        let printed = lines.all.split(separator: "\n").map(String.init)
        #expect(printed.count == 2, "\(printed)")
        let total = try #require(result.rows.first { $0.promptID == "t/1" && $0.stage == "cascade" }?.latencySeconds)
        #expect(printed[0] == "[1/2] t/1 sync r0 ok \(String(format: "%.3f", total)) s")
        #expect(printed[1] == "[2/2] t/2 sync r0 failed 0.000 s")
        #expect(ProgressStyle.auto.resolved(environment: ["CI": "true"]) == .plain)
    }

    @Test("TTY progress: one rewritten line with count, percentage, ETA and the cell; durations read naturally")
    func ttyProgress() async throws {
        let lines = RunnerFixtures.Lines()
        let manifest = try RunnerFixtures.manifest(modes: "[sync]", prompts: 2, repeats: 1, warmup: 0)
        _ = try await run(manifest, options: RunOptions(progress: .tty, calibrate: false), lines: lines)
        let chunks = lines.all.components(separatedBy: "\r\u{1B}[2K").filter { !$0.isEmpty }
        #expect(chunks.count == 2)
        #expect(chunks[0].hasPrefix("[1/2] 50% ETA "))
        #expect(chunks[0].hasSuffix("  t/1 sync r0"))
        #expect(chunks[1].hasPrefix("[2/2] 100% ETA 0 s  t/2 sync r0"))
        #expect(lines.all.hasSuffix("\n"))
        #expect(RunProgress.duration(45) == "45 s")
        #expect(RunProgress.duration(185) == "3 min 05 s")
        #expect(RunProgress.duration(3720) == "1 h 02 min")
    }

    @Test("The factory: unknown organism sets are refused; an organism missing from a build is named")
    func factoryErrors() throws {
        // (validate rejects this set; the factory must refuse it too if built by hand)
        var pair = try RunnerFixtures.manifest()
        pair.organisms.removeLast()
        #expect(throws: RunError.unsupportedOrganismSet(["haiku", "sonnet"])) {
            _ = try CascadeAssembly.make(manifest: pair, mode: .sync, fieldDirectory: "/tmp")
        }
        #expect(RunError.organismUnavailable("haiku").description
                .hasPrefix("organism haiku is not available in this build"))
    }

    @Test("Initial field states are copied once per mode")
    func fieldStates() async throws {
        let dir = try RunnerFixtures.temporaryDirectory()
        // A real SQLite file with a HAiKU table: `run` checks a copy source before it starts.
        let source = dir.appendingPathComponent("seed.db").path
        let queue = try FieldDatabase.open(path: source)
        try await queue.write { db in try db.execute(sql: "CREATE TABLE words (id INTEGER PRIMARY KEY, word TEXT)") }
        try queue.close()
        let pristine = try Data(contentsOf: URL(fileURLWithPath: source))
        let manifest = try RunnerFixtures.manifest(
            modes: "[sync, async]", organisms: "{haiku: {field: {copy: \(source)}}, sonnet: {field: fresh}, prose: {}}",
            prompts: 1, repeats: 1, warmup: 0)
        let result = try await run(manifest)
        for mode in ["sync", "async"] {
            let copy = "\(result.directory)/fields/\(mode)/haiku.db"
            #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == pristine)
            #expect(!FileManager.default.fileExists(atPath: "\(result.directory)/fields/\(mode)/sonnet.db"))
        }
    }
}
