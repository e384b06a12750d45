import Cascade
import Foundation
import Testing
@testable import Harness

@Suite("Run summary and Leo targets")
struct RunSummaryTests {
    private func row(_ mode: CascadeMode, _ prompt: String, latency: Double?, v4: Double?, status: RowStatus = .ok) -> TurnRow {
        TurnRow(runID: "r", experiment: "e", promptID: prompt, topic: "t", prompt: "p", mode: mode, repeatIndex: 0,
                order: 0, stage: "cascade", stageIndex: 3, seed: 1, input: "p", output: status == .ok ? "x" : "",
                externalVocab: v4.map { [.v4: $0] } ?? [:], latencySeconds: latency, status: status)
    }

    @Test("Hand-computed: counts apart, mean over scored turns, strict < 0.2, targets judged per variant")
    func handComputed() throws {
        // sync: latencies 1, 2, 3, 4 s; v4 = 0.1, 0.3, 0.2 (exactly 0.2: not optimal), empty, failed.
        let rows = [
            row(.sync, "t/1", latency: 1, v4: 0.1), row(.sync, "t/2", latency: 2, v4: 0.3),
            row(.sync, "t/3", latency: 3, v4: 0.2), row(.sync, "t/4", latency: 4, v4: nil, status: .empty),
            row(.sync, "t/5", latency: nil, v4: nil, status: .failed),
        ]
        let summary = RunSummary(rows: rows, variants: [.v4])
        let group = try #require(summary.group(mode: .sync, stage: "cascade"))
        #expect(group.rowCount == 5 && group.okCount == 3 && group.emptyCount == 1 && group.failedCount == 1)
        // Latency over the 4 non-failed rows: median (2 + 3) / 2.
        #expect(group.latency?.median == 2.5)
        #expect(group.latency?.count == 4)
        let score = try #require(group.scores[.v4])
        #expect(score.scoredCount == 3)
        #expect(abs((score.mean ?? 0) - 0.2) < 1e-12)          // (0.1 + 0.3 + 0.2) / 3
        #expect(score.optimalCount == 1)                       // only 0.1; 0.2 is not < 0.2
        #expect(score.emptyCount == 1 && score.failedCount == 1)

        let targets = LeoTargets.rows(summary: summary, targets: TargetSpec(variant: .v4, meanExternalVocab: 0.15,
                                                                           optimalShare: 0.8, maxCascadeSeconds: 3))
        #expect(targets.map(\.figure) == ["mean_external_vocab", "optimal_share", "median_cascade_seconds"])
        #expect(targets[0].leo == 0.215 && targets[0].leoSource.hasPrefix("Leo sync"))   // metrics.md §1.8, V4 sync
        #expect(targets[0].outcome == .fail)
        #expect(abs((targets[1].ours ?? 0) - 1.0 / 3) < 1e-12)
        #expect(targets[1].leo == 27.0 / 60)
        #expect(targets[2].ours == 2.5 && targets[2].outcome == .pass && targets[2].target == "< 3")

        let csv = SummaryCSV.rows(summary)
        let header = SummaryCSV.header(variants: [.v4])
        let fields = Dictionary(uniqueKeysWithValues: zip(header, csv[0]))
        #expect(fields["latency_ms_median"] == "2500.000")
        #expect(fields["external_vocab_v4_mean"] == "0.200000")
        #expect(fields["optimal_v4_count"] == "1")
        #expect(fields["optimal_v4_pct"] == "33.3")
        // Leo-compatible mean scores empty and failed as 0.0: (0.1 + 0.3 + 0.2 + 0 + 0) / 5.
        #expect(fields["external_vocab_v4_leo_compatible_mean"] == "0.120000")
    }

    @Test("Async targets quote Leo's async run A: 0.112 / 85.7% under V4")
    func asyncReference() {
        let reference = LeoTargets.reference(mode: .async, variant: .v4)
        #expect(reference?.meanExternalVocab == 0.112)
        #expect(reference?.optimalShare == 12.0 / 14)
        #expect(LeoTargets.reference(mode: .sync, variant: .v3)?.meanExternalVocab == 0.209)
        #expect(LeoTargets.reference(mode: .asyncParity, variant: .v1) == nil)
    }
}
