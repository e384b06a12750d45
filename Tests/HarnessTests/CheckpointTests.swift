import Cascade
import Foundation
import HarmonixCore
import Testing
@testable import Harness

/// The checkpoint, lock and resume checks of issue 10 on the fixture cascade (fast, in process).
/// The real organisms, killed with SIGKILL, are in CrashResumeTests.
@Suite("Checkpoints, run lock and resume checks")
struct CheckpointTests {
    private func run(_ manifest: Manifest, options: RunOptions = RunOptions(progress: .none),
                     lines: RunnerFixtures.Lines? = nil) async throws -> RunResult {
        let sink = lines
        return try await ExperimentRunner(manifest: manifest, options: options, makeCascade: RunnerFixtures.fixtureMaker(),
                                          progressSink: { sink?.append($0) }).run()
    }

    private func size(_ path: String) throws -> UInt64 {
        try #require((try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.uint64Value)
    }

    @Test("Each mode keeps one committed checkpoint covering all its cells and every byte of turns.csv")
    func layout() async throws {
        let manifest = try RunnerFixtures.manifest(prompts: 2, repeats: 1)
        let result = try await run(manifest)
        let checkpoints = RunCheckpoints(runDirectory: result.directory)
        for mode in manifest.modes {
            let latest = try #require(try checkpoints.latest(mode: mode))
            #expect(latest.record.cells.count == 2)
            #expect(latest.directory.hasSuffix("checkpoints/\(mode.rawValue)/000002"))
            let entries = try FileManager.default.contentsOfDirectory(atPath: checkpoints.modeDirectory(mode))
            #expect(entries == ["000002"])
        }
        let newest = try manifest.modes.map { try #require(try checkpoints.latest(mode: $0)).record.turnsBytes }.max()
        #expect(newest == (try size(result.directory + "/turns.csv")))
        #expect(result.checkpointSeconds.count == 6 && result.cascadeSeconds.count == 6)
        let cost = try #require(CheckpointCost.load(runDirectory: result.directory))
        #expect(cost.checkpointSeconds.count == 6)
        _ = try RunArtifacts.write(directory: result.directory, rows: result.rows, variants: result.variants,
                                   targets: manifest.targets, margin: manifest.margin, provenance: result.provenance)
        let report = try String(contentsOfFile: result.directory + "/report.md", encoding: .utf8)
        #expect(report.contains("## Checkpoints"))
        #expect(report.contains("checkpoint per cell: median"))
    }

    @Test("Leftovers of a crash (.trash-…, .tmp-…) are never read as the latest checkpoint and the next one sweeps them")
    func leftoversSwept() async throws {
        let manifest = try RunnerFixtures.manifest(modes: "[sync]", prompts: 2, repeats: 1, warmup: 0)
        let result = try await run(manifest)
        let checkpoints = RunCheckpoints(runDirectory: result.directory)
        let modeDir = checkpoints.modeDirectory(.sync)
        let fm = FileManager.default
        // A process killed while a superseded checkpoint waited for deletion, and one killed
        // while writing the next checkpoint: both hold a complete-looking checkpoint.
        try fm.copyItem(atPath: modeDir + "/000002", toPath: modeDir + "/\(CheckpointTrash.prefix)killed")
        try fm.copyItem(atPath: modeDir + "/000002", toPath: modeDir + "/.tmp-000003")
        let latest = try #require(try checkpoints.latest(mode: .sync))
        #expect(latest.directory.hasSuffix("/000002"))
        let cascade = try RunnerFixtures.fixtureMaker()(manifest, .sync, result.directory + "/fields/sync")
        let cells = latest.record.cells + [CheckpointRecord.Cell(promptID: "t/9", repeatIndex: 0)]
        _ = try await checkpoints.write(mode: .sync, cells: cells, turnsBytes: latest.record.turnsBytes,
                                        fieldDirectory: result.directory + "/fields/sync", cascade: cascade)
        CheckpointTrash.drain()
        #expect(try fm.contentsOfDirectory(atPath: modeDir) == ["000003"])
        #expect(try checkpoints.latest(mode: .sync)?.record.cells == cells)
    }

    @Test("Resume drops rows written after the last checkpoint (a partial cell), byte for byte")
    func partialCellDropped() async throws {
        let manifest = try RunnerFixtures.manifest(modes: "[sync, async]", prompts: 2, repeats: 1, warmup: 0)
        let result = try await run(manifest)
        let turns = result.directory + "/turns.csv"
        let before = try Data(contentsOf: URL(fileURLWithPath: turns))
        let handle = try #require(FileHandle(forWritingAtPath: turns))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("fixture-run,fixture,t/9,t,\"half a row of a cell that never fin".utf8))
        try handle.close()
        let lines = RunnerFixtures.Lines()
        let resumed = try await run(manifest, options: RunOptions(resumeDirectory: result.directory, progress: .plain),
                                    lines: lines)
        #expect(resumed.cellsRun == 0 && resumed.cellsSkipped == 4)
        #expect(try Data(contentsOf: URL(fileURLWithPath: turns)) == before)
        #expect(resumed.resumeNote?.hasPrefix("resumed after cell 4 of 4, nothing left to run (state restored from checkpoint checkpoints/sync/000002, checkpoints/async/000002)") == true)
        #expect(lines.all.contains("resumed after cell 4 of 4"))
    }

    @Test("A turns.csv shorter than its checkpoints is refused, not silently re-run")
    func cutTurnsRefused() async throws {
        let manifest = try RunnerFixtures.manifest(modes: "[sync]", prompts: 2, repeats: 1, warmup: 0)
        let result = try await run(manifest)
        let turns = result.directory + "/turns.csv"
        let handle = try #require(FileHandle(forWritingAtPath: turns))
        try handle.truncate(atOffset: try size(turns) - 10)
        try handle.close()
        await #expect(throws: RunError.self) {
            _ = try await run(manifest, options: RunOptions(resumeDirectory: result.directory, progress: .none))
        }
    }

