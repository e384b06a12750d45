import Foundation
import Testing
@testable import Harness

/// Issue 14: field lineage, `--shard`, `merge`. Fast checks use the fixture cascade in-process; the
/// lineage isolation uses real HAiKU, and the end-to-end test real organisms in child processes.
@Suite("Field lineage, shards and merge")
struct ShardMergeTests {
    /// Topics a (2 prompts), b, c, d (1 each): with 3 shards the partition puts a alone, b and d together, c alone.
    static func manifestText(name: String = "dist", seed: Int = 11, lineage: String? = "topic",
                             organisms: String = "{haiku: {}, sonnet: {}, prose: {}}", modes: String = "[sync, async-parity]",
                             description: String = "shards") -> String {
        """
        name: \(name)
        description: \(description)
        seed: \(seed)
        repeats: 2
        warmup: 0
        modes: \(modes)
        organisms: \(organisms)
        \(lineage.map { "lineage: \($0)" } ?? "")
        prompts:
          - topic: a
            prompts: ["Where does the river go at night?", "Who keeps the lantern lit?"]
          - topic: b
            prompts: ["What stays when the tide goes out?"]
          - topic: c
            prompts: ["Describe a door nobody opened for years"]
          - topic: d
            prompts: ["Is the hallway part of the room?"]
        metrics: {variants: [v4]}
        output: out
        """
    }

    static func manifest(in directory: URL, file: String = "dist.yaml", seed: Int = 11, lineage: String? = "topic",
                         organisms: String = "{haiku: {}, sonnet: {}, prose: {}}", modes: String = "[sync, async-parity]",
                         description: String = "shards") throws -> Manifest {
        let path = try RunnerFixtures.write(manifestText(seed: seed, lineage: lineage, organisms: organisms, modes: modes,
                                                         description: description), to: file, in: directory)
        return try ManifestLoader.load(path: path, environment: [:])
    }

    /// A fixture-cascade run (in-process) into `output`; returns its folder.
    static func fixtureRun(_ manifest: Manifest, output: URL, shard: ShardSpec? = nil, runID: String = "r",
                           filter: String? = nil) async throws -> String {
        let options = RunOptions(filter: filter, outputDirectory: output.path, progress: .none, runID: runID,
                                 calibrate: false, shard: shard)
        return try await ExperimentRunner(manifest: manifest, options: options, makeCascade: RunnerFixtures.fixtureMaker())
            .run().directory
    }

    /// Three fixture shards of `manifest` under `output`.
    static func fixtureShards(_ manifest: Manifest, output: URL) async throws -> [String] {
        var folders: [String] = []
        for index in 0..<3 {
            folders.append(try await fixtureRun(manifest, output: output, shard: try ShardSpec(index: index, count: 3)))
        }
        return folders
    }

    // MARK: - Partition and shard spec

    @Test("The partition is deterministic, balanced by prompt count, and keeps unit order on ties")
    func partition() {
        #expect(ShardSpec.partition(weights: [2, 1, 1, 1], count: 3) == [0, 1, 2, 1])
        #expect(ShardSpec.partition(weights: [1, 1, 1], count: 5) == [0, 1, 2])
        let weights = (0..<23).map { ($0 * 7919) % 6 + 1 }
        let shards = ShardSpec.partition(weights: weights, count: 4)
        #expect(shards == ShardSpec.partition(weights: weights, count: 4))
        var load = [Int](repeating: 0, count: 4)
        for (unit, shard) in shards.enumerated() { load[shard] += weights[unit] }
        #expect(load.max()! - load.min()! <= weights.max()!, "unbalanced: \(load)")
        #expect(load.reduce(0, +) == weights.reduce(0, +))
    }

