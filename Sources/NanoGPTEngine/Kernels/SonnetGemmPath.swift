import Foundation
import NanoGPTKernelsC

/// The GEMM path of Sonnet's NanoGPT: one per CPU kind, chosen at run time; all give bit-identical
/// results (texts are compared exactly against a baseline recorded on another CPU).
public enum SonnetGemmPath: String, CaseIterable, Sendable {
    /// The Swift 6 × 16 ymm kernel: every supported CPU (Zen 1, Zen 4 when forced, Haswell+).
    case avx2
    /// The C 8 × 32 zmm kernel: CPUs with AVX-512 F (Zen 4, Skylake-SP and later Xeons).
    case avx512

    var code: Int32 {
        switch self {
        case .avx2: return Int32(SONNET_GEMM_AVX2)
        case .avx512: return Int32(SONNET_GEMM_AVX512)
        }
    }

    init?(code: Int32) {
        guard let path = Self.allCases.first(where: { $0.code == code }) else { return nil }
        self = path
    }

    /// The path in use (`HARMONIX_SONNET_GEMM_PATH` when set and runnable, else ``detected``).
    public static var current: SonnetGemmPath { SonnetGemmPath(code: sonnet_gemm_path()) ?? .avx2 }
    /// The widest path this CPU runs.
    public static var detected: SonnetGemmPath { SonnetGemmPath(code: sonnet_gemm_path_detected()) ?? .avx2 }
    /// The paths this CPU runs.
    public static var supported: [SonnetGemmPath] { allCases.filter { sonnet_gemm_path_supported($0.code) != 0 } }

    /// Switches every later multiply (all models in the process) to `path`.
    /// - throws: ``SonnetGemmPathError/unsupported`` when this CPU lacks its instructions.
    public static func use(_ path: SonnetGemmPath) throws {
        guard sonnet_set_gemm_path(path.code) != 0 else {
            throw SonnetGemmPathError.unsupported(name: path.rawValue, supported: supported.map(\.rawValue))
        }
    }

    /// Throws when `HARMONIX_SONNET_GEMM_PATH` names no path or one this CPU cannot run.
    public static func checkEnvironment() throws {
        let name = ProcessInfo.processInfo.environment["HARMONIX_SONNET_GEMM_PATH"] ?? ""
        switch sonnet_gemm_path_env_error() {
        case 1: throw SonnetGemmPathError.unknown(name: name, known: allCases.map(\.rawValue))
        case 2: throw SonnetGemmPathError.unsupported(name: name, supported: supported.map(\.rawValue))
        default: return
        }
    }
}

public enum SonnetGemmPathError: Error, CustomStringConvertible, Equatable {
    case unknown(name: String, known: [String])
    case unsupported(name: String, supported: [String])

    public var description: String {
        switch self {
        case let .unknown(name, known):
            return "Unknown Sonnet GEMM path '\(name)' - while reading HARMONIX_SONNET_GEMM_PATH. Use one of: \(known.joined(separator: ", "))."
        case let .unsupported(name, supported):
            return "Sonnet GEMM path '\(name)' needs instructions this CPU lacks - while choosing the GEMM kernel. This CPU runs: \(supported.joined(separator: ", "))."
        }
    }
}