    @Test("Restoring fields removes side files a later cell wrote (e.g. HAiKU shards)")
    func sideFilesRemoved() async throws {
        let manifest = try RunnerFixtures.manifest(modes: "[sync]", prompts: 1, repeats: 1, warmup: 0)
        let result = try await run(manifest)
        let shards = result.directory + "/fields/sync/haiku-shards"
        try FileManager.default.createDirectory(atPath: shards, withIntermediateDirectories: true)
        let stray = shards + "/shard_1.json"
        try Data("{}".utf8).write(to: URL(fileURLWithPath: stray))
        _ = try await run(manifest, options: RunOptions(resumeDirectory: result.directory, progress: .none))
        #expect(!FileManager.default.fileExists(atPath: stray))
    }

    @Test("A second process on the same run folder stops at once, naming the holder's PID")
    func lockNamesHolder() async throws {
        let manifest = try RunnerFixtures.manifest(modes: "[sync]", prompts: 1, repeats: 1, warmup: 0)
        let result = try await run(manifest)
        let lock = try RunLock(directory: result.directory)
        let error = await #expect(throws: RunError.self) {
            _ = try await run(manifest, options: RunOptions(resumeDirectory: result.directory, progress: .none))
        }
        #expect(error == .runLocked(directory: result.directory, holder: "\(getpid())"))
        #expect(error?.description.contains("in use by process \(getpid())") == true)
        lock.release()
        let resumed = try await run(manifest, options: RunOptions(resumeDirectory: result.directory, progress: .none))
        #expect(resumed.cellsRun == 0)
    }

    @Test("--resume refuses another --filter or --limit, naming the difference")
    func filterLimitRefused() async throws {
        let manifest = try RunnerFixtures.manifest(modes: "[sync]", prompts: 3, repeats: 1, warmup: 0)
        let result = try await run(manifest, options: RunOptions(limit: 2, progress: .none))
        let noLimit = await #expect(throws: RunError.self) {
            _ = try await run(manifest, options: RunOptions(resumeDirectory: result.directory, progress: .none))
        }
        #expect(noLimit?.description.contains("--limit differs (run: 2, now: none)") == true)
        let filter = await #expect(throws: RunError.self) {
            _ = try await run(manifest, options: RunOptions(resumeDirectory: result.directory, filter: "t/1", limit: 2,
                                                            progress: .none))
        }
        #expect(filter?.description.contains("--filter differs (run: none, now: 't/1')") == true)
        let same = try await run(manifest, options: RunOptions(resumeDirectory: result.directory, limit: 2, progress: .none))
        #expect(same.cellsSkipped == 2)
    }

    @Test("A run without checkpoints cannot be resumed exactly: a clear error, not a silent fallback")
    func noCheckpointRefused() async throws {
        let manifest = try RunnerFixtures.manifest(modes: "[sync]", prompts: 1, repeats: 1, warmup: 0)
        let result = try await run(manifest, options: RunOptions(progress: .none, checkpoints: false))
        #expect(!FileManager.default.fileExists(atPath: result.directory + "/checkpoints"))
        await #expect(throws: RunError.checkpointMissing(directory: result.directory, mode: .sync)) {
            _ = try await run(manifest, options: RunOptions(resumeDirectory: result.directory, progress: .none))
        }
    }

    @Test("The fault hook's variable: point:n with n ≥ 1, anything else inert")
    func faultParse() {
        #expect(FaultInjection.parse("settle:3")! == ("settle", 3))
        #expect(FaultInjection.parse("checkpoint-write:1")! == ("checkpoint-write", 1))
        #expect(FaultInjection.parse("settle:0") == nil)
        #expect(FaultInjection.parse("settle") == nil)
        #expect(FaultInjection.parse(":2") == nil)
        #expect(FaultInjection.parse(nil) == nil)
    }

    @Test("FieldTables: equal tables match, a changed value is found, wall-clock columns are ignored")
    func fieldTables() throws {
        let root = try RunnerFixtures.temporaryDirectory("tables")
        func make(_ run: String, word: String, stamp: Double) throws -> String {
            let dir = root.appendingPathComponent("\(run)/fields/sync")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let q = try FieldDatabase.open(path: dir.appendingPathComponent("haiku.db").path)
            try q.write { db in
                try db.execute(sql: "CREATE TABLE words (id INTEGER PRIMARY KEY, word TEXT, last_used REAL)")
                try db.execute(sql: "INSERT INTO words (word, last_used) VALUES ('tide', ?), (?, ?)",
                               arguments: [stamp, word, stamp])
            }
            try q.close()
            return root.appendingPathComponent(run).path
        }
        let a = try make("a", word: "door", stamp: 1)
        let b = try make("b", word: "door", stamp: 2)
        let c = try make("c", word: "key", stamp: 1)
        #expect(try FieldTables.compare(run: a, run: b) == [])
        let differences = try FieldTables.compare(run: a, run: c)
        #expect(differences.count == 1 && differences[0].contains("sync/haiku.db words row 2"))
    }
}
