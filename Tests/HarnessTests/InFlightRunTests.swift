import Foundation
import HarmonixCore
import Testing
@testable import Harness

/// `in_flight: K` runs (issue 11) on the real HAiKU organism (no model files): the invariants hold,
/// the run says it is not reproducible, a fault makes the end-of-run check fail, and `check`
/// compares only invariants and ratios. In the serialized ``StressTests`` suite: the faults are a
/// process-wide test flag.
extension StressTests {
    static func inFlightManifest(inFlight: Int) throws -> Manifest {
        let seeds = Fixtures.sharedData.appendingPathComponent("haiku/seed_words.txt").path
        return try RunnerFixtures.manifest(modes: "[sync]", organisms: "{haiku: {seeds: \"\(seeds)\"}}",
                                           prompts: 4, repeats: 4, warmup: 1, extra: "in_flight: \(inFlight)")
    }

    static func inFlightRun(_ manifest: Manifest, fault: FieldFault = .none) async throws -> (RunResult, String) {
        let output = try RunnerFixtures.temporaryDirectory("inflight")
        FieldFaults.set(fault)
        defer { FieldFaults.set(.none) }
        let result = try await ExperimentRunner(
            manifest: manifest, options: RunOptions(outputDirectory: output.path, progress: .none, calibrate: false)).run()
        _ = try RunArtifacts.write(directory: result.directory, rows: result.rows, variants: result.variants,
                                   targets: manifest.targets, margin: manifest.margin, provenance: result.provenance,
                                   renderer: GnuplotRenderer(executable: "/nonexistent/gnuplot"))
        return (result, result.directory)
    }

    static func file(_ name: String, in directory: String) throws -> String {
        try String(contentsOfFile: (directory as NSString).appendingPathComponent(name), encoding: .utf8)
    }

    @Test func anInFlightRunKeepsTheInvariantsAndSaysItIsNotReproducible() async throws {
        let (result, directory) = try await Self.inFlightRun(try Self.inFlightManifest(inFlight: 4))
        let outcome = try #require(result.inFlight)
        #expect(outcome.inFlight == 4)
        #expect(outcome.cascades == 16)
        #expect(outcome.latencies.count == 16)
        #expect(outcome.cascadesPerMinute > 0)
        #expect(outcome.invariants.map(\.name) == FieldInvariants.names)
        for row in outcome.invariants {
            #expect(row.checked > 0, "\(row.name) checked nothing")
            #expect(row.violations.isEmpty, "\(row.name): \(row.violations)")
        }
        // Every cell ran once, in some finishing order.
        #expect(result.rows.filter { $0.stage == "cascade" && $0.status != .failed }.count == 16)
        // On disk: in_flight.json, run.json and the report say what kind of run it was.
        #expect(try InFlightOutcome.load(runDirectory: directory) == outcome)
        let provenance = try RunProvenance.read(from: directory)
        #expect(provenance.inFlight == 4)
        #expect(provenance.reproducible == false)
        #expect(try Self.file("run.json", in: directory).contains("\"reproducible\" : false"))
        let report = try Self.file("report.md", in: directory)
        #expect(report.contains("not reproducible"))
        #expect(report.contains("## Throughput and field invariants"))
        #expect(report.contains("| linearizable |"))
        // No checkpoints, and no resume.
        #expect(!FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent("checkpoints")))
        await #expect(throws: RunError.inFlightNotResumable(directory: directory, inFlight: 4)) {
            _ = try await ExperimentRunner(manifest: try Self.inFlightManifest(inFlight: 4),
                                           options: RunOptions(resumeDirectory: directory, progress: .none)).run()
        }
    }

    @Test func aOneAtATimeRunWritesNoInFlightKeys() async throws {
        let (result, directory) = try await Self.inFlightRun(try Self.inFlightManifest(inFlight: 1))
        #expect(result.inFlight == nil)
        let json = try Self.file("run.json", in: directory)
        #expect(!json.contains("in_flight") && !json.contains("reproducible"))
        #expect(!FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(InFlightOutcome.fileName)))
        #expect(!(try Self.file("report.md", in: directory)).contains("not reproducible"))
    }

    @Test func aFaultMakesTheEndOfRunCheckFail() async throws {
        // The trigram upsert split around a suspension: overlapping turns lose counts.
        let (result, directory) = try await Self.inFlightRun(try Self.inFlightManifest(inFlight: 4),
                                                             fault: .suspendInsideOperation)
        let outcome = try #require(result.inFlight)
        #expect(outcome.totalViolations > 0)
        #expect(outcome.invariants.first { $0.name == "counts conserved" }?.violations.isEmpty == false)
        #expect(try Self.file("report.md", in: directory).contains("\(outcome.totalViolations) violations"))

        // `check` gates on the invariants of such a run: this one against a clean in_flight run regresses...
        let (_, clean) = try await Self.inFlightRun(try Self.inFlightManifest(inFlight: 4))
        let broken = try RunCheck.run(current: try BaselineRun.load(directory), baseline: try BaselineRun.load(clean))
        #expect(broken.outcome == .regression)
        #expect(broken.table.contains("not compared row by row"))
        #expect(broken.qualityDifferences.isEmpty)
        // ...and the clean one against the broken baseline passes: texts differ, but only invariants
        // and ratios count.
        let fine = try RunCheck.run(current: try BaselineRun.load(clean), baseline: try BaselineRun.load(directory))
        #expect(fine.outcome != .regression, "\(fine.table)")
        #expect(fine.table.contains("Field invariants (cascade.md §3.5): 0 violations"))
    }
}

@Suite("in_flight manifest key")
struct InFlightManifestTests {
    private func issues(_ value: String, extra: String = "") throws -> [ManifestIssue] {
        let dir = try RunnerFixtures.temporaryDirectory("manifest")
        let text = """
            name: t
            seed: 1
            organisms:
              haiku: {}
            prompts:
              - topic: a
                prompts: [one, two]
            \(extra)
            in_flight: \(value)

            """
        let path = try RunnerFixtures.write(text, to: "m.yaml", in: dir)
        do {
            _ = try ManifestLoader.parse(text, file: "m.yaml", sourcePath: path, environment: [:])
            return []
        } catch let error as ManifestError {
            return error.issues
        }
    }

    @Test func acceptsOneToTheCap() throws {
        #expect(try issues("1").isEmpty)
        #expect(try issues("\(ManifestLoader.maxInFlight)").isEmpty)
    }

    @Test func rejectsZeroAboveTheCapAndConcurrencyWithLine() throws {
        let zero = try issues("0")
        #expect(zero.count == 1 && zero[0].keyPath == "in_flight" && zero[0].line == 9, "\(zero)")
        #expect(zero.first?.problem.contains("at least 1") == true)
        let above = try issues("\(ManifestLoader.maxInFlight + 1)")
        #expect(above.count == 1 && above[0].line == 9 && above[0].problem.contains("at most \(ManifestLoader.maxInFlight)"), "\(above)")
        let both = try issues("4", extra: "concurrency: 2")
        #expect(both.count == 1 && both[0].line == 9 && both[0].problem.contains("cannot be combined"), "\(both)")
        #expect(try issues("four").first?.problem.contains("whole number") == true)
    }
}