    @Test("--shard I/N and auto from Slurm and Kubernetes environments")
    func shardSpec() throws {
        #expect(try ShardSpec.parse("1/3") == ShardSpec(index: 1, count: 3))
        #expect(throws: ShardError.outOfRange(index: 3, count: 3)) { try ShardSpec.parse("3/3") }
        #expect(throws: ShardError.badSyntax("2")) { try ShardSpec.parse("2") }
        #expect(try ShardSpec.parse("auto", environment: ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "4"])
                == ShardSpec(index: 2, count: 4))
        // An array 1-3: ids are 1-based, shards 0-based.
        #expect(try ShardSpec.parse("auto", environment: ["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_MIN": "1",
                                                          "SLURM_ARRAY_TASK_MAX": "3"]) == ShardSpec(index: 2, count: 3))
        #expect(try ShardSpec.parse("auto", environment: ["JOB_COMPLETION_INDEX": "0", "HARMONIX_SHARD_COUNT": "2"])
                == ShardSpec(index: 0, count: 2))
        #expect(try ShardSpec.parse("auto", count: 5, environment: ["JOB_COMPLETION_INDEX": "4"]) == ShardSpec(index: 4, count: 5))
        #expect(throws: ShardError.noCount(source: "JOB_COMPLETION_INDEX")) {
            try ShardSpec.parse("auto", environment: ["JOB_COMPLETION_INDEX": "1"])
        }
        #expect(throws: ShardError.noEnvironment) { try ShardSpec.parse("auto", environment: [:]) }
        #expect(throws: ShardError.badEnvironment(name: "SLURM_ARRAY_TASK_ID", value: "x")) {
            try ShardSpec.parse("auto", environment: ["SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_COUNT": "2"])
        }
    }

    @Test("Lineage units: one per topic, one per prompt, or the whole run in the old folders")
    func units() throws {
        let dir = try RunnerFixtures.temporaryDirectory("dist-units")
        let manifest = try Self.manifest(in: dir)
        #expect(manifest.lineage == .topic)
        let topic = LineageUnit.units(of: manifest.prompts, lineage: .topic)
        #expect(topic.map(\.id) == ["a", "b", "c", "d"])
        #expect(topic[0].promptIDs == ["a/1", "a/2"])
        #expect(topic[1].slot(.sync) == "u001-b/sync")
        let prompt = LineageUnit.units(of: manifest.prompts, lineage: .prompt)
        #expect(prompt.map(\.folder) == ["u000-a_1", "u001-a_2", "u002-b_1", "u003-c_1", "u004-d_1"])
        let run = LineageUnit.units(of: manifest.prompts, lineage: .run)
        #expect(run.count == 1 && run[0].slot(.async) == "async")
        #expect(try Self.manifest(in: dir, file: "default.yaml", lineage: nil).lineage == .run)
    }

    @Test("An unknown lineage is a validation error with a suggestion")
    func badLineage() throws {
        let dir = try RunnerFixtures.temporaryDirectory("dist-bad")
        let path = try RunnerFixtures.write(Self.manifestText(lineage: "topik"), to: "bad.yaml", in: dir)
        let error = #expect(throws: ManifestError.self) { _ = try ManifestLoader.load(path: path, environment: [:]) }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("lineage") && text.contains("topik") && text.contains("topic"), "\(text)")
    }

    @Test("--shard refuses lineage run, and explains why")
    func shardRunLineage() async throws {
        let dir = try RunnerFixtures.temporaryDirectory("dist-run-lineage")
        let manifest = try Self.manifest(in: dir, lineage: "run")
        await #expect(throws: ShardError.runLineage) {
            _ = try await Self.fixtureRun(manifest, output: dir.appendingPathComponent("out"), shard: try ShardSpec(index: 0, count: 2))
        }
        #expect(ShardError.runLineage.description.contains("cannot be sharded"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/dist").path))
    }

    // MARK: - Merge (fixture cascade)

    @Test("Three shards merged equal the unsharded run, row for row and field for field")
    func mergeEqualsUnsharded() async throws {
        let dir = try RunnerFixtures.temporaryDirectory("dist-merge")
        let manifest = try Self.manifest(in: dir)
        let whole = try await Self.fixtureRun(manifest, output: dir.appendingPathComponent("whole"))
        let shards = try await Self.fixtureShards(manifest, output: dir.appendingPathComponent("shards"))
        #expect(try RunProvenance.read(from: shards[1]).shard?.ownUnits == ["b", "d"])
        let merged = dir.appendingPathComponent("merged").path
        let outcome = try ShardMerge.merge(shardDirectories: shards.reversed(), output: merged)
        #expect(outcome.units == 4 && outcome.missingUnits.isEmpty)
        #expect(try CrashResumeTests.comparable(merged).count == (try CrashResumeTests.comparable(whole)).count)
        #expect(try CrashResumeTests.comparable(merged).count >= 5 * 2 * 2 * 2)
        #expect(try CrashResumeTests.differences(merged, whole) == [])
        let report = try String(contentsOfFile: merged + "/report.md", encoding: .utf8)
        #expect(report.contains("| lineage | topic |"))
        #expect(report.contains("## Shards") && report.contains("| 1/3 |"))
        #expect(!report.contains("Partial merge"))
        #expect(try RunProvenance.read(from: merged).mergedFrom?.count == 3)
    }

    @Test("merge names a missing shard's units; --partial accepts them and marks the report")
    func mergeMissing() async throws {
        let dir = try RunnerFixtures.temporaryDirectory("dist-missing")
        let manifest = try Self.manifest(in: dir)
        let shards = try await Self.fixtureShards(manifest, output: dir.appendingPathComponent("shards"))
        let error = #expect(throws: MergeError.self) {
            _ = try ShardMerge.merge(shardDirectories: [shards[0], shards[2]], output: dir.appendingPathComponent("m").path)
        }
        #expect(error == .missing(units: ["b (shard 1/3)", "d (shard 1/3)"], absentShards: ["1/3"], incomplete: []))
        let partial = try ShardMerge.merge(shardDirectories: [shards[0], shards[2]],
                                           output: dir.appendingPathComponent("p").path, partial: true)
        #expect(partial.missingUnits == ["b", "d"])
        let report = try String(contentsOfFile: partial.directory + "/report.md", encoding: .utf8)
        #expect(report.contains("**Partial merge**") && report.contains("`b`, `d`"))
    }

    @Test("merge refuses a duplicated shard: the same folder twice, or a shard run twice")
    func mergeDuplicated() async throws {
        let dir = try RunnerFixtures.temporaryDirectory("dist-dup")
        let manifest = try Self.manifest(in: dir)
        let shards = try await Self.fixtureShards(manifest, output: dir.appendingPathComponent("shards"))
        #expect(throws: MergeError.self) {
            _ = try ShardMerge.merge(shardDirectories: shards + [shards[1]], output: dir.appendingPathComponent("m1").path)
        }
        let again = try await Self.fixtureRun(manifest, output: dir.appendingPathComponent("again"),
                                              shard: try ShardSpec(index: 1, count: 3))
        let error = #expect(throws: MergeError.self) {
            _ = try ShardMerge.merge(shardDirectories: shards + [again], output: dir.appendingPathComponent("m2").path)
        }
        guard case .duplicated(let what)? = error else { Issue.record("not a duplicate: \(String(describing: error))"); return }
        #expect(what.count == 2 && what[0].hasPrefix("unit 'b' is in shard 1/3"), "\(what)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("m2").path))
    }

    @Test("merge refuses shards of different seeds or manifests")
    func mergeMismatch() async throws {
        let dir = try RunnerFixtures.temporaryDirectory("dist-mismatch")
        let manifest = try Self.manifest(in: dir)
        let shards = try await Self.fixtureShards(manifest, output: dir.appendingPathComponent("shards"))
        let seeded = try Self.manifest(in: dir, file: "seeded.yaml", seed: 12)
        let otherSeed = try await Self.fixtureRun(seeded, output: dir.appendingPathComponent("seed"),
                                                  shard: try ShardSpec(index: 1, count: 3))
        let seedError = #expect(throws: MergeError.self) {
            _ = try ShardMerge.merge(shardDirectories: [shards[0], otherSeed, shards[2]], output: dir.appendingPathComponent("m").path)
        }
        if case .mismatch(let what, _, _, _, _)? = seedError { #expect(what == "manifest sha256", "\(what)") } else {
            Issue.record("no mismatch: \(String(describing: seedError))")
        }
        // Same seed, another manifest text: caught by its hash.
        let other = try Self.manifest(in: dir, file: "other.yaml", description: "another experiment")
        let otherManifest = try await Self.fixtureRun(other, output: dir.appendingPathComponent("other"),
                                                      shard: try ShardSpec(index: 1, count: 3))
        let manifestError = #expect(throws: MergeError.self) {
            _ = try ShardMerge.merge(shardDirectories: [shards[0], otherManifest, shards[2]],
                                     output: dir.appendingPathComponent("m").path)
        }
        if case .mismatch(let what, _, _, _, _)? = manifestError { #expect(what == "manifest sha256", "\(what)") } else {
            Issue.record("no mismatch: \(String(describing: manifestError))")
        }
        // A seed override on the command line leaves the manifest hash alone: the seed check catches it.
        let options = RunOptions(outputDirectory: dir.appendingPathComponent("s2").path, seed: 99, progress: .none,
                                 runID: "r", calibrate: false, shard: try ShardSpec(index: 2, count: 3))
        let overridden = try await ExperimentRunner(manifest: manifest, options: options,
                                                    makeCascade: RunnerFixtures.fixtureMaker()).run().directory
        let overrideError = #expect(throws: MergeError.self) {
            _ = try ShardMerge.merge(shardDirectories: [shards[0], shards[1], overridden],
                                     output: dir.appendingPathComponent("m").path)
        }
        if case .mismatch(let what, _, _, _, _)? = overrideError { #expect(what == "seed", "\(what)") } else {
            Issue.record("no mismatch: \(String(describing: overrideError))")
        }
    }

    // MARK: - Real organisms

    @Test("Topic lineage: each topic starts from the declared state (real HAiKU); lineage run carries state over")
    func topicIsolation() async throws {
        let dir = try RunnerFixtures.temporaryDirectory("dist-haiku")
        let seeds = RunnerFixtures.sharedData.appendingPathComponent("haiku/seed_words.txt").path
        let organisms = "{haiku: {seeds: \(seeds), field: fresh}}"
        func run(_ lineage: String, filter: String?, name: String) async throws -> [String] {
            let manifest = try Self.manifest(in: dir, file: "\(name).yaml", lineage: lineage, organisms: organisms, modes: "[sync]")
            let options = RunOptions(filter: filter, outputDirectory: dir.appendingPathComponent(name).path, progress: .none,
                                     runID: "r", calibrate: false)
            let folder = try await ExperimentRunner(manifest: manifest, options: options).run().directory
            return try CrashResumeTests.comparable(folder).filter { $0.contains("prompt_id=c/1|") }
        }
        let alone = try await run("run", filter: "^c/", name: "alone")
        let topic = try await run("topic", filter: nil, name: "topic")
        let shared = try await run("run", filter: nil, name: "shared")
        #expect(alone.count == 2 * 2)  // 2 repeats × (haiku + cascade rows)
        #expect(topic == alone)
        // The invariant check can fail: under lineage run topic c inherits a, b's history.
        #expect(shared != alone)
    }

    @Test("Real cascade, topic lineage: 3 concurrent shard processes merged equal the unsharded run; lineage run is refused")
    func realShardsInChildProcesses() async throws {
        let dir = try RunnerFixtures.temporaryDirectory("dist-real")
        let data = RunnerFixtures.sharedData.path
        let model = RunnerFixtures.repositoryRoot.appendingPathComponent("Models/SmolLM2-135M-Instruct.Q4_1.gguf").path
        let organisms = """
            
              haiku: {seeds: \(data)/haiku/seed_words.txt, field: fresh}
              sonnet: {model: \(data)/sonnet/shakespeare_gpt.npz, brain: \(data)/sonnet/sonnetbrain.json, phase_state: \(data)/sonnet/phase_transitions.json, max_tokens: 800, field: {copy: \(data)/sonnet/sonnets.db}}
              prose: {model: \(model), max_tokens: 16, threads: 1, field: {copy: \(data)/prose/prose.db}}
            """
        var text = Self.manifestText(organisms: organisms).replacingOccurrences(of: "repeats: 2", with: "repeats: 1")
        let path = try RunnerFixtures.write(text, to: "real.yaml", in: dir)
        text = text.replacingOccurrences(of: "lineage: topic", with: "")
        let runPath = try RunnerFixtures.write(text, to: "real-run.yaml", in: dir)

        let refused = try CrashResumeTests.harmonix(["run", runPath, "--shard", "0/2", "--progress", "none"])
        #expect(refused.status == 1 && refused.stderr.contains("lineage 'run' cannot be sharded"), "\(refused.stderr)")

        let whole = try CrashResumeTests.harmonix(["run", path, "--output", dir.appendingPathComponent("whole").path,
                                                  "--progress", "none"])
        try #require(whole.status == 0, "unsharded run failed: \(whole.stderr)")
        let children = try await withThrowingTaskGroup(of: CrashResumeTests.Child.self) { group in
            for index in 0..<3 {
                group.addTask {
                    try CrashResumeTests.harmonix(["run", path, "--shard", "\(index)/3", "--output",
                                                   dir.appendingPathComponent("shards").path, "--progress", "none"])
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for child in children { #expect(child.status == 0, "shard failed: \(child.stderr)") }
        let shardRoot = dir.appendingPathComponent("shards/dist")
        let shards = try FileManager.default.contentsOfDirectory(atPath: shardRoot.path).sorted()
            .map { shardRoot.appendingPathComponent($0).path }
        #expect(shards.count == 3)
        let merged = dir.appendingPathComponent("merged").path
        let merge = try CrashResumeTests.harmonix(["merge"] + shards + ["--output", merged])
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(merge.stdout.contains("merged 3 shards, 4 units"))
        let wholeRun = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("whole/dist").path)
        let reference = dir.appendingPathComponent("whole/dist").appendingPathComponent(wholeRun[0]).path
        #expect(try CrashResumeTests.comparable(merged).count == 5 * 2 * 5)  // 5 prompts × 2 modes × 5 rows
        #expect(try CrashResumeTests.differences(merged, reference) == [])
        let missing = try CrashResumeTests.harmonix(["merge", shards[0], shards[2], "--output", dir.appendingPathComponent("m2").path])
        #expect(missing.status == 3 && missing.stderr.contains("units missing"))
    }
}
