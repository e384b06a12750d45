/// The tensor types of ggml that this engine can read, with the block geometry of each.
///
/// Codes are ggml's `enum ggml_type`. The `activationType` says how the input vector of a matrix-vector
/// product is quantised before the dot products, exactly as llama.cpp's CPU `type_traits` pair them
/// (prose.md §5.2): Q4_1 ↔ Q8_1, Q4_0/Q5_0/Q8_0 ↔ Q8_0, K-quants ↔ Q8_K, F32/F16 ↔ plain floats.
public enum GGMLType: UInt32, Sendable, CaseIterable, CustomStringConvertible {
    case f32 = 0, f16 = 1, q4_0 = 2, q4_1 = 3, q5_0 = 6, q8_0 = 8, q4_K = 12, q5_K = 13, q6_K = 14

    /// Values per block.
    public var blockSize: Int {
        switch self {
        case .f32, .f16: 1
        case .q4_0, .q4_1, .q5_0, .q8_0: 32
        case .q4_K, .q5_K, .q6_K: 256
        }
    }

    /// Bytes per block (asserted against the layout comment of each kernel file by `KernelLayoutTests`).
    public var bytesPerBlock: Int {
        switch self {
        case .f32: 4
        case .f16: 2
        case .q4_0: 18
        case .q4_1: 20
        case .q5_0: 22
        case .q8_0: 34
        case .q4_K: 144
        case .q5_K: 176
        case .q6_K: 210
        }
    }

    public var activationType: ActivationType {
        switch self {
        case .f32, .f16: .f32
        case .q4_0, .q5_0, .q8_0: .q8_0
        case .q4_1: .q8_1
        case .q4_K, .q5_K, .q6_K: .q8_K
        }
    }

    /// Bytes of `count` values (count must be a multiple of `blockSize`).
    public func byteCount(_ count: Int) -> Int { count / blockSize * bytesPerBlock }

    public var description: String { GGMLType.name(ofRawType: rawValue) }

    /// ggml's name of any type code, including the ones this engine does not support.
    public static func name(ofRawType raw: UInt32) -> String {
        let names = ["F32", "F16", "Q4_0", "Q4_1", "Q4_2", "Q4_3", "Q5_0", "Q5_1", "Q8_0", "Q8_1",
                     "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K", "Q8_K", "IQ2_XXS", "IQ2_XS", "IQ3_XXS",
                     "IQ1_S", "IQ4_NL", "IQ3_S", "IQ2_S", "IQ4_XS", "I8", "I16", "I32", "I64", "F64",
                     "IQ1_M", "BF16", "Q4_0_4_4", "Q4_0_4_8", "Q4_0_8_8", "TQ1_0", "TQ2_0"]
        return Int(raw) < names.count ? names[Int(raw)] : "type \(raw)"
    }
}

/// The 8-bit formats an activation vector is quantised to before integer dot products.
public enum ActivationType: Sendable {
    /// No quantisation: F32/F16 weights take f32 activations.
    case f32
    /// Blocks of 32: f16 scale, 32 × int8 (34 bytes).
    case q8_0
    /// Blocks of 32: f16 scale, f16 scale × Σq, 32 × int8 (36 bytes).
    case q8_1
    /// Blocks of 256: f32 scale, 256 × int8, 16 × int16 sums of 16 (292 bytes).
    case q8_K
}
