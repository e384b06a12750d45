import HarmonixBase
import Foundation
import ProseKernelsC

/// A Q4_1, Q8_0 or Q5_0 (packed as Q8_0) matrix repacked 8 rows at a time for the x8 matvec kernels (layout:
/// `Sources/ProseKernelsC/prose_matvec_x8.c`), made once at load.
///
/// The packed copy replaces the file's pages in memory: after each chunk is repacked, the chunk's
/// pages of the read-only mapping are dropped (`MADV_DONTNEED`; they are file-backed, so a later read,
/// such as an embedding lookup of one row, faults them back in from the page cache). Resident memory
/// thus stays about one model size, and the peak is one chunk above it.
public final class InterleavedRows: @unchecked Sendable {
    public let kind: Int32          // PROSE_X8_Q4_1 or PROSE_X8_Q8_0
    public let rows: Int
    public let cols: Int
    public let bytes: UnsafeMutableRawPointer
    public let byteCount: Int

    /// The x8 kind for a weight type, nil for the types without an x8 kernel.
    static func kind(of type: GGMLType) -> Int32? {
        switch type {
        case .q4_1: return Int32(PROSE_X8_Q4_1)
        case .q8_0, .q5_0: return Int32(PROSE_X8_Q8_0)   // Q5_0 values are exact int8s
        default: return nil
        }
    }

    /// Repacks `src` (`rows` rows of `rowBytes`); `releaseSource` drops the source's mapped pages as it goes.
    init?(type: GGMLType, src: UnsafeRawPointer, rows: Int, cols: Int, rowBytes: Int, releaseSource: Bool) {
        guard let kind = Self.kind(of: type), cols % 32 == 0 else { return nil }
        self.kind = kind
        self.rows = rows
        self.cols = cols
        let groups = (rows + 7) / 8
        let groupBytes = prose_x8_group_bytes(kind, Int32(cols))
        byteCount = groups * groupBytes
        bytes = .allocate(byteCount: max(byteCount, 64), alignment: 64)
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        // Chunks of ≈ 1 MiB of source rows, whole groups.
        let groupsPerChunk = max(1, (1 << 20) / max(1, 8 * rowBytes))
        var released = UInt(bitPattern: src) / UInt(page) * UInt(page) + (UInt(bitPattern: src) % UInt(page) == 0 ? 0 : UInt(page))
        var g = 0
        while g < groups {
            let g1 = min(groups, g + groupsPerChunk)
            if type == .q5_0 {
                prose_pack_x8_q5_0(src, rowBytes, Int32(rows), Int32(cols), Int32(g), Int32(g1), bytes)
            } else {
                prose_pack_x8(kind, src, rowBytes, Int32(rows), Int32(cols), Int32(g), Int32(g1), bytes)
            }
            if releaseSource {
                // Only whole pages inside the tensor (its neighbours may still be in use).
                let end = UInt(bitPattern: src) + UInt(min(rows, 8 * g1) * rowBytes)
                let endPage = end / UInt(page) * UInt(page)
                if endPage > released {
                    madvise(UnsafeMutableRawPointer(bitPattern: released), Int(endPage - released), MADV_DONTNEED)
                    released = endPage
                }
            }
            g = g1
        }
    }

    deinit { bytes.deallocate() }
}

/// The kernel path of the int8 matvecs: one per CPU kind, chosen at run time; all give identical results.
public enum KernelPath: String, RunTimeKernelPath {
    /// AVX-512 VNNI (`vpdpbusd`), Zen 4 / Ice Lake and later.
    case avx512vnni
    /// AVX2 on CPUs with 256-bit vector units (Zen 2+, Haswell+).
    case avx2
    /// AVX2 shaped for CPUs that split 256-bit operations in two (Zen 1 / Zen+): 128-bit registers.
    case avx2_128 = "avx2-128"
    /// Plain C (any CPU; slow; a test oracle).
    case portable

    public var code: Int32 {
        switch self {
        case .portable: return Int32(PROSE_PATH_PORTABLE)
        case .avx2_128: return Int32(PROSE_PATH_AVX2_128)
        case .avx2: return Int32(PROSE_PATH_AVX2)
        case .avx512vnni: return Int32(PROSE_PATH_AVX512_VNNI)
        }
    }

    public static let environmentVariable = "HARMONIX_KERNEL_PATH"
    public static let pathName = "kernel path"
    public static let chooses = "the matvec kernels"
    public static let fallback = KernelPath.portable
    public static func currentCode() -> Int32 { prose_kernel_path() }
    public static func detectedCode() -> Int32 { prose_kernel_path_detected() }
    public static func runs(code: Int32) -> Bool { prose_kernel_path_supported(code) != 0 }
    public static func set(code: Int32) -> Bool { prose_set_kernel_path(code) != 0 }
    public static func environmentErrorCode() -> Int32 { prose_kernel_path_env_error() }
}
