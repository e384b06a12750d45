import Cascade
import Foundation
import HarmonixCore
import Testing
@testable import Harness

/// Issue 8: the regression gate across CPUs. Each test breaks an invariant on purpose and sees the
/// gate that owns it fail (and the others not fail where they should not).
@Suite("Cross-CPU regression gate", .serialized)
struct CrossCPUGateTests {
    /// A Zen 1 as /proc/cpuinfo names it (the CPU of issue 8's failing CI).
    static let zen1 = MachineFacts(modelName: "AMD EPYC 7551 32-Core Processor", family: 23, model: 1,
                                   flags: ["avx", "avx2", "f16c", "fma"], clockGHz: 2.1, cores: 2)

    private func rewriteProvenance(_ directory: String, _ change: (inout RunProvenance) -> Void) throws {
        var provenance = try RunProvenance.read(from: directory)
        change(&provenance)
        try provenance.write(to: directory)
    }

    /// Two fixture runs ("base", "now") of one sync + async manifest: the same rows, to be edited.
    private func fixtureRuns(seed: Int) async throws -> (base: RunResult, now: RunResult) {
        let manifest = try RunnerFixtures.manifest(modes: "[sync, async]", prompts: 3, repeats: 2, warmup: 0, seed: seed)
        func run(_ id: String) async throws -> RunResult {
            try await ExperimentRunner(manifest: manifest, options: RunOptions(progress: .none, runID: id),
                                       makeCascade: RunnerFixtures.fixtureMaker()).run()
        }
        return (try await run("base"), try await run("now"))
    }

