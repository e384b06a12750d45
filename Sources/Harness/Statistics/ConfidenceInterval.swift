/// A two-sided interval `[lower, upper]` with its nominal coverage (`level`, e.g. 0.95).
public struct ConfidenceInterval: Sendable, Hashable, Codable, CustomStringConvertible {
    public let lower: Double
    public let upper: Double
    /// Nominal coverage in (0, 1).
    public let level: Double

    public init(lower: Double, upper: Double, level: Double) {
        precondition(lower <= upper || lower.isNaN || upper.isNaN,
                     "ConfidenceInterval needs lower <= upper (got \(lower) > \(upper))")
        self.lower = lower
        self.upper = upper
        self.level = level
    }

    /// True when `value` lies in the closed interval.
    public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }

    public var width: Double { upper - lower }

    /// The interval mapped through an increasing function (e.g. `exp` from log scale to ratios).
    public func mapped(_ increasing: (Double) -> Double) -> ConfidenceInterval {
        ConfidenceInterval(lower: increasing(lower), upper: increasing(upper), level: level)
    }

    public var description: String { "[\(lower), \(upper)] (\(level * 100)%)" }
}
