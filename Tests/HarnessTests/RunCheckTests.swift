import Cascade
import Foundation
import Testing
@testable import Harness

/// `harmonix check`, `compare`, `validate`, `run` and `chart` through the built binary: exit codes
/// and printed tables, on fixture runs (a test-only cascade) and the Leo transcripts.
@Suite("Check, compare and the command line")
struct RunCheckTests {
    /// Two identical fixture runs of the same manifest: (baseline, current).
    private func twoRuns(seed: Int = 3) async throws -> (RunResult, RunResult) {
        let manifest = try RunnerFixtures.manifest(modes: "[sync, async]", prompts: 3, repeats: 2, warmup: 0, seed: seed)
        func run(_ id: String) async throws -> RunResult {
            try await ExperimentRunner(manifest: manifest, options: RunOptions(progress: .none, runID: id),
                                       makeCascade: RunnerFixtures.fixtureMaker()).run()
        }
        return (try await run("base"), try await run("now"))
    }

    /// Rewrites a run's turns.csv through `change`.
    private func edit(_ run: RunResult, _ change: (inout TurnRow) -> Void) throws {
        let path = run.directory + "/turns.csv"
        var table = try TurnsCSV.read(path: path)
        for i in table.rows.indices { change(&table.rows[i]) }
        try CSVFile.write(header: table.format.header, rows: table.rows.map(table.format.fields), to: path)
    }

    @Test("Identical seeded runs pass; a changed text or a doubled latency is a regression")
    func checkInProcess() async throws {
        let (base, now) = try await twoRuns()
        let pass = try RunCheck.run(current: try BaselineRun.load(now.directory), baseline: try BaselineRun.load(base.directory))
        #expect(pass.outcome == .pass)
        #expect(pass.comparedRows == base.rows.count)
        #expect(pass.latency.allSatisfy { $0.comparison?.verdict == .noChange })
        // 2 modes × (haiku, sonnet, prose, meta, cascade).
        #expect(pass.latency.count == 10)
        // The async/sync ratio of the run equals the baseline's: ratio of ratios 1.
        let ratio = try #require(pass.modeRatios.first)
        #expect(pass.modeRatios.count == 1 && ratio.mode == .async)
        #expect(abs(ratio.currentRatio / ratio.baselineRatio - 1) < 1e-12)
        #expect(ratio.verdict == .noChange)

        try edit(now) { row in if row.promptID == "t/2" && row.stage == "sonnet" && row.mode == .sync { row.outputSHA256 = "x" } }
        let changed = try RunCheck.run(current: try BaselineRun.load(now.directory), baseline: try BaselineRun.load(base.directory))
        #expect(changed.outcome == .regression)
        #expect(changed.qualityDifferences.map(\.column) == ["output_sha256", "output_sha256"])   // repeats 0 and 1

        try edit(now) { row in
            row.outputSHA256 = base.rows.first { BaselineRun.key($0) == BaselineRun.key(row) }!.outputSHA256
            if row.stage == "cascade" && row.mode == .async { row.latencySeconds = row.latencySeconds! * 2 }
        }
        let slower = try RunCheck.run(current: try BaselineRun.load(now.directory), baseline: try BaselineRun.load(base.directory))
        #expect(slower.qualityDifferences.isEmpty)
        #expect(slower.outcome == .regression)
        let cell = try #require(slower.latency.first { $0.mode == .async && $0.stage == "cascade" })
        #expect(cell.comparison?.verdict == .regression)
        // async got 2× slower relative to sync within the run: the machine-independent gate sees it too.
        #expect(slower.modeRatios.first?.verdict == .regression)
        #expect(abs((slower.modeRatios.first.map { $0.currentRatio / $0.baselineRatio } ?? 0) - 2) < 1e-9)
        #expect(abs((cell.comparison?.ratio ?? 0) - 2) < 1e-6)
        #expect(slower.table.contains("Result: REGRESSION"))
    }

