import Cascade
import Foundation
import HarmonixCore
import Testing
@testable import Harness

@Suite("The 47% question: Leo's protocol, controlled comparison, decomposition")
struct LeoQuestionTests {
    /// A cascade row with its scores, and (for sync) stage rows with the given latencies.
    private func cell(_ mode: CascadeMode, _ prompt: String, v3: Double, v4: Double, v5: Double,
                      total: Double = 2, stages: [(String, Double)] = [], meta: Double = 0, exhale: Double = 0) -> [TurnRow] {
        var rows = stages.enumerated().map { index, stage in
            TurnRow(runID: "r", experiment: "e", promptID: prompt, topic: "t", prompt: "p", mode: mode, repeatIndex: 0,
                    order: 0, stage: stage.0, stageIndex: index, seed: 1, input: "p", output: "x",
                    externalVocab: [.v3: 0, .v4: 0, .v5: 0], latencySeconds: stage.1, status: .ok)
        }
        rows.append(TurnRow(runID: "r", experiment: "e", promptID: prompt, topic: "t", prompt: "p", mode: mode,
                            repeatIndex: 0, order: 0, stage: "cascade", stageIndex: stages.count, seed: 1, input: "p",
                            output: "x", externalVocab: [.v3: v3, .v4: v4, .v5: v5], latencySeconds: total,
                            extras: [NamedValue("latency_meta_s", meta), NamedValue("latency_exhale_s", exhale)],
                            status: .ok))
        return rows
    }

    private func question(_ rows: [TurnRow], cores: Int = 2) throws -> LeoQuestion {
        let summary = RunSummary(rows: rows, variants: [.v3, .v4, .v5])
        return try #require(LeoQuestion(rows: rows, summary: summary, targets: TargetSpec(), cores: cores))
    }

    /// sync V3 = .4 .2 .3 .1, sync V4 = .3 .2 .2 .1, async-parity = sync, async V4 = .1 everywhere.
    private var separatedRun: [TurnRow] {
        let syncV3 = [0.4, 0.2, 0.3, 0.1], syncV4 = [0.3, 0.2, 0.2, 0.1]
        return (0..<4).flatMap { i -> [TurnRow] in
            let id = "t/\(i + 1)"
            return cell(.sync, id, v3: syncV3[i], v4: syncV4[i], v5: syncV4[i])
                + cell(.asyncParity, id, v3: syncV3[i], v4: syncV4[i], v5: syncV4[i])
                + cell(.async, id, v3: 0.1, v4: 0.1, v5: 0.1)
        }
    }

    @Test("Hand-computed: Leo's improvement 60%, terms 0.05 + 0 + 0.10 add up to 0.15")
    func decompositionAddsUp() throws {
        let q = try question(separatedRun)
        let leo = try #require(q.leoProtocol)
        #expect(abs(leo.first - 0.25) < 1e-12 && abs(leo.second - 0.1) < 1e-12)
        #expect(abs((q.leoImprovement?.estimate ?? 0) - 0.6) < 1e-12)     // 1 − 0.1 / 0.25
        #expect(leo.detected)                                              // every per-cell difference ≥ 0, mean 0.15
        #expect(q.decomposition.map(\.label).map { $0.prefix(8) } == ["metric v", "parallel", "contexts"])
        let terms = q.decomposition.map(\.estimate)
        #expect(abs(terms[0] - 0.05) < 1e-12 && abs(terms[1]) < 1e-12 && abs(terms[2] - 0.10) < 1e-12)
        #expect(abs(terms.reduce(0, +) - leo.estimate) < 1e-12)
        // Parity equals sync exactly: the interval is [0, 0], nothing detected.
        #expect(q.decomposition[1].interval.lower == 0 && q.decomposition[1].interval.upper == 0)
        #expect(!q.decomposition[1].detected)
        // Controlled, V4: async − sync per cell = −.2 −.1 −.1 0 → mean −0.1, every resample ≤ 0.
        let v4 = try #require(q.controlled.first { $0.mode == .async && $0.variant == .v4 })
        #expect(abs(v4.difference.estimate + 0.1) < 1e-12)
        let parity = try #require(q.controlled.first { $0.mode == .asyncParity && $0.variant == .v4 })
        #expect(parity.verdict == .none)
    }

