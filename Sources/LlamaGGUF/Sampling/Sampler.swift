import Foundation
import HarmonixBase

/// llama.cpp's default sampler chain as llama-cpp-python 0.3.36 builds it (prose.md §1.4), with our
/// seeded PRNG for the final draw:
/// `top_k(40) → top_p(0.95) → min_p(0.05) → temperature(T) → draw`. Penalties (1.0), typical_p (1.0)
/// and mirostat are off by default and omitted. T == 0 → argmax; T < 0 → draw from the full softmax.
///
/// Each step is a pure function over a candidate list so that tests can check them one by one.
public struct Sampler: Sendable {
    public var temperature: Float
    public var topK: Int = 40
    public var topP: Float = 0.95
    public var minP: Float = 0.05

    /// A token id and its (possibly transformed) logit.
    public struct Candidate: Sendable, Equatable {
        public var id: Int
        public var logit: Float
    }

    /// Picks the next token from `logits[0..<count]`.
    public func sample(_ logits: UnsafePointer<Float>, count: Int, using rng: inout SeededGenerator) -> Int {
        if temperature == 0 { return Sampler.argmax(logits, count: count) }
        var cands: [Candidate]
        if temperature > 0 {
            cands = topK > 0 ? Sampler.topK(logits, count: count, k: topK) : Sampler.topK((0..<count).map { Candidate(id: $0, logit: logits[$0]) }, k: 0)
            cands = Sampler.topP(cands, p: topP)
            cands = Sampler.minP(cands, p: minP)
            cands = Sampler.applyTemperature(cands, temperature)
        } else {
            cands = (0..<count).map { Candidate(id: $0, logit: logits[$0]) }
        }
        return Sampler.draw(cands, using: &rng)
    }

    /// First index of the largest logit (llama.cpp's greedy sampler).
    public static func argmax(_ logits: UnsafePointer<Float>, count: Int) -> Int {
        var best = 0
        var bestValue = -Float.infinity
        for i in 0..<count where logits[i] > bestValue {
            bestValue = logits[i]
            best = i
        }
        return best
    }

    /// The k highest logits, sorted descending (ties: lower id first).
    public static func topK(_ cands: [Candidate], k: Int) -> [Candidate] {
        let sorted = cands.sorted { $0.logit > $1.logit || ($0.logit == $1.logit && $0.id < $1.id) }
        return k > 0 ? Array(sorted.prefix(k)) : sorted
    }

    /// The k highest of `logits[0..<count]` in one pass (no full sort of the vocabulary): the same list
    /// as `topK(_:k:)`, descending, ties by lower id.
    public static func topK(_ logits: UnsafePointer<Float>, count: Int, k: Int) -> [Candidate] {
        var best: [Candidate] = []
        best.reserveCapacity(k + 1)
        for i in 0..<count {
            let v = logits[i]
            if best.count == k, let last = best.last, !(v > last.logit) { continue }
            // Insert after every candidate with a logit ≥ v (keeps lower ids first on ties).
            var j = best.count
            while j > 0 && best[j - 1].logit < v { j -= 1 }
            best.insert(Candidate(id: i, logit: v), at: j)
            if best.count > k { best.removeLast() }
        }
        return best
    }

    /// Softmax probabilities of the candidates (max-subtracted, as llama.cpp).
    public static func softmax(_ cands: [Candidate]) -> [Float] {
        guard let maxLogit = cands.map(\.logit).max() else { return [] }
        let e = cands.map { expf($0.logit - maxLogit) }
        let sum = e.reduce(0, +)
        return e.map { $0 / sum }
    }

    /// Keeps the shortest prefix (of candidates sorted descending) whose probability reaches `p` (≥ 1 kept).
    public static func topP(_ cands: [Candidate], p: Float) -> [Candidate] {
        guard p < 1, !cands.isEmpty else { return cands }
        let probs = softmax(cands)
        var cumulative: Float = 0
        for (i, prob) in probs.enumerated() {
            cumulative += prob
            if cumulative >= p { return Array(cands.prefix(i + 1)) }
        }
        return cands
    }

    /// Keeps candidates with probability ≥ p · p_max (≥ 1 kept).
    public static func minP(_ cands: [Candidate], p: Float) -> [Candidate] {
        guard p > 0, !cands.isEmpty else { return cands }
        let probs = softmax(cands)
        let threshold = p * (probs.max() ?? 0)
        let kept = zip(cands, probs).filter { $0.1 >= threshold }.map(\.0)
        return kept.isEmpty ? [cands[0]] : kept
    }

    public static func applyTemperature(_ cands: [Candidate], _ t: Float) -> [Candidate] {
        cands.map { Candidate(id: $0.id, logit: $0.logit / t) }
    }

    /// One draw from the softmax of the candidates with a uniform number of the seeded generator.
    public static func draw(_ cands: [Candidate], using rng: inout SeededGenerator) -> Int {
        let probs = softmax(cands)
        let u = Float(rng.nextUnit())
        var cumulative: Float = 0
        for (c, p) in zip(cands, probs) {
            cumulative += p
            if u < cumulative { return c.id }
        }
        return cands.last?.id ?? 0
    }
}
