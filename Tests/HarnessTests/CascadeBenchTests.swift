import Cascade
import HarmonixCore
import Testing
@testable import Harness

/// The ideal bound of `bench cascade`, computed by hand from made-up stage times.
@Suite struct CascadeBenchTests {
    private func record(_ mode: CascadeMode, _ latencies: [(String, Double)]) -> CascadeRecord {
        let stages = ["haiku", "sonnet", "prose"].map { TurnResult(organism: $0, input: "p", output: "x", seed: 0) }
        return CascadeRecord(mode: mode, stages: stages, latencies: latencies.map { NamedValue($0.0, $0.1) })
    }

    @Test func boundIsTheLargerOfTheLongestStageAndTheSumOverCores() {
        let sync = record(.sync, [("haiku", 0.01), ("sonnet", 1.5), ("prose", 2.0), ("meta", 0.001), ("exhale", 0.002), ("total", 3.52)])
        let async = record(.async, [("haiku", 0.02), ("sonnet", 1.9), ("prose", 2.3), ("meta", 0.004), ("exhale", 0.006), ("total", 2.4)])
        let pair = CascadeBench.Pair(promptID: "t/1", sync: sync, async: async)
        #expect(pair.syncStages == [0.01, 1.5, 2.0])
        // 2 cores: max(2.0, 3.51 / 2 = 1.755) = 2.0, plus the async run's meta and EXHALE (0.010).
        #expect(abs(pair.bound(cores: 2) - 2.010) < 1e-12)
        // 1 core: nothing can overlap, Σ = 3.51.
        #expect(abs(pair.bound(cores: 1) - 3.520) < 1e-12)
        // Balanced stages on 2 cores: Σ/2 dominates the longest stage.
        let even = record(.sync, [("haiku", 1.0), ("sonnet", 1.0), ("prose", 1.0)])
        let evenPair = CascadeBench.Pair(promptID: "t/2", sync: even, async: record(.async, [("meta", 0), ("exhale", 0)]))
        #expect(evenPair.bound(cores: 2) == 1.5)
    }

    @Test func tooFewPromptsSaysWhatToDo() {
        #expect(CascadeBenchError.tooFewPrompts(found: 1).description.contains("at least 2"))
    }
}
