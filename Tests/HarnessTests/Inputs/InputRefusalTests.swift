import Cascade
import Foundation
import GRDB
import HarmonixCore
import Testing
@testable import Harness

/// Issue 12, part 2: every hostile input found by the survey, each failing before its fix.
@Suite("Hostile inputs: manifests, referenced files, check")
struct InputRefusalTests {
    static let minimal = """
        name: t
        seed: 1
        organisms:
          haiku: {}
        prompts:
          - topic: a
            prompts: [one, two, three]

        """

    func parse(_ text: String) throws -> Result<Manifest, ManifestError> {
        let dir = try RunnerFixtures.temporaryDirectory("inputs")
        let path = try RunnerFixtures.write(text, to: "m.yaml", in: dir)
        do {
            return .success(try ManifestLoader.parse(text, file: "m.yaml", sourcePath: path))
        } catch let error as ManifestError {
            return .failure(error)
        }
    }

    func issues(_ text: String) throws -> [ManifestIssue] {
        if case .failure(let error) = try parse(text) { return error.issues }
        return []
    }

    // MARK: limits

    @Test("repeats 1e12, warmup 10^12 and a matrix over the cascade limit are refused with their key")
    func limits() throws {
        let repeats = try issues(Self.minimal + "repeats: 1e12\n")
        #expect(repeats.count == 1)
        #expect(repeats.first?.keyPath == "repeats" && repeats.first?.line == 8 && repeats.first?.column == 10)
        #expect(repeats.first?.problem.contains("at most \(ManifestLimits.repeats)") == true)
        let warmup = try issues(Self.minimal + "warmup: 1000000000000\n")
        #expect(warmup.map(\.keyPath) == ["warmup"])
        #expect(warmup.first?.line == 8)
        // 3 prompts × 1 mode × 10 000 repeats is within each key's limit but... 30 000 + warmup ≤ 100 000:
        #expect(try issues(Self.minimal + "repeats: 10000\n").isEmpty)
        let prompts = (1...20).map { "p\($0)" }.joined(separator: ", ")
        let big = Self.minimal.replacingOccurrences(of: "[one, two, three]", with: "[\(prompts)]") + "repeats: 10000\n"
        let cascades = try issues(big)
        #expect(cascades.map(\.keyPath) == ["repeats"])
        #expect(cascades.first?.problem.contains("200003 cascades") == true)
    }

