#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Monotonic wall-clock timing in seconds (`CLOCK_MONOTONIC`), for stage latencies.
///
/// ```swift
/// let watch = Stopwatch()
/// work()
/// let seconds = watch.elapsed
/// ```
public struct Stopwatch: Sendable {
    private let start: UInt64

    public init() { start = Stopwatch.nowNanoseconds() }

    /// Seconds since the stopwatch was created.
    public var elapsed: Double { Double(Stopwatch.nowNanoseconds() &- start) / 1e9 }

    /// Runs `body`, returning its result and its duration in seconds.
    public static func measure<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let watch = Stopwatch()
        let value = try body()
        return (value, watch.elapsed)
    }

    /// Async variant of ``measure(_:)``.
    public static func measure<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
        let watch = Stopwatch()
        let value = try await body()
        return (value, watch.elapsed)
    }

    public static func nowNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}
