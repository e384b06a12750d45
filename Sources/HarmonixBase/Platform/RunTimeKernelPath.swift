import Foundation

/// A kernel family with one implementation per CPU kind, chosen at run time by a C-side switch that an
/// environment variable may override: Prose's int8 matvecs (`KernelPath`, `HARMONIX_KERNEL_PATH`) and
/// Sonnet's GEMM (`SonnetGemmPath`, `HARMONIX_SONNET_GEMM_PATH`). Every path of a family gives the same
/// bits; the choice is speed only, so tests force each path and compare.
///
/// A conforming enum names its paths (raw value = the variable's spelling) and wires the C switch;
/// the lookups, the switch and the error messages live here once.
public protocol RunTimeKernelPath: RawRepresentable, CaseIterable, Sendable, Equatable
    where RawValue == String, AllCases == [Self] {
    /// This path's code on the C side.
    var code: Int32 { get }
    /// The variable that forces a path.
    static var environmentVariable: String { get }
    /// How messages name a path ("kernel path") and what choosing one chooses ("the matvec kernels").
    static var pathName: String { get }
    static var chooses: String { get }
    /// The path when the C side answers a code no case has.
    static var fallback: Self { get }
    /// The C switch: the code in use, the best code for this CPU, whether this CPU runs a code,
    /// set a code (false when it cannot), and the variable's error (0 none, 1 unknown, 2 unsupported).
    static func currentCode() -> Int32
    static func detectedCode() -> Int32
    static func runs(code: Int32) -> Bool
    static func set(code: Int32) -> Bool
    static func environmentErrorCode() -> Int32
}

extension RunTimeKernelPath {
    public init?(code: Int32) {
        guard let path = Self.allCases.first(where: { $0.code == code }) else { return nil }
        self = path
    }

    /// The path in use (the variable when set and runnable, else ``detected``).
    public static var current: Self { Self(code: currentCode()) ?? fallback }
    /// The best path for this CPU.
    public static var detected: Self { Self(code: detectedCode()) ?? fallback }
    /// The paths this CPU runs.
    public static var supported: [Self] { allCases.filter { runs(code: $0.code) } }

    /// Switches every later call of the family to `path`.
    /// - throws: ``KernelPathError`` when this CPU lacks its instructions.
    public static func use(_ path: Self) throws {
        guard set(code: path.code) else { throw unsupportedPathError(path.rawValue) }
    }

    /// Throws when the variable names no path or one this CPU cannot run.
    public static func checkEnvironment() throws {
        let name = ProcessInfo.processInfo.environment[environmentVariable] ?? ""
        switch environmentErrorCode() {
        case 1: throw unknownPathError(name)
        case 2: throw unsupportedPathError(name)
        default: return
        }
    }

    public static func unknownPathError(_ name: String) -> KernelPathError {
        KernelPathError(message: "Unknown \(pathName) '\(name)' - while reading \(environmentVariable). "
            + "Use one of: \(allCases.map(\.rawValue).joined(separator: ", ")).")
    }

    public static func unsupportedPathError(_ name: String) -> KernelPathError {
        KernelPathError(message: "\(pathName.prefix(1).uppercased() + pathName.dropFirst()) '\(name)' needs instructions this CPU "
            + "lacks - while choosing \(chooses). This CPU runs: \(supported.map(\.rawValue).joined(separator: ", ")).")
    }
}

/// An unknown or unrunnable kernel path (see ``RunTimeKernelPath``).
public struct KernelPathError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public var description: String { message }
}