    @Test("Runs of another seed are incomparable")
    func incomparable() async throws {
        let (base, _) = try await twoRuns(seed: 3)
        let (other, _) = try await twoRuns(seed: 4)
        #expect(throws: CheckError.self) {
            try RunCheck.run(current: try BaselineRun.load(other.directory), baseline: try BaselineRun.load(base.directory))
        }
    }

    @Test("compare pairs rows and reports the time ratio with its interval")
    func compareInProcess() async throws {
        let (base, now) = try await twoRuns()
        try edit(now) { row in row.latencySeconds = row.latencySeconds.map { $0 / 2 } }
        let comparison = try RunCompare.run(reference: try BaselineRun.load(base.directory),
                                            candidate: try BaselineRun.load(now.directory))
        #expect(comparison.sharedRows == base.rows.count)
        #expect(comparison.differingOutputs == 0)
        let cascade = try #require(comparison.cells.first { $0.mode == .sync && $0.stage == "cascade" }?.comparison)
        #expect(abs(cascade.timeRatio - 0.5) < 1e-9)
        #expect(cascade.verdict == .faster)
        #expect(comparison.report(referenceName: "A", candidateName: "B").contains("sync: B ran 2.00× [2.00, 2.00] faster than A"))
    }

    @Test("harmonix check exit codes: 0 pass, 2 regression, 4 improvement with --strict, 1 error")
    func checkExitCodes() async throws {
        let binary = try Fixtures.harmonixBinary()
        let (base, now) = try await twoRuns()
        let pass = try Fixtures.run(binary, ["check", now.directory, "--baseline", base.directory])
        #expect(pass.status == 0, "\(pass.stderr)")
        #expect(pass.stdout.contains("Result: PASS"))

        try edit(now) { row in row.latencySeconds = row.latencySeconds.map { $0 / 3 } }
        let faster = try Fixtures.run(binary, ["check", now.directory, "--baseline", base.directory])
        #expect(faster.status == 0)
        #expect(faster.stdout.contains("Result: IMPROVEMENT"))
        let strict = try Fixtures.run(binary, ["check", now.directory, "--baseline", base.directory, "--strict"])
        #expect(strict.status == 4)

        try edit(now) { row in row.latencySeconds = row.latencySeconds.map { $0 * 6 } }
        let slower = try Fixtures.run(binary, ["check", now.directory + "/turns.csv", "--baseline", base.directory + "/turns.csv"])
        #expect(slower.status == 2)
        #expect(slower.stdout.contains("regression"))

        let missing = try Fixtures.run(binary, ["check", now.directory, "--baseline", "/nonexistent/run"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent/run"))
    }

    @Test("harmonix validate: 0 on every shipped manifest, 1 with file:line on a broken one")
    func validateCommand() throws {
        let binary = try Fixtures.harmonixBinary()
        let manifests = try FileManager.default.contentsOfDirectory(atPath: RunnerFixtures.experimentsDirectory.path)
            .filter { $0.hasSuffix(".yaml") }.map { RunnerFixtures.experimentsDirectory.appendingPathComponent($0).path }
        let good = try Fixtures.run(binary, ["validate"] + manifests)
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.split(separator: "\n").count == manifests.count)

        let dir = try RunnerFixtures.temporaryDirectory()
        let bad = try RunnerFixtures.write("name: x\nseed: 1\nwarmup: -1\norganisms: {haiku: {}}\nprompts: [{topic: a, prompts: [b]}]\n",
                                           to: "bad.yaml", in: dir)
        let result = try Fixtures.run(binary, ["validate", bad])
        #expect(result.status == 1)
        #expect(result.stderr.contains("bad.yaml:3:9: must be at least 0, found -1 at key 'warmup'"))
    }

    @Test("harmonix run: smoke.yaml runs HAiKU end to end")
    func runSmoke() throws {
        let binary = try Fixtures.harmonixBinary()
        let output = try RunnerFixtures.temporaryDirectory()
        let smoke = RunnerFixtures.experimentsDirectory.appendingPathComponent("smoke.yaml").path
        let result = try Fixtures.run(binary, ["run", smoke, "--output", output.path, "--progress", "plain"])
        #expect(result.status == 0, "\(result.stderr)")
        let runs = try FileManager.default.contentsOfDirectory(atPath: output.path + "/smoke")
        #expect(runs.count == 1)
        #expect(FileManager.default.fileExists(atPath: "\(output.path)/smoke/\(runs[0])/turns.csv"))
        #expect(result.stdout.contains("Run smoke/"))
    }

    @Test("harmonix chart --leo writes leo_scores.csv and three PNGs; chart RUN_DIR rebuilds a run")
    func chartCommand() async throws {
        let binary = try Fixtures.harmonixBinary()
        let output = try RunnerFixtures.temporaryDirectory()
        let leo = try Fixtures.run(binary, ["chart", "--leo", RunnerFixtures.sharedData.appendingPathComponent("leo").path,
                                            "--output", output.path])
        #expect(leo.status == 0, "\(leo.stderr)")
        #expect(leo.stderr.isEmpty, "gnuplot must be installed: \(leo.stderr)")
        let pngs = try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0.hasSuffix(".png") }
        #expect(pngs.count == 3)
        #expect(try CSVFile.read(path: output.path + "/leo_scores.csv").rows.count == 74 * 4)

        let (base, _) = try await twoRuns()
        let rebuilt = try Fixtures.run(binary, ["chart", base.directory])
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(FileManager.default.fileExists(atPath: base.directory + "/report.md"))
        #expect(FileManager.default.fileExists(atPath: base.directory + "/charts/optimal_share.png"))
    }
}
