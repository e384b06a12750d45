/// The fixed architecture of the Sonnet NanoGPT (spec §1.1, §7).
public enum NanoGPTConfig {
    public static let vocabSize = 65
    public static let embedding = 128
    public static let heads = 4
    public static let headSize = 32
    public static let layers = 4
    /// Context window: generation recomputes over the last `blockSize` characters.
    public static let blockSize = 64
    public static let ffn = 512
    public static let layerNormEpsilon: Float = 1e-5
}

/// Which scale multiplies q·kᵀ before the softmax (spec §1.6).
///
/// The original numpy inference uses `head_size^-0.5` = 1/sqrt(32), while the model was trained
/// with `C^-0.5` = 1/sqrt(128). The port copies the numpy inference by default (its golden logits
/// and every measured number come from it); the training-faithful variant is there to be switched
/// on deliberately (val CE 1.5893 vs 1.6021 nats/char).
public enum AttentionScale: String, Sendable, CaseIterable {
    /// 1/sqrt(32) ≈ 0.1767767: what `sonnet.py` computes. The default.
    case numpyInference
    /// 1/sqrt(128) ≈ 0.0883883: what `train.py` used.
    case trainingFaithful

    public var value: Float {
        switch self {
        case .numpyInference: return 1 / Float(NanoGPTConfig.headSize).squareRoot()
        case .trainingFaithful: return 1 / Float(NanoGPTConfig.embedding).squareRoot()
        }
    }
}