    @Test("--repeats beyond the limit stops the plan before it is built")
    func planLimit() throws {
        guard case .success(let manifest) = try parse(Self.minimal) else { Issue.record("minimal manifest invalid"); return }
        #expect(throws: RunError.tooManyCascades(repeats: 1_000_000_000_000, cascades: 3_000_000_000_003)) {
            _ = try RunPlan.make(manifest: manifest, seed: 1, repeats: 1_000_000_000_000, filter: nil, limit: nil)
        }
        #expect(throws: RunError.tooManyCascades(repeats: Int.max, cascades: Int.max)) {
            _ = try RunPlan.make(manifest: manifest, seed: 1, repeats: Int.max, filter: nil, limit: nil)
        }
    }

    @Test("An empty or blank prompt is refused (it scored 0.000 and counted as optimal)")
    func emptyPrompt() throws {
        let found = try issues(Self.minimal.replacingOccurrences(of: "[one, two, three]", with: "[one, \"\", \"   \"]"))
        #expect(found.count == 2)
        #expect(found.allSatisfy { $0.problem.contains("is empty") && $0.line == 6 })
    }

    // MARK: messages

    @Test("A directory, a binary file and a non-UTF-8 manifest get three distinct messages")
    func unreadableKinds() throws {
        let dir = try RunnerFixtures.temporaryDirectory("unreadable")
        let binary = dir.appendingPathComponent("binary.yaml"), latin = dir.appendingPathComponent("latin.yaml")
        try Data([0x6E, 0x61, 0x6D, 0x65, 0x3A, 0x20, 0x00, 0x01, 0xFF]).write(to: binary)
        try Data("name: caf\u{E9}\n".data(using: .isoLatin1)!).write(to: latin)
        var messages: [String] = []
        for path in [dir.path, binary.path, latin.path, dir.appendingPathComponent("none.yaml").path] {
            do {
                _ = try ManifestLoader.load(path: path)
                Issue.record("\(path) loaded")
            } catch let error as ManifestError {
                messages.append(error.description)
            }
        }
        #expect(Set(messages).count == 4)
        #expect(messages[0].contains("directory"))
        #expect(messages[1].contains("binary"))
        #expect(messages[2].contains("not UTF-8") && messages[2].contains("offset 9"))
        #expect(messages[3].contains("no such file"))
    }

    @Test("A duplicate key is reported where it repeats, and 'YAML syntax error' is said once")
    func duplicateKey() throws {
        let text = Self.minimal + "seed: 2\n"
        guard case .failure(let error) = try parse(text) else { Issue.record("duplicate key accepted"); return }
        let issue = try #require(error.issues.first)
        #expect(issue.line == 8 && issue.column == 1)
        #expect(error.description.components(separatedBy: "YAML syntax error").count == 2)
        #expect(error.description.contains("duplicate key 'seed'"))
        guard case .failure(let scanner) = try parse("name: [unclosed\n") else { Issue.record("bad YAML accepted"); return }
        #expect(scanner.description.components(separatedBy: "YAML syntax error").count == 2)
        #expect(!scanner.description.contains(":0:0:"))
    }

    // MARK: referenced files

    @Test("validate checks seeds, field copies (schema, integrity) and models, naming the source")
    func referencedFiles() throws {
        let dir = try RunnerFixtures.temporaryDirectory("referenced")
        let corrupt = dir.appendingPathComponent("corrupt.db").path
        try FileManager.default.copyItem(atPath: RunnerFixtures.sharedData.appendingPathComponent("sonnet/sonnets.db").path,
                                         toPath: corrupt)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: corrupt)
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: corrupt))
        try handle.seek(toOffset: 4096 * 50 + 100)
        try handle.write(contentsOf: Data(repeating: 0xFF, count: 2000))
        try handle.close()
        let notModel = try RunnerFixtures.write("not a model", to: "model.gguf", in: dir)
        let text = """
            name: t
            seed: 1
            modes: [sync]
            organisms:
              haiku: {seeds: \(dir.path)/missing-seeds.txt}
              sonnet: {field: {copy: \(corrupt)}}
              prose: {model: \(notModel), field: {copy: \(RunnerFixtures.sharedData.path)/sonnet/sonnets.db}}
            prompts:
              - topic: a
                prompts: [one]

            """
        let path = try RunnerFixtures.write(text, to: "m.yaml", in: dir)
        let manifest = try ManifestLoader.load(path: path)
        let found = ManifestLoader.inputIssues(manifest, file: "m.yaml")
        let byKey = Dictionary(found.map { ($0.keyPath, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(Set(byKey.keys) == ["organisms.haiku.seeds", "organisms.sonnet.field.copy", "organisms.prose.model",
                                    "organisms.prose.field.copy"])
        #expect(byKey["organisms.haiku.seeds"]?.line == 5)
        let damaged = try #require(byKey["organisms.sonnet.field.copy"])
        #expect(damaged.problem.contains(corrupt) && damaged.problem.contains("damaged") && damaged.line == 6)
        #expect(!damaged.description.contains("--resume") && !damaged.problem.contains("\n"))
        #expect(byKey["organisms.prose.field.copy"]?.problem.contains("not Prose's") == true)
        #expect(byKey["organisms.prose.model"]?.problem.contains(notModel) == true)
        // The shipped manifests reference only good files.
        let ci = RunnerFixtures.experimentsDirectory.appendingPathComponent("ci.yaml").path
        #expect(ManifestLoader.inputIssues(try ManifestLoader.load(path: ci), file: ci).isEmpty)
    }

    @Test("run refuses a damaged field copy before the run folder exists")
    func runRefusesDamagedCopy() async throws {
        let dir = try RunnerFixtures.temporaryDirectory("run-damaged")
        let source = dir.appendingPathComponent("seed.db").path
        let queue = try FieldDatabase.open(path: source)
        try await queue.write { db in
            try db.execute(sql: "CREATE TABLE words (id INTEGER PRIMARY KEY, word TEXT)")
            try db.execute(sql: """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
                INSERT INTO words (word) SELECT printf('word-%06d-padding-padding', i) FROM n
                """)
        }
        try queue.close()
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: source))
        try handle.seek(toOffset: 4096 * 3 + 120)
        try handle.write(contentsOf: Data(repeating: 0xFF, count: 600))
        try handle.close()
        let manifest = try RunnerFixtures.manifest(modes: "[sync]", organisms: "{haiku: {field: {copy: \(source)}}}",
                                                   prompts: 1, repeats: 1, warmup: 0)
        let output = dir.appendingPathComponent("out").path
        let runner = ExperimentRunner(manifest: manifest, options: RunOptions(outputDirectory: output, progress: .none),
                                      makeCascade: RunnerFixtures.fixtureMaker(), progressSink: { _ in })
        do {
            _ = try await runner.run()
            Issue.record("ran on a damaged field")
        } catch let error as ManifestError {
            #expect(error.description.contains(source) && error.description.contains("damaged"))
        }
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test("A field that turns out damaged mid-run stops the run without suggesting --resume")
    func damagedFieldStopsTheRun() async throws {
        let manifest = try RunnerFixtures.manifest(modes: "[sync]", organisms: "{haiku: {}}", prompts: 3, repeats: 1, warmup: 0)
        let dir = try RunnerFixtures.temporaryDirectory("damaged-midrun")
        let runner = ExperimentRunner(manifest: manifest,
                                      options: RunOptions(outputDirectory: dir.path, progress: .none),
                                      makeCascade: { manifest, _, _ in DamagedFieldCascade(stageNames: manifest.organismNames) },
                                      progressSink: { _ in })
        do {
            _ = try await runner.run()
            Issue.record("the run went on over a damaged field")
        } catch let error as RunError {
            guard case .fieldDamaged(let mode, _, _) = error else { Issue.record("wrong error: \(error)"); return }
            #expect(mode == .sync)
            #expect(!error.description.contains("--resume"))
        }
        // The same failure without SQLite's corruption words stays a failed cell (the run goes on).
        #expect(!FieldDatabase.reportsCorruption("organism haiku failed: seed list unreadable"))
        #expect(FieldDatabase.reportsCorruption(DamagedFieldCascade.Failure().description))
    }

    // MARK: resume

    @Test("A corrupt run.json is reported as corrupt, not missing")
    func corruptRunJSON() async throws {
        let dir = try RunnerFixtures.temporaryDirectory("corrupt-run")
        try RunnerFixtures.write("run_id\n", to: "turns.csv", in: dir)
        try RunnerFixtures.write("{\"broken", to: "run.json", in: dir)
        let manifest = try RunnerFixtures.manifest(modes: "[sync]", organisms: "{haiku: {}}", prompts: 1, repeats: 1, warmup: 0)
        let runner = ExperimentRunner(manifest: manifest, options: RunOptions(resumeDirectory: dir.path, progress: .none),
                                      makeCascade: RunnerFixtures.fixtureMaker(), progressSink: { _ in })
        do {
            _ = try await runner.run()
            Issue.record("resumed from a corrupt run.json")
        } catch let error as RunError {
            guard case .runFileCorrupt(let path, _) = error else { Issue.record("wrong error: \(error)"); return }
            #expect(path == dir.appendingPathComponent("run.json").path)
        }
    }
}

/// A cascade whose field database reports SQLite corruption on every cascade.
struct DamagedFieldCascade: CascadeRunner {
    struct Failure: Error, CustomStringConvertible {
        var description = "Sonnet field error: database disk image is malformed - while adding a sonnet"
    }
    var stageNames: [String]
    var supportedModes: [CascadeMode] = [.sync]
    func captureMinds() async throws -> [String: Data] { [:] }
    func restoreMinds(_ minds: [String: Data]) async throws {}
    func run(prompt: String, mode: CascadeMode, seeds: [String: UInt64]) async throws -> CascadeRecord { throw Failure() }
}
