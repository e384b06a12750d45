import Foundation

/// What one `harmonix bench NAME` measured, in the shape `--json` prints (issue 8):
/// `{"bench", "machine", "runs", "ours", "peer", "ratio"}` plus `date`, `settings` and, for the
/// benches that also time the original Python organism, `original`. Every ratio is "ours is better"
/// when > 1 (a time ratio is peer / ours, a rate ratio ours / peer).
/// `Benchmarks/render_tables.py` reads these objects back to write the README's tables.
public struct BenchReport: Codable, Sendable, Equatable {
    public var bench: String
    public var machine: BenchMachine
    /// Measured runs per side (after warm-up).
    public var runs: Int
    /// ISO 8601 UTC time the bench finished.
    public var date: String
    /// What was measured and how (characters, threads, durability, peer names, …), for the tables.
    public var settings: [String: String]
    public var ours: [String: BenchValue]
    public var peer: [String: BenchValue]
    /// The original Python organism's figures, when it ran (haiku, sonnet).
    public var original: [String: BenchValue]?
    public var ratio: [String: BenchRatio]
    /// What makes the figures less trustworthy than they look (``noiseWarnings(_:keys:)``); absent
    /// when there is nothing to say.
    public var warnings: [String]?

    public init(bench: String, machine: BenchMachine, runs: Int, date: String = BenchReport.now(),
                settings: [String: String] = [:], ours: [String: BenchValue], peer: [String: BenchValue],
                original: [String: BenchValue]? = nil, ratio: [String: BenchRatio], warnings: [String]? = nil) {
        self.bench = bench
        self.machine = machine
        self.runs = runs
        self.date = date
        self.settings = settings
        self.ours = ours
        self.peer = peer
        self.original = original
        self.ratio = ratio
        self.warnings = warnings.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Above this interquartile range, relative to the median, a sample of rounds that repeat the same
    /// work is called noisy. On a quiet machine our benches' repeated samples stay under ~9%
    /// (committed runs); a busy SMT sibling on a shared host spread Sonnet's times 0.11–0.19 s
    /// (29%) at an unchanged load average.
    public static let noisySpread = 0.10

    /// One warning per sample named in `keys` (on any side) whose quartiles lie more than
    /// ``noisySpread`` of its median apart. Only for samples whose rounds repeat identical work:
    /// a spread there is the machine's, not the workload's. The ratios stay fair (each round pairs
    /// neighbouring runs), absolute figures and shares of a peak do not.
    public static func noiseWarnings(_ sides: [(name: String, figures: [String: BenchValue])], keys: [String]) -> [String] {
        var warnings: [String] = []
        for (side, figures) in sides {
            for key in keys {
                guard case .sample(let sample)? = figures[key], let spread = sample.relativeSpread, spread > noisySpread else { continue }
                warnings.append(String(
                    format: "%@ %@: quartiles %.4g–%.4g %@ are %.0f%% of the median apart (> %.0f%%): the machine was busy; "
                        + "ratios of interleaved rounds stay fair, absolute figures may not. Re-run on a quiet machine.",
                    side, key, sample.q1, sample.q3, sample.unit, 100 * spread, 100 * noisySpread))
            }
        }
        return warnings
    }

    public static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date())
    }

    /// The one-line JSON object `--json` prints (keys sorted, so files diff cleanly).
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

/// The machine a bench ran on: the CPU facts of `run.json` (clock measured by the probe in the same
/// command) and the load average before and after the measurements.
public struct BenchMachine: Codable, Sendable, Equatable {
    public var facts: MachineFacts
    public var loadBefore: [Double]?
    public var loadAfter: [Double]?

    enum CodingKeys: String, CodingKey { case loadBefore = "load_before", loadAfter = "load_after" }

    public init(facts: MachineFacts, loadBefore: [Double]?, loadAfter: [Double]? = nil) {
        self.facts = facts
        self.loadBefore = loadBefore
        self.loadAfter = loadAfter
    }

