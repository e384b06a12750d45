import Foundation
import HarmonixCore
import Testing
@testable import LlamaGGUF
@testable import Prose

/// Each step of llama.cpp's default chain alone, then the chain.
@Suite struct SamplerTests {
    typealias C = Sampler.Candidate
    static let logits: [Float] = [1, 3, 2, 3, -1, 0.5]

    @Test func greedyTakesTheFirstMaximum() {
        #expect(Self.logits.withUnsafeBufferPointer { Sampler.argmax($0.baseAddress!, count: 6) } == 1)
        var rng = SeededGenerator(seed: 1)
        let s = Sampler(temperature: 0)
        #expect(Self.logits.withUnsafeBufferPointer { s.sample($0.baseAddress!, count: 6, using: &rng) } == 1)
    }

    @Test func topKSortsDescendingAndCuts() {
        let c = Self.logits.enumerated().map { C(id: $0.offset, logit: $0.element) }
        #expect(Sampler.topK(c, k: 3).map(\.id) == [1, 3, 2])
        #expect(Sampler.topK(c, k: 0).map(\.id) == [1, 3, 2, 0, 5, 4])
    }

    /// The one-pass top-k over raw logits gives the same list as sorting everything.
    @Test func onePassTopKEqualsSortedTopK() {
        var rng = SeededGenerator(seed: 3)
        var logits = (0..<5000).map { _ in Float(rng.nextInt(below: 200)) / 10 }   // many ties
        logits[17] = 50
        let sorted = Sampler.topK(logits.enumerated().map { C(id: $0.offset, logit: $0.element) }, k: 40)
        let onePass = logits.withUnsafeBufferPointer { Sampler.topK($0.baseAddress!, count: 5000, k: 40) }
        #expect(onePass == sorted)
        #expect(onePass.first == C(id: 17, logit: 50))
    }

    @Test func topPKeepsThePrefixReachingP() {
        // probabilities of logits [ln 5, ln 3, ln 1, ln 1] = 0.5, 0.3, 0.1, 0.1
        let c = [C(id: 0, logit: logf(5)), C(id: 1, logit: logf(3)), C(id: 2, logit: 0), C(id: 3, logit: 0)]
        #expect(Sampler.topP(c, p: 0.45).map(\.id) == [0])
        #expect(Sampler.topP(c, p: 0.75).map(\.id) == [0, 1])
        #expect(Sampler.topP(c, p: 0.95).map(\.id) == [0, 1, 2, 3])
        #expect(Sampler.topP(c, p: 1).count == 4)
    }

    @Test func minPKeepsProbabilitiesAboveAFractionOfTheMaximum() {
        // p = 0.5, 0.3, 0.1, 0.1: threshold 0.25 keeps ids 0 and 1, 0.35 only id 0, 0.095 all four
        let c = [C(id: 0, logit: logf(5)), C(id: 1, logit: logf(3)), C(id: 2, logit: 0), C(id: 3, logit: 0)]
        #expect(Sampler.minP(c, p: 0.5).map(\.id) == [0, 1])
        #expect(Sampler.minP(c, p: 0.7).map(\.id) == [0])
        #expect(Sampler.minP(c, p: 0.19).map(\.id) == [0, 1, 2, 3])
    }

    @Test func temperatureDividesLogits() {
        let c = [C(id: 4, logit: 2), C(id: 5, logit: -1)]
        #expect(Sampler.applyTemperature(c, 0.5) == [C(id: 4, logit: 4), C(id: 5, logit: -2)])
    }

    @Test func drawFollowsTheSeededUniform() {
        // probabilities 0.25, 0.75: the draw is id 7 iff u < 0.25.
        let c = [C(id: 7, logit: 0), C(id: 9, logit: logf(3))]
        for seed in UInt64(0)..<20 {
            var a = SeededGenerator(seed: seed), b = SeededGenerator(seed: seed)
            let u = b.nextUnit()
            #expect(Sampler.draw(c, using: &a) == (u < 0.25 ? 7 : 9))
        }
    }

    @Test func chainIsReproducibleAndStaysInTheNucleus() {
        var logits = [Float](repeating: -10, count: 100)
        logits[10] = 5; logits[20] = 4.5; logits[30] = 4; logits[40] = 1
        let s = Sampler(temperature: 0.8)
        var seen = Set<Int>()
        for seed in UInt64(0)..<200 {
            var r1 = SeededGenerator(seed: seed), r2 = SeededGenerator(seed: seed)
            let a = logits.withUnsafeBufferPointer { s.sample($0.baseAddress!, count: 100, using: &r1) }
            let b = logits.withUnsafeBufferPointer { s.sample($0.baseAddress!, count: 100, using: &r2) }
            #expect(a == b)
            seen.insert(a)
        }
        // top-40 p ≈ 0.502, 0.304, 0.185, 0.009, …: top-p 0.95 keeps the first three (cumulative 0.991).
        #expect(seen == [10, 20, 30])
    }
}
