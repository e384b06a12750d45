import Testing
@testable import Harness

/// The clock in every run's machine facts comes from a chain of dependent adds. On Intel Golden Cove
/// (Sapphire/Emerald Rapids) a chain of *immediate* adds is folded at rename and read 11.7 "GHz";
/// the probe now adds a register. Checked against a chain of dependent multiplies (3 cycles each, never
/// folded) measured in the same process: the two estimates of one clock must agree.
@Suite struct ClockProbeTests {
    @Test func theAddProbeAgreesWithTheMultiplyChain() {
        let adds = MachineFacts.measureClockGHz(), muls = MachineFacts.measureClockGHzByMultiplies()
        #expect(adds > 0.5 && adds < 7, "add-chain clock \(adds) GHz is not a CPU clock")
        #expect(muls > 0.5 && muls < 7, "multiply-chain clock \(muls) GHz is not a CPU clock")
        // Both are CPU-time measurements of one core's clock; a folded or fused add chain reads ≥ 2×.
        #expect(abs(adds / muls - 1) < 0.3, "add chain \(adds) GHz vs multiply chain \(muls) GHz")
    }

    /// The FMA peak probes take the shortest of 8 runs after a discarded one: a run that came out fast
    /// before the timed ones (the warm-up) must not count, nor a probe that is unavailable (0).
    @Test func peakProbeDiscardsTheWarmUpAndTakesTheBestRun() {
        var times: [Double] = [1, 5, 3, 0, 4, 6, 7, 8, 9]
        let best = MachineFacts.bestSeconds { times.removeFirst() }
        #expect(best == 3)
        #expect(times.isEmpty)   // 1 warm-up + 8 timed runs
    }

    /// 8 lanes × 2 flops × the clock is what a core with one 256-bit FMA port reaches (Zen 1: two
    /// 128-bit halves); two ports reach twice that. Margins for timer and clock-probe noise.
    @Test func fmaPeakIsAtLeastOneFMAPerCycle() {
        let clock = MachineFacts.measureClockGHzByMultiplies(), peak = MachineFacts.measureFMAPeakGFLOPS()
        #expect(peak > 0.6 * 16 * clock && peak < 1.2 * 32 * clock, "256-bit FMA peak \(peak) GFLOP/s at \(clock) GHz")
    }
}
