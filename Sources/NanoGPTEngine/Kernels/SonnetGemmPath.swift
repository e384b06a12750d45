import Foundation
import HarmonixBase
import NanoGPTKernelsC

/// The GEMM path of Sonnet's NanoGPT: one per CPU kind, chosen at run time; all give bit-identical
/// results (texts are compared exactly against a baseline recorded on another CPU).
public enum SonnetGemmPath: String, RunTimeKernelPath {
    /// The Swift 6 × 16 ymm kernel: every supported CPU (Zen 1, Zen 4 when forced, Haswell+).
    case avx2
    /// The C 8 × 32 zmm kernel: CPUs with AVX-512 F (Zen 4, Skylake-SP and later Xeons).
    case avx512

    public var code: Int32 {
        switch self {
        case .avx2: return Int32(SONNET_GEMM_AVX2)
        case .avx512: return Int32(SONNET_GEMM_AVX512)
        }
    }

    public static let environmentVariable = "HARMONIX_SONNET_GEMM_PATH"
    public static let pathName = "Sonnet GEMM path"
    public static let chooses = "the GEMM kernel"
    public static let fallback = SonnetGemmPath.avx2
    public static func currentCode() -> Int32 { sonnet_gemm_path() }
    public static func detectedCode() -> Int32 { sonnet_gemm_path_detected() }
    public static func runs(code: Int32) -> Bool { sonnet_gemm_path_supported(code) != 0 }
    public static func set(code: Int32) -> Bool { sonnet_set_gemm_path(code) != 0 }
    public static func environmentErrorCode() -> Int32 { sonnet_gemm_path_env_error() }
}
