import HarmonixBase
import Testing
@testable import NanoGPTEngine
@testable import Sonnet

/// The forward pass's section clock (`bench sonnet`'s time breakdown and its element-wise bound).
@Suite("Sonnet forward profile")
struct ForwardProfileTests {
    @Test("attaching the clock changes no logit, and every window length reaches every section")
    func profilingChangesNothing() throws {
        let plain = try Fixtures.model()
        let profiled = try Fixtures.model()
        let profile = ForwardProfile()
        profiled.profile = profile
        var rng = SeededGenerator(seed: 11)
        for length in [1, 2, 7, 33, 64] {
            let ids = (0..<length).map { _ in Int(rng.nextUnit() * 65) % 65 }
            let a = plain.lastLogits(ids), b = profiled.lastLogits(ids)
            #expect(a.map(\.bitPattern) == b.map(\.bitPattern), "window \(length)")
        }
        let shares = profile.shares
        #expect(Set(shares.keys) == Set(ForwardProfile.Section.allCases))
        for section in ForwardProfile.Section.allCases {
            #expect((shares[section] ?? 0) > 0, "\(section.name) was never charged")
        }
        #expect(abs(shares.values.reduce(0, +) - 1) < 1e-12)
        // The products with the weights are most of the work: if the marks were misplaced (say, the
        // GEMMs charged to LayerNorm) this fails.
        let linear = shares[.linear] ?? 0
        #expect(shares.filter { $0.key != .linear }.values.allSatisfy { $0 < linear })
        #expect(plain.profile == nil)
    }

    @Test("shares and the element-wise bound, hand-computed")
    func boundArithmetic() {
        // 100 cycles: LayerNorm 10 + softmax 5 + GELU 10 = 25% element-wise.
        let profile = ForwardProfile(cycles: [.layerNorm: 10, .linear: 70, .softmax: 5, .gelu: 10, .attentionProducts: 5])
        #expect(profile.totalCycles == 100)
        #expect(profile.shares[.linear] == 0.7)
        #expect(profile.shares[.embedding] == 0)
        #expect(abs(profile.elementwiseShare - 0.25) < 1e-15)
        // 60% of peak with a quarter of the time element-wise: at most 60 / 0.75 = 80%.
        #expect(abs(profile.elementwiseFreeBound(peakShare: 0.6) - 0.8) < 1e-15)
        #expect(ForwardProfile().shares.isEmpty)
        #expect(ForwardProfile().elementwiseShare == 0)
    }
}