    @Test("Leo's improvement: resamples with a sync V3 sum of 0 are counted, not sorted in as NaN")
    func improvementIntervalSkipsUndefinedResamples() throws {
        // Cell 1: sync V3 0.2, async V4 0.05; cell 2: sync V3 0, async V4 0.05. A resample of {2, 2}
        // (probability 1/4) has no ratio; the others give 1 − 0.1/0.4 = 0.75 or 1 − 0.1/0.2 = 0.5.
        let rows = cell(.sync, "t/1", v3: 0.2, v4: 0.1, v5: 0.1) + cell(.async, "t/1", v3: 0.05, v4: 0.05, v5: 0.05)
            + cell(.sync, "t/2", v3: 0, v4: 0, v5: 0) + cell(.async, "t/2", v3: 0.05, v4: 0.05, v5: 0.05)
        let q = try question(rows)
        let improvement = try #require(q.leoImprovement)
        #expect(abs(improvement.estimate - 0.5) < 1e-12)                    // 1 − 0.1 / 0.2
        let interval = try #require(improvement.interval)
        #expect(interval.lower == 0.5 && interval.upper == 0.75)
        #expect(improvement.undefinedResamples > 2_000 && improvement.undefinedResamples < 3_000)
        let text = q.markdown(targets: TargetSpec())
        #expect(!text.lowercased().contains("nan"))
        #expect(text.contains("had a sync V3 sum of 0"))
    }

    @Test("An interval that includes zero is worded as no difference, never as an improvement")
    func wordingFollowsTheInterval() throws {
        // async − sync = +0.1, −0.1, +0.1, −0.1 under every variant: the bootstrap interval spans zero.
        let rows = (0..<4).flatMap { i -> [TurnRow] in
            let s = 0.2, a = i % 2 == 0 ? 0.3 : 0.1
            return cell(.sync, "t/\(i)", v3: s, v4: s, v5: s) + cell(.async, "t/\(i)", v3: a, v4: a, v5: a)
        }
        let q = try question(rows)
        #expect(q.controlled.allSatisfy { $0.verdict == .none })
        let text = q.markdown(targets: TargetSpec())
        #expect(text.contains("async against sync: no difference was detected under V3, V4, V5."))
        #expect(text.contains("no difference was detected even under this protocol"))
        #expect(!text.lowercased().contains("improved"))

        // The same run with async clearly lower: now a direction is stated.
        let lower = (0..<4).flatMap { i -> [TurnRow] in
            cell(.sync, "t/\(i)", v3: 0.3, v4: 0.3, v5: 0.3) + cell(.async, "t/\(i)", v3: 0.1 + 0.01 * Double(i),
                                                                      v4: 0.1, v5: 0.1)
        }
        let detected = try question(lower).markdown(targets: TargetSpec())
        #expect(detected.contains("V4 lower under async"))
        #expect(!detected.contains("async against sync: no difference was detected"))
    }

    @Test("Optimal shares: k/n with Wilson intervals; a run without async has no section")
    func sharesAndAbsence() throws {
        let q = try question(separatedRun)
        let syncV3 = try #require(q.shares.first { $0.mode == .sync && $0.variant == .v3 })
        #expect(syncV3.optimal == 1 && syncV3.scored == 4)               // .4 .2 .3 .1: only 0.1 is < 0.2
        let wilson = ProportionInterval.wilson(successes: 1, trials: 4)
        #expect(syncV3.interval == wilson)
        let syncOnly = cell(.sync, "t/1", v3: 0.1, v4: 0.1, v5: 0.1) + cell(.sync, "t/2", v3: 0.1, v4: 0.1, v5: 0.1)
        #expect(LeoQuestion(rows: syncOnly, summary: RunSummary(rows: syncOnly, variants: [.v4]),
                            targets: TargetSpec(), cores: 2) == nil)
    }

    @Test("Async against the ideal bound: max(max stage, Σ/cores) of the sync cell + async meta and EXHALE")
    func idealBound() throws {
        // sync stages 0.1, 1.0, 0.5 s on 2 cores: max(1.0, 0.8) = 1.0; async meta 0.01 + exhale 0.09 → bound 1.1.
        // async totals 1.21 s in every cell → 1.1× the bound exactly.
        let rows = (0..<3).flatMap { i -> [TurnRow] in
            cell(.sync, "t/\(i)", v3: 0.1, v4: 0.1, v5: 0.1, total: 1.7,
                 stages: [("haiku", 0.1), ("sonnet", 1.0), ("prose", 0.5)])
                + cell(.async, "t/\(i)", v3: 0.1, v4: 0.1, v5: 0.1, total: 1.21, meta: 0.01, exhale: 0.09)
        }
        let bound = try #require(try question(rows).asyncOverBound)
        #expect(abs(bound.ratio - 1.1) < 1e-9)
        // One core: max(1.0, 1.6) = 1.6 + 0.1 → 1.21 / 1.7.
        let oneCore = try #require(try question(rows, cores: 1).asyncOverBound)
        #expect(abs(oneCore.ratio - 1.21 / 1.7) < 1e-9)
    }
}
