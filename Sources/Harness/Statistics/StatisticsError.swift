import HarmonixCore

/// Why a statistic could not be computed from the data it was given.
public enum StatisticsError: Sendable, Hashable, ExplainedError {
    /// A sample had fewer observations than the statistic needs.
    case tooFewObservations(sample: String, needed: Int, got: Int)
    /// A value was NaN or infinite.
    case nonFiniteValue(sample: String, index: Int)
    /// A ratio or logarithm needs strictly positive values (latencies), and one was ≤ 0.
    case nonPositiveValue(sample: String, index: Int, value: Double)
    /// Paired samples must have the same length (one value per pair on each side).
    case unpairedLengths(first: Int, second: Int)
    /// A parameter (confidence level, tolerance, margin, resample count) was out of range.
    case invalidParameter(name: String, value: Double, allowed: String)

    public var explanation: ErrorExplanation {
        switch self {
        case let .tooFewObservations(sample, needed, got): return ErrorExplanation("Statistic not computed: sample '\(sample)' has \(got) observation(s), at least \(needed) needed", while: "checking the input samples", fix: "Run more repeats or prompts.")
        case let .nonFiniteValue(sample, index): return ErrorExplanation("Statistic not computed: sample '\(sample)' holds a NaN or infinite value at index \(index)", while: "checking the input samples", fix: "Remove or fix that row.")
        case let .nonPositiveValue(sample, index, value): return ErrorExplanation("Ratio not computed: sample '\(sample)' holds \(value) at index \(index), but ratios need values > 0", while: "checking latencies", fix: "Latencies must be positive durations.")
        case let .unpairedLengths(first, second): return ErrorExplanation("Paired comparison not computed: the samples have \(first) and \(second) values", while: "pairing observations", fix: "Give one value per pair on each side.")
        case let .invalidParameter(name, value, allowed): return ErrorExplanation("Statistic not computed: \(name) = \(value) is out of range (\(allowed))", while: "reading the parameters", fix: "Use a value in that range.")
        }
    }
}

/// Input checks shared by the statistics entry points.
enum SampleCheck {
    static func finite(_ values: [Double], name: String, minimumCount: Int = 1) throws {
        guard values.count >= minimumCount else {
            throw StatisticsError.tooFewObservations(sample: name, needed: minimumCount, got: values.count)
        }
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw StatisticsError.nonFiniteValue(sample: name, index: index)
        }
    }

    static func positive(_ values: [Double], name: String, minimumCount: Int = 1) throws {
        try finite(values, name: name, minimumCount: minimumCount)
        if let index = values.firstIndex(where: { $0 <= 0 }) {
            throw StatisticsError.nonPositiveValue(sample: name, index: index, value: values[index])
        }
    }

    static func level(_ level: Double) throws {
        guard level > 0, level < 1 else {
            throw StatisticsError.invalidParameter(name: "confidence level", value: level, allowed: "0 < level < 1")
        }
    }
}
