import Foundation

/// Checks, once at start-up, that the CPU has the instructions the kernels were compiled for.
///
/// The kernel targets are built with `-mavx2 -mfma -mf16c` (performance.md §1). On a CPU without
/// them the first kernel would die with an illegal instruction; this turns that into a clear error.
public enum CPUFeatures {
    public struct Missing: Error, CustomStringConvertible {
        public let features: [String]
        public var description: String {
            "CPU lacks \(features.joined(separator: ", ")): the inference kernels are compiled for x86-64 with "
                + "AVX2, FMA and F16C - while checking /proc/cpuinfo. Run on a CPU that has them (any x86-64 since 2015)."
        }
    }

    /// Throws ``Missing`` when an x86-64 CPU lacks AVX2, FMA or F16C; no-op elsewhere.
    public static func requireKernelSupport() throws {
        #if arch(x86_64) && os(Linux)
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let flagsLine = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return }
        let flags = Set(flagsLine.split(separator: " ").map(String.init))
        let missing = ["avx2", "fma", "f16c"].filter { !flags.contains($0) }
        if !missing.isEmpty { throw Missing(features: missing) }
        #endif
    }
}