    /// This machine now: `/proc/cpuinfo`, the clock probe (≈ 0.2 s) and the load before.
    public static func probe() -> BenchMachine {
        BenchMachine(facts: MachineFacts.current(measureClock: true), loadBefore: MachineFacts.loadAverage())
    }

    // The facts' keys (cpu, family, model, flags, clock_ghz, cores) sit flat beside the loads.
    public init(from decoder: Decoder) throws {
        facts = try MachineFacts(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        loadBefore = try container.decodeIfPresent([Double].self, forKey: .loadBefore)
        loadAfter = try container.decodeIfPresent([Double].self, forKey: .loadAfter)
    }

    public func encode(to encoder: Encoder) throws {
        try facts.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(loadBefore, forKey: .loadBefore)
        try container.encodeIfPresent(loadAfter, forKey: .loadAfter)
    }
}

/// One figure of a side: a plain number, a label, or the summary of a measured sample.
public enum BenchValue: Codable, Sendable, Equatable {
    case number(Double)
    case text(String)
    case sample(BenchSample)

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) { self = .number(number); return }
        if let text = try? container.decode(String.self) { self = .text(text); return }
        self = .sample(try container.decode(BenchSample.self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): try container.encode(value)
        case .text(let value): try container.encode(value)
        case .sample(let value): try container.encode(value)
        }
    }
}

/// A measured sample (one value per run) with its median and spread (min, max, quartiles).
public struct BenchSample: Codable, Sendable, Equatable {
    public var unit: String
    public var median: Double
    public var min: Double
    public var max: Double
    public var q1: Double
    public var q3: Double
    public var values: [Double]

    /// - throws: `StatisticsError` for an empty sample or a non-finite value.
    public init(_ values: [Double], unit: String, name: String = "sample") throws {
        try SampleCheck.finite(values, name: name)
        let quartiles = Quantiles.percentiles(values, percents: [25, 50, 75])
        self.unit = unit
        self.values = values
        median = quartiles[1]
        q1 = quartiles[0]
        q3 = quartiles[2]
        min = values.min() ?? .nan
        max = values.max() ?? .nan
    }

    /// (q3 − q1) / median: how far apart the middle half of the runs lies; nil when the median is
    /// not positive.
    public var relativeSpread: Double? {
        median > 0 ? (q3 - q1) / median : nil
    }
}

/// A ratio with its seeded bootstrap interval: `{"median": m, "lo": l, "hi": h}`.
public struct BenchRatio: Codable, Sendable, Equatable {
    public var median: Double
    public var lo: Double
    public var hi: Double

    public init(median: Double, lo: Double, hi: Double) {
        self.median = median
        self.lo = lo
        self.hi = hi
    }

    public init(_ estimate: RatioEstimate) {
        self.init(median: estimate.ratio, lo: estimate.interval.lower, hi: estimate.interval.upper)
    }

    /// Ours is better when our time is shorter: per interleaved pair `peer_i / ours_i`, the median of
    /// those ratios (on the log scale) and its paired bootstrap interval.
    public static func time(peer: [Double], ours: [Double], bootstrap: Bootstrap) throws -> BenchRatio {
        BenchRatio(try bootstrap.pairedRatio(numerators: peer, denominators: ours,
                                             numeratorName: "peer times", denominatorName: "our times"))
    }

    /// Ours is better when our rate (tokens/s) is higher: per pair `ours_i / peer_i`.
    public static func rate(ours: [Double], peer: [Double], bootstrap: Bootstrap) throws -> BenchRatio {
        BenchRatio(try bootstrap.pairedRatio(numerators: ours, denominators: peer,
                                             numeratorName: "our rates", denominatorName: "peer rates"))
    }

    /// The reciprocal (a bound over ours instead of ours over a bound); the interval flips.
    public var inverted: BenchRatio { BenchRatio(median: 1 / median, lo: 1 / hi, hi: 1 / lo) }
}
