import Foundation
import Testing
@testable import Harness

/// Exact resume with lineage units (issue 14 on issue 10): a topic-lineage run of real HAiKU is
/// SIGKILLed at a unit boundary, inside a unit, and between a cell's rows and its checkpoint, then
/// resumed; rows (all but timings) and every field table must equal an uninterrupted run's.
@Suite("Lineage units resume exactly (real HAiKU, SIGKILL)", .serialized)
struct LineageResumeTests {
    /// 4 topics (a: 2 prompts, b, c, d: 1), 2 repeats, sync only, no warm-up: 10 cells. Fault counts:
    /// each unit's first checkpoint is one `checkpoint-commit` hit, each cell one more and one `cell-rows`.
    static func manifest(in directory: URL) throws -> String {
        let seeds = RunnerFixtures.sharedData.appendingPathComponent("haiku/seed_words.txt").path
        let text = ShardMergeTests.manifestText(organisms: "{haiku: {seeds: \(seeds), field: fresh}}", modes: "[sync]")
            .replacingOccurrences(of: "name: dist", with: "name: crash")
        return try RunnerFixtures.write(text, to: "lineage.yaml", in: directory)
    }

    static func run(_ extra: [String], in dir: URL, fault: String? = nil) throws -> CrashResumeTests.Child {
        try CrashResumeTests.harmonix(["run", try manifest(in: dir), "--output", dir.appendingPathComponent("out").path,
                                       "--progress", "none"] + extra, fault: fault)
    }

    @Test("Killed at a unit boundary, inside a unit, and mid-cell: the resumed run equals the uninterrupted one",
          arguments: ["checkpoint-commit:5", "checkpoint-commit:7", "cell-rows:6"])
    func killAndResume(fault: String) throws {
        let referenceDir = try RunnerFixtures.temporaryDirectory("lineage-reference")
        let whole = try Self.run([], in: referenceDir)
        try #require(whole.status == 0, "\(whole.stderr)")
        let reference = try CrashResumeTests.runFolder(referenceDir.appendingPathComponent("out"))

        let dir = try RunnerFixtures.temporaryDirectory("lineage-kill")
        let killed = try Self.run([], in: dir, fault: fault)
        #expect(killed.killed, "not killed at \(fault): \(killed.stderr)")
        let folder = try CrashResumeTests.runFolder(dir.appendingPathComponent("out"))
        let resumed = try Self.run(["--resume", folder], in: dir)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("resumed from cell"), "\(resumed.stdout)")
        #expect(try CrashResumeTests.differences(folder, reference) == [])
        // The comparison sees unit fields: the reference has a field database per unit.
        #expect(try FieldTables.rowCount(run: reference) > 0)
        #expect(FieldTables.databases(reference).contains("u001-b/sync/haiku.db"))
    }
}
