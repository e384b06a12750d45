import Foundation
import Testing
@testable import Harness

/// Issue 10 with the real, stateful organisms (HAiKU, Sonnet, Prose and the hub, release build):
/// a small run is killed with a real SIGKILL at a deterministic instant (`HARMONIX_TEST_FAULT`, see
/// `FaultInjection`), resumed, and compared with an uninterrupted run of the same manifest: every
/// column of `turns.csv` but timings and run metadata, and every field table.
@Suite("Crash-safe runs with the real organisms", .serialized)
struct CrashResumeTests {
    /// 2 modes × 2 prompts, no warm-up (so fault counts land in measured cells): Sonnet at its full
    /// 800 characters (shorter outputs fail the formatter and leave its mind untouched), Prose 16 tokens.
    static func manifest(in directory: URL, warmup: Int = 0) throws -> String {
        let data = RunnerFixtures.sharedData.path
        let model = RunnerFixtures.repositoryRoot.appendingPathComponent("Models/SmolLM2-135M-Instruct.Q4_1.gguf").path
        let text = """
            name: crash
            seed: 20261204
            repeats: 1
            warmup: \(warmup)
            modes: [sync, async-parity]
            organisms:
              haiku:
                seeds: \(data)/haiku/seed_words.txt
                field: fresh
              sonnet:
                model: \(data)/sonnet/shakespeare_gpt.npz
                brain: \(data)/sonnet/sonnetbrain.json
                phase_state: \(data)/sonnet/phase_transitions.json
                max_tokens: 800
                field:
                  copy: \(data)/sonnet/sonnets.db
              prose:
                model: \(model)
                max_tokens: 16
                threads: 1
                field:
                  copy: \(data)/prose/prose.db
            prompts:
              - topic: t
                prompts: ["What stays when the tide goes out?", "Who keeps the key to an open door?"]
            metrics: {variants: [v4]}
            output: out
            """
        return try RunnerFixtures.write(text, to: "crash-w\(warmup).yaml", in: directory)
    }

    struct Child {
        var status: Int32
        var killed: Bool
        var stdout: String
        var stderr: String
    }