    @Test("/proc/cpuinfo facts: model, family/model, only the relevant flags; same CPU ignores the clock")
    func machineFacts() {
        let text = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            cpu family\t: 23
            model\t\t: 1
            model name\t: AMD EPYC 7551 32-Core Processor
            flags\t\t: fpu sse2 avx fma f16c avx2 sha_ni

            processor\t: 1
            model name\t: something else
            """
        let facts = MachineFacts.parse(cpuinfo: text, clockGHz: 2.0, cores: 2)
        #expect(facts.modelName == "AMD EPYC 7551 32-Core Processor")
        #expect(facts.family == 23 && facts.model == 1)
        #expect(facts.flags == ["avx", "avx2", "f16c", "fma"])
        #expect(facts.sameCPU(as: Self.zen1))                 // 2.0 vs 2.1 GHz: same CPU
        var zen4 = Self.zen1
        zen4.flags.append("avx512f")
        #expect(!facts.sameCPU(as: zen4))
        #expect(facts.slug == "amd-epyc-7551-32-core-processor-f23m1")
    }

    @Test("On another CPU a uniform 3x slow-down is not a regression; on the same CPU it is")
    func anotherCPU() async throws {
        let (base, now) = try await fixtureRuns(seed: 5)
        // A CPU 3x slower: every latency and the calibration spin take 3x as long.
        let path = now.directory + "/turns.csv"
        var table = try TurnsCSV.read(path: path)
        for i in table.rows.indices { table.rows[i].latencySeconds = table.rows[i].latencySeconds.map { $0 * 3 } }
        try CSVFile.write(header: table.format.header, rows: table.rows.map(table.format.fields), to: path)
        let baseSpin = try #require(try RunProvenance.read(from: base.directory).calibration)
        func slowed(_ s: CalibrationSpin) -> CalibrationSpin { CalibrationSpin(gemm: 3 * s.gemm, int8: 3 * s.int8, sqlite: 3 * s.sqlite) }
        try rewriteProvenance(now.directory) {
            $0.machine = Self.zen1
            $0.calibration = RunCalibration(before: slowed(baseSpin.before), after: baseSpin.after.map(slowed))
        }

        let other = try RunCheck.run(current: try BaselineRun.load(now.directory), baseline: try BaselineRun.load(base.directory))
        #expect(!other.absoluteLatencyGated)
        #expect(other.latency.contains { $0.comparison?.verdict == .regression })   // measured, not gated
        #expect(other.outcome == .pass)
        // The baseline ran here, on whatever CPU this is (an AMD EPYC or an Intel Xeon on this kind of machine).
        let baseCPU = try #require(try RunProvenance.read(from: base.directory).machine).modelName
        #expect(other.table.contains("latency not comparable: baseline on \(baseCPU)"))
        #expect(other.table.contains("now on AMD EPYC 7551"))
        #expect(!other.normalised.isEmpty && other.normalised.allSatisfy { abs(($0.comparison?.ratio ?? 0) - 1) < 1e-9 })
        #expect(!other.shares.isEmpty && other.shares.allSatisfy { $0.comparison?.verdict == .noChange })
        #expect(!other.sharesGated)

        try rewriteProvenance(now.directory) { $0.machine = try? RunProvenance.read(from: base.directory).machine }
        let same = try RunCheck.run(current: try BaselineRun.load(now.directory), baseline: try BaselineRun.load(base.directory))
        #expect(same.absoluteLatencyGated)
        #expect(same.outcome == .regression)
    }

    /// Sets every row's latency (all modes alike, so mode ratios stay 1): stage `name` takes
    /// `seconds[name]` times a small per-cell factor (the intervals get width), the cascade row the
    /// sum of its stages.
    private func setLatencies(_ directory: String, _ seconds: [String: Double]) throws {
        let path = directory + "/turns.csv"
        var table = try TurnsCSV.read(path: path)
        func factor(_ row: TurnRow) -> Double { 1 + 0.01 * Double(row.promptID.utf8.reduce(0) { $0 + Int($1) } % 7 + row.repeatIndex) }
        let total = seconds.values.reduce(0, +)
        for i in table.rows.indices {
            let row = table.rows[i]
            if row.stage == "cascade" { table.rows[i].latencySeconds = total * factor(row) }
            else if let s = seconds[row.stage] { table.rows[i].latencySeconds = s * factor(row) }
        }
        try CSVFile.write(header: table.format.header, rows: table.rows.map(table.format.fields), to: path)
    }

    @Test("A stage made 3x faster raises the other stages' shares: gated on the same CPU, shown but not gated on another")
    func sharesOnlyOnTheSameCPU() async throws {
        let (base, now) = try await fixtureRuns(seed: 6)
        try setLatencies(base.directory, ["haiku": 0.01, "sonnet": 0.8, "prose": 0.19])
        try setLatencies(now.directory, ["haiku": 0.01, "sonnet": 0.8 / 3, "prose": 0.19])
        // The baseline's calibration spin on both sides: spins measured while other tests load the
        // machine would move the normalised figures, which this test is not about.
        let baseProvenance = try RunProvenance.read(from: base.directory)
        try rewriteProvenance(now.directory) {
            $0.machine = baseProvenance.machine
            $0.calibration = baseProvenance.calibration
        }

        // HAiKU's and Prose's shares: 0.19 / 1.0 → 0.19 / 0.467, × 2.14 > 1 + τ_n = 1.75.
        let same = try RunCheck.run(current: try BaselineRun.load(now.directory), baseline: try BaselineRun.load(base.directory))
        let prose = try #require(same.shares.first { $0.stage == "prose" }?.comparison)
        #expect(abs(prose.ratio - 1 / (0.01 + 0.8 / 3 + 0.19)) < 0.05)
        #expect(prose.verdict == .regression)
        #expect(same.sharesGated && same.outcome == .regression)

        try rewriteProvenance(now.directory) { $0.machine = Self.zen1 }
        let other = try RunCheck.run(current: try BaselineRun.load(now.directory), baseline: try BaselineRun.load(base.directory))
        #expect(!other.sharesGated)
        #expect(other.shares.first { $0.stage == "prose" }?.comparison?.verdict == .regression)   // measured, not gated
        #expect(other.outcome != .regression, "\(other.table)")
        #expect(other.table.contains("NOT gated on another CPU") && other.table.contains("(regression, not gated)"))
    }

    @Test("A serialised async mode fails the within-run ratio gate, on another CPU too")
    func serialisedAsync() async throws {
        let manifest = try RunnerFixtures.manifest(modes: "[sync, async]", prompts: 3, repeats: 2, warmup: 1, seed: 9)
        func run(_ id: String, serial: Bool) async throws -> RunResult {
            try await ExperimentRunner(manifest: manifest, options: RunOptions(progress: .none, runID: id, calibrate: false),
                                       makeCascade: { _, _, _ in
                                           MetaHarmonix(haiku: SleepingOrganism(name: "haiku", milliseconds: 60),
                                                        sonnet: SleepingOrganism(name: "sonnet", milliseconds: 90),
                                                        prose: SleepingOrganism(name: "prose", milliseconds: 70),
                                                        serialisedAsyncForTesting: serial)
                                       }).run()
        }
        let base = try await run("base", serial: false), now = try await run("now", serial: true)
        try rewriteProvenance(now.directory) { $0.machine = Self.zen1 }
        let check = try RunCheck.run(current: try BaselineRun.load(now.directory), baseline: try BaselineRun.load(base.directory))
        #expect(check.qualityDifferences.isEmpty)                  // same texts: only the timing changed
        #expect(!check.absoluteLatencyGated)
        let ratio = try #require(check.modeRatios.first { $0.mode == .async })
        #expect(ratio.baselineRatio < 0.6)                          // ≈ 90 / 220 ms in parallel
        #expect(ratio.currentRatio > 0.85)                          // ≈ 1 serialised
        #expect(ratio.verdict == .regression)
        #expect(check.outcome == .regression)
    }

    @Test("A slowed Sonnet generation fails the calibration-normalised gate on the same CPU")
    func slowedSonnet() async throws {
        let data = RunnerFixtures.sharedData
        let dir = try RunnerFixtures.temporaryDirectory("slow-sonnet")
        let path = try RunnerFixtures.write("""
            name: slow-sonnet
            seed: 3
            repeats: 1
            warmup: 1
            modes: [sync]
            organisms:
              sonnet:
                model: \(data.appendingPathComponent("sonnet/shakespeare_gpt.npz").path)
                max_tokens: 160
                field: fresh
            prompts:
              - topic: t
                prompts: ["a door", "a tide", "a lamp"]
            metrics: {variants: [v4]}
            output: out
            """, to: "slow.yaml", in: dir)
        let manifest = try ManifestLoader.load(path: path, environment: [:])
        func run(_ id: String) async throws -> RunResult {
            try await ExperimentRunner(manifest: manifest, options: RunOptions(progress: .none, runID: id)).run()
        }
        let base = try await run("base")
        // 20 generations instead of 1: the stage also holds field and metric work that the knob leaves
        // alone (on an Intel Xeon with the AVX-512 kernels generation was ~1/3 of the stage, and 5
        // generations gave only 2.3x), so the slow-down must be large enough to dominate on any CPU.
        setenv("HARMONIX_TEST_SONNET_EXTRA_WORK", "19", 1)
        defer { unsetenv("HARMONIX_TEST_SONNET_EXTRA_WORK") }
        let now = try await run("slow")
        unsetenv("HARMONIX_TEST_SONNET_EXTRA_WORK")
        let check = try RunCheck.run(current: try BaselineRun.load(now.directory), baseline: try BaselineRun.load(base.directory))
        #expect(check.qualityDifferences.isEmpty)                  // the extra work's text is discarded
        #expect(check.absoluteLatencyGated)
        let cell = try #require(check.normalised.first { $0.mode == .sync && $0.stage == "sonnet" })
        #expect((cell.comparison?.ratio ?? 0) > 2.5)               // 20 generations instead of 1
        #expect(cell.comparison?.verdict == .regression)
        #expect(check.outcome == .regression)
    }
}

/// Test-only organism whose compose blocks a thread for a fixed time: wall time that overlaps
/// in `async` even on a loaded machine, so the within-run ratio is known. It blocks on its own
/// ``InferenceThread``, as the real organisms' inference does (the cascade's contract: blocking
/// work never holds a cooperative-pool thread, which on 2 cores would serialise the stages).
final class SleepingOrganism: Organism, @unchecked Sendable {
    let name: String
    let milliseconds: UInt32
    private let thread: InferenceThread

    init(name: String, milliseconds: UInt32) {
        self.name = name
        self.milliseconds = milliseconds
        thread = InferenceThread(label: "test.sleeping.\(name)")
    }

    func compose(_ request: TurnRequest) async throws -> String {
        let microseconds = milliseconds * 1000
        try await thread.run { usleep(microseconds) }
        var rng = SeededGenerator(seed: request.seed)
        let words = ["river", "stone", "light", "echo", "field", "night"]
        return (0..<5).map { _ in rng.pick(from: words) }.joined(separator: " ")
    }

    func settle(_ draft: String, context: TurnContext) async throws -> TurnResult {
        TurnResult(organism: name, input: ([context.prompt] + context.upstream).joined(separator: "\n"), output: draft,
                   dissonance: 0.5, seed: 0)
    }

    func absorb(_ disturbance: String) async throws {}

    /// Stateless: nothing a later turn depends on.
    func captureState() async -> NoMindState { NoMindState() }
    func restoreState(_ state: NoMindState) async throws {}
}
