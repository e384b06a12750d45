#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The verdict of a paired comparison "candidate vs reference" (harness.md §4.2), decided from the
/// interval of `median(ln(candidate/reference))` and a practical margin δ — never from one number.
///
/// - `faster`: CI_hi < ln(1 − δ) (the candidate takes less time, by more than δ);
/// - `slower`: CI_lo > ln(1 + δ);
/// - `equivalent`: the whole CI lies inside (ln(1 − δ), ln(1 + δ));
/// - `inconclusive`: anything else (the interval straddles a margin: more data needed).
public enum PairedVerdict: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case faster, slower, equivalent, inconclusive

    /// The manifest default δ = 5 %.
    public static let defaultMargin = 0.05

    /// - parameter logRatioInterval: interval of ln(candidate/reference) (a time ratio: < 0 = faster).
    /// - parameter margin: δ in (0, 1).
    /// - precondition: `0 < margin < 1`.
    public static func decide(logRatioInterval: ConfidenceInterval, margin: Double) -> PairedVerdict {
        precondition(margin > 0 && margin < 1, "the equivalence margin δ must lie in (0, 1)")
        let lowerBound = log(1 - margin)
        let upperBound = log(1 + margin)
        if logRatioInterval.upper < lowerBound { return .faster }
        if logRatioInterval.lower > upperBound { return .slower }
        if logRatioInterval.lower > lowerBound && logRatioInterval.upper < upperBound { return .equivalent }
        return .inconclusive
    }

    public var description: String { rawValue }
}

/// The verdict of "now vs baseline" on a latency ratio R = now/baseline (harness.md §4.3), decided
/// from R's interval and a tolerance τ generous enough for shared runners (default 25 %):
///
/// - `regression`: CI_lo(R) > 1 + τ (certainly slower by more than τ);
/// - `improvement`: CI_hi(R) < 1 − τ (certainly faster by more than τ);
/// - `noChange`: anything else, including "too noisy to tell" (exit 0, as harness.md §4.3 item 4).
public enum BaselineVerdict: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case regression, improvement
    case noChange = "no-change"

    /// The manifest default τ = 25 % (package-benchmark's `relaxed`).
    public static let defaultTolerance = 0.25

    /// - parameter ratioInterval: interval of now/baseline (time ratio: > 1 = slower now).
    /// - precondition: `tolerance ≥ 0`.
    public static func decide(ratioInterval: ConfidenceInterval, tolerance: Double) -> BaselineVerdict {
        precondition(tolerance >= 0, "the regression tolerance τ must be ≥ 0")
        if ratioInterval.lower > 1 + tolerance { return .regression }
        if ratioInterval.upper < 1 - tolerance { return .improvement }
        return .noChange
    }

    public var description: String { rawValue }
}