    /// Runs `harmonix` with `arguments` (and the fault variable when given) to its end.
    static func harmonix(_ arguments: [String], fault: String? = nil) throws -> Child {
        let dir = try RunnerFixtures.temporaryDirectory("crash-child")
        defer { try? FileManager.default.removeItem(at: dir) }
        let outURL = dir.appendingPathComponent("out"), errURL = dir.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = try Fixtures.harmonixBinary()
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "HARMONIX_TEST_FAULT")
        if let fault { environment["HARMONIX_TEST_FAULT"] = fault }
        process.environment = environment
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close(); try err.close()
        return Child(status: process.terminationStatus, killed: process.terminationReason == .uncaughtSignal,
                     stdout: try String(contentsOf: outURL, encoding: .utf8),
                     stderr: try String(contentsOf: errURL, encoding: .utf8))
    }

    /// The one run folder under `output`.
    static func runFolder(_ output: URL) throws -> String {
        let experiment = output.appendingPathComponent("crash")
        let runs = try FileManager.default.contentsOfDirectory(atPath: experiment.path)
        try #require(runs.count == 1)
        return experiment.appendingPathComponent(runs[0]).path
    }

    /// Every column but run metadata and timings: `run_id`, `latency_ms`, and extras that are seconds (`*_s`).
    static func comparable(_ run: String) throws -> [String] {
        let table = try TurnsCSV.read(path: run + "/turns.csv")
        let header = table.format.header
        return table.rows.map { row in
            var copy = row
            copy.extras = row.extras.filter { !$0.name.hasSuffix("_s") }
            return zip(header, table.format.fields(copy))
                .filter { $0.0 != "run_id" && $0.0 != "latency_ms" }
                .map { "\($0.0)=\($0.1)" }.joined(separator: "|")
        }
    }

    /// Row and table differences between two runs (empty: identical).
    static func differences(_ a: String, _ b: String) throws -> [String] {
        let rowsA = try comparable(a), rowsB = try comparable(b)
        var out: [String] = rowsA.count == rowsB.count ? [] : ["rows: \(rowsA.count) vs \(rowsB.count)"]
        for (i, (x, y)) in zip(rowsA, rowsB).enumerated() where x != y { out.append("row \(i + 1) differs") }
        return out + (try FieldTables.compare(run: a, run: b))
    }

    /// The uninterrupted run, made once for the suite.
    actor Reference {
        static let shared = Reference()
        private var folder: String?
        func run() throws -> String {
            if let folder { return folder }
            let dir = try RunnerFixtures.temporaryDirectory("crash-reference")
            let manifest = try CrashResumeTests.manifest(in: dir)
            let child = try CrashResumeTests.harmonix(["run", manifest, "--output", dir.appendingPathComponent("out").path,
                                                       "--progress", "none"])
            try #require(child.status == 0, "reference run failed: \(child.stderr)")
            let made = try CrashResumeTests.runFolder(dir.appendingPathComponent("out"))
            folder = made
            return made
        }
    }

    /// Kills a run at `fault`, resumes it, and returns (resumed run folder, resume's stdout).
    static func interruptAndResume(_ fault: String, checkpoints: Bool = true) throws -> (String, String) {
        let dir = try RunnerFixtures.temporaryDirectory("crash-\(fault.replacingOccurrences(of: ":", with: "-"))")
        let manifest = try manifest(in: dir)
        let output = dir.appendingPathComponent("out").path
        let extra = checkpoints ? [] : ["--no-checkpoint"]
        let first = try harmonix(["run", manifest, "--output", output, "--progress", "none"] + extra, fault: fault)
        #expect(first.killed && first.status == SIGKILL, "the run was not killed at \(fault): \(first.stderr)")
        let run = try runFolder(URL(fileURLWithPath: output))
        let resumed = try harmonix(["run", manifest, "--resume", run, "--progress", "none"] + extra)
        #expect(resumed.status == 0, "resume failed: \(resumed.stderr)")
        return (run, resumed.stdout)
    }

    // Fault counts: each mode's initial checkpoint hits `checkpoint-write` and `checkpoint-commit`
    // once (2 hits), then every cell once; every cell settles and absorbs 3 times.

    @Test("Killed just after a cell's checkpoint: resumed run identical to the uninterrupted one")
    func killAfterCell() async throws {
        let reference = try await Reference.shared.run()
        let (run, stdout) = try Self.interruptAndResume("checkpoint-commit:4")
        #expect(stdout.contains("resumed from cell 3 of 4 (state restored from checkpoint checkpoints/sync/"))
        #expect(try Self.differences(run, reference) == [])
    }

    @Test("Killed between two organisms' settles: the partial cell's writes are discarded")
    func killBetweenSettles() async throws {
        let reference = try await Reference.shared.run()
        let (run, stdout) = try Self.interruptAndResume("settle:8")
        #expect(stdout.contains("resumed from cell 3 of 4"))
        #expect(try Self.differences(run, reference) == [])
    }

    @Test("Killed during EXHALE")
    func killDuringExhale() async throws {
        let reference = try await Reference.shared.run()
        let (run, stdout) = try Self.interruptAndResume("exhale:5")
        #expect(stdout.contains("resumed from cell 2 of 4"))
        #expect(try Self.differences(run, reference) == [])
    }

    @Test("Killed while writing a checkpoint, and with a cell's rows written but not checkpointed")
    func killDuringCheckpoint() async throws {
        let reference = try await Reference.shared.run()
        let (run, stdout) = try Self.interruptAndResume("checkpoint-write:5")
        #expect(stdout.contains("resumed from cell 3 of 4"))
        #expect(try Self.differences(run, reference) == [])
        let (rowsRun, rowsStdout) = try Self.interruptAndResume("cell-rows:1")
        #expect(rowsStdout.contains("resumed from cell 1 of 4"))
        #expect(try Self.differences(rowsRun, reference) == [])
    }

    @Test("Without checkpoints (the old behaviour) the same interruption fails the comparison")
    func oldBehaviourFails() async throws {
        let reference = try await Reference.shared.run()
        let (run, _) = try Self.interruptAndResume("settle:8", checkpoints: false)
        #expect(!(try Self.differences(run, reference)).isEmpty)
    }

    @Test("Warm-up runs on throwaway copies: the measured rows and fields equal a run without warm-up")
    func warmupIsolated() async throws {
        let reference = try await Reference.shared.run()
        let dir = try RunnerFixtures.temporaryDirectory("crash-warmup")
        let manifest = try Self.manifest(in: dir, warmup: 1)
        let child = try Self.harmonix(["run", manifest, "--output", dir.appendingPathComponent("out").path, "--progress", "none"])
        #expect(child.status == 0, "\(child.stderr)")
        let run = try Self.runFolder(dir.appendingPathComponent("out"))
        #expect(try Self.differences(run, reference) == [])
        #expect(!FileManager.default.fileExists(atPath: run + "/.warmup"))
    }
}
