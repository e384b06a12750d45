import Foundation
import HarmonixCore
import Testing
@testable import Harness

/// `harmonix stress` on the real HAiKU organism (no model files): the invariants hold with
/// cascades overlapping, and each injected fault makes them fail. Serialized: the faults are a
/// process-wide test flag.
@Suite(.serialized)
struct StressTests {
    static func haikuManifest() throws -> Manifest {
        let seeds = Fixtures.sharedData.appendingPathComponent("haiku/seed_words.txt").path
        return try RunnerFixtures.manifest(modes: "[sync]", organisms: "{haiku: {seeds: \"\(seeds)\"}}",
                                           prompts: 2, repeats: 1, warmup: 0)
    }

    static func run(cascades: Int, inFlight: Int, fault: FieldFault = .none, serial: Bool = false) async throws -> StressReport {
        let runner = StressRunner(manifest: try haikuManifest(), options: StressOptions(
            cascades: cascades, inFlight: inFlight, seed: 5, bound: 120, measureSerial: serial, fault: fault))
        return try await runner.run()
    }

    @Test func overlappingHaikuTurnsKeepEveryInvariant() async throws {
        let report = try await Self.run(cascades: 16, inFlight: 4, serial: true)
        #expect(report.invariants.map(\.name) == StressRunner.invariantNames)
        for row in report.invariants {
            #expect(row.checked > 0, "\(row.name) checked nothing")
            #expect(row.violations.isEmpty, "\(row.name): \(row.violations)")
        }
        #expect(report.totalViolations == 0)
        #expect(report.phases.map(\.inFlight) == [4, 1])
        #expect(report.phases.allSatisfy { $0.latencies.count == 16 })
        // 16 cascades per K, each a committed HAiKU turn of ~9 operations: the replay saw them all.
        #expect((report.invariant("linearizable")?.checked ?? 0) >= 2 * 16 * 5)
    }

    @Test func aSuspensionInsideAnOperationIsCaught() async throws {
        // One at a time the split read/write loses nothing...
        let serial = try await Self.run(cascades: 6, inFlight: 1, fault: .suspendInsideOperation)
        #expect(serial.totalViolations == 0)
        // ...overlapping, the turns' trigram upserts interleave at the injected suspension.
        let report = try await Self.run(cascades: 16, inFlight: 4, fault: .suspendInsideOperation)
        #expect(report.invariant("counts conserved")?.violations.isEmpty == false)
        #expect(report.invariant("linearizable")?.violations.isEmpty == false)
        #expect(report.totalViolations > 0)
    }

    @Test func removingTheGateWithoutAtomicTurnSequencesIsCaught() async throws {
        // The chain update and an unversioned save, two calls with a gap: a late save overwrites
        // a newer chain, and the stored transition counts fall short of what the turns added.
        let report = try await Self.run(cascades: 16, inFlight: 4, fault: .splitTurnSequences)
        let counts = report.invariant("counts conserved")?.violations ?? []
        #expect(counts.contains { $0.contains("markov_bigrams.count") }, "\(counts)")
        // The same sequences with the versioned save, same overlap: nothing lost.
        let fixed = try await Self.run(cascades: 16, inFlight: 4)
        #expect(fixed.totalViolations == 0)
    }
}
