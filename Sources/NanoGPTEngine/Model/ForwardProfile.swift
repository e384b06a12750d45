import NanoGPTKernelsC

/// Where a forward pass spends its time, by kind of work: time-stamp-counter cycles between the
/// section boundaries of ``NanoGPT``'s forward pass, summed over every pass made while attached
/// (``NanoGPT/profile``).
///
/// Why: `bench sonnet` compares the model's GFLOP/s with the FMA peak, and the FLOP model counts only
/// multiply-adds. The element-wise sections (GELU, softmax, LayerNorm) do no counted FLOPs but run on
/// the same vector ports, so their share of the time bounds what the GEMMs can make of the peak:
/// ``elementwiseFreeBound(peakShare:)``.
///
/// Measurement state only: it never changes a result (a test compares logits with and without it).
public final class ForwardProfile {
    public enum Section: Int, CaseIterable, Sendable {
        /// Token + position embeddings.
        case embedding
        /// LayerNorm (both per block, and the final one).
        case layerNorm
        /// Products with the weights: Q/K/V, projection, both FFN layers, the head.
        case linear
        /// Kᵀ of each head, copied for the score product.
        case keysTranspose
        /// Q·Kᵀ and P·V over the visible keys.
        case attentionProducts
        case softmax
        case gelu

        public var name: String {
            switch self {
            case .embedding: "embedding"
            case .layerNorm: "layer_norm"
            case .linear: "linear"
            case .keysTranspose: "keys_transpose"
            case .attentionProducts: "attention_products"
            case .softmax: "softmax"
            case .gelu: "gelu"
            }
        }

        /// Work the FLOP model does not count that competes with the GEMMs for the vector ports.
        public var isElementwise: Bool { self == .layerNorm || self == .softmax || self == .gelu }
    }

    private var cycles = [UInt64](repeating: 0, count: Section.allCases.count)
    private var last: UInt64 = 0

    public init() {}

    /// A profile with given cycles per section (tests of the arithmetic).
    init(cycles: [Section: UInt64]) {
        for (section, count) in cycles { self.cycles[section.rawValue] = count }
    }

    /// Starts the clock (the beginning of a forward pass).
    @inline(__always) func start() { last = sonnet_cycles() }

    /// Charges the cycles since the previous mark to `section`.
    @inline(__always) func mark(_ section: Section) {
        let now = sonnet_cycles()
        cycles[section.rawValue] &+= now &- last
        last = now
    }

    public var totalCycles: UInt64 { cycles.reduce(0, &+) }

    /// Each section's fraction of the profiled time (sums to 1; empty before any pass).
    public var shares: [Section: Double] {
        let total = Double(totalCycles)
        guard total > 0 else { return [:] }
        var result: [Section: Double] = [:]
        for section in Section.allCases { result[section] = Double(cycles[section.rawValue]) / total }
        return result
    }

    /// The elementwise sections' share of the time.
    public var elementwiseShare: Double {
        shares.filter { $0.key.isElementwise }.values.reduce(0, +)
    }

    /// The peak share the same run would reach if the element-wise sections took no time, everything
    /// else unchanged: `peakShare / (1 − elementwiseShare)`. A goal above this bound cannot be met by
    /// faster GEMMs alone.
    public func elementwiseFreeBound(peakShare: Double) -> Double {
        peakShare / max(1e-12, 1 - elementwiseShare)
    }
}
