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
}
