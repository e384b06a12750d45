import Cascade
import Foundation

/// `harmonix check`: a run against a baseline run (overview decision 12, harness.md §4.3).
///
/// 1. **Quality must match exactly.** The runs are seeded, so every row present in both (key:
///    prompt × mode × repeat × stage) must have the same output hash, status, and the same
///    external_vocab (each shared variant), dissonance, temperature, quality and field size at the 6 decimals
///    `turns.csv` stores. A baseline row missing from the run also counts as a difference.
/// 2. **Latency is judged by intervals, never by one number.** For each (mode, stage) the ratio of
///    medians now/baseline gets a seeded bootstrap 95% CI (each side resampled independently);
///    `regression` iff CI_lo > 1 + τ, `improvement` iff CI_hi < 1 − τ, else `no-change`
///    (`StatisticalComparison.compareToBaseline`, Mann–Whitney U alongside). τ defaults to 25 %
///    (the manifest's `tolerance`), generous because baselines come from other machines and times.
///    Cells with fewer than 2 latencies on either side get no verdict.
/// 3. **The within-run mode ratio** (harness.md §4.3 item 1, machine-independent): for each async
///    mode, the paired async/sync time ratio of this run divided by the baseline's; its interval is
///    this run's bootstrap interval over the baseline's point ratio. Judged with the same τ.
/// 4. Runs whose provenance shows a different manifest hash or seed are **incomparable**: an error,
///    not a fake regression.
public struct RunCheck: Sendable {
    public struct QualityDifference: Sendable, Hashable {
        public var key: String
        public var column: String
        public var baseline: String
        public var current: String
    }

    public struct LatencyCell: Sendable {
        public var mode: CascadeMode
        public var stage: String
        public var baselineCount: Int
        public var currentCount: Int
        /// nil when a side had too few samples; `note` says why.
        public var comparison: BaselineComparison?
        public var note: String
    }

    /// This run's paired `mode`/sync time ratio against the baseline's.
    public struct ModeRatioCell: Sendable {
        public var mode: CascadeMode
        public var baselineRatio: Double
        public var currentRatio: Double
        /// (current ratio interval) / baseline ratio.
        public var interval: ConfidenceInterval
        public var verdict: BaselineVerdict
    }

    public enum Outcome: String, Sendable {
        case pass, regression
        /// Only improvements (exit 4 with `--strict`, else treated as pass).
        case improvement
    }

    public var comparedRows: Int
    public var qualityDifferences: [QualityDifference]
    public var latency: [LatencyCell]
    public var modeRatios: [ModeRatioCell]
    public var tolerance: Double

    public var outcome: Outcome {
        let verdicts = latency.compactMap { $0.comparison?.verdict } + modeRatios.map(\.verdict)
        if !qualityDifferences.isEmpty || verdicts.contains(.regression) { return .regression }
        return verdicts.contains(.improvement) ? .improvement : .pass
    }

    /// Compares `current` with `baseline`.
    /// - throws: ``CheckError/incomparable(_:)`` when the provenance disagrees on manifest or seed;
    ///   ``CheckError/nothingInCommon`` when no row matches.
    public static func run(current: BaselineRun, baseline: BaselineRun,
                           tolerance: Double = BaselineVerdict.defaultTolerance) throws -> RunCheck {
        if let a = current.provenance, let b = baseline.provenance {
            if a.manifestSHA256 != b.manifestSHA256 {
                throw CheckError.incomparable("the manifests differ (sha256 \(a.manifestSHA256.prefix(12))… vs \(b.manifestSHA256.prefix(12))…)")
            }
            if a.seed != b.seed { throw CheckError.incomparable("the seeds differ (\(a.seed) vs \(b.seed))") }
        }
        let now = Dictionary(current.rows.map { (BaselineRun.key($0), $0) }, uniquingKeysWith: { _, b in b })
        let variants = current.variants.filter(baseline.variants.contains)
        var differences: [QualityDifference] = []
        var compared = 0
        for old in baseline.rows {
            let key = BaselineRun.key(old)
            guard let new = now[key] else {
                differences.append(QualityDifference(key: key, column: "row", baseline: "present", current: "missing"))
                continue
            }
            compared += 1
            func compare(_ column: String, _ a: String, _ b: String) {
                if a != b { differences.append(QualityDifference(key: key, column: column, baseline: a, current: b)) }
            }
            compare("status", old.status.rawValue, new.status.rawValue)
            compare("output_sha256", old.outputSHA256, new.outputSHA256)
            for variant in variants {
                compare("external_vocab_\(variant.rawValue)", TurnsCSV.decimal(old.externalVocab[variant], places: 6),
                        TurnsCSV.decimal(new.externalVocab[variant], places: 6))
            }
            compare("dissonance", TurnsCSV.decimal(old.dissonance, places: 6), TurnsCSV.decimal(new.dissonance, places: 6))
            compare("temperature", TurnsCSV.decimal(old.temperature, places: 6), TurnsCSV.decimal(new.temperature, places: 6))
            compare("quality", TurnsCSV.decimal(old.quality, places: 6), TurnsCSV.decimal(new.quality, places: 6))
            compare("field_size", old.fieldSize.map(String.init) ?? "", new.fieldSize.map(String.init) ?? "")
        }
        if compared == 0 { throw CheckError.nothingInCommon }

        var cells: [LatencyCell] = []
        let stages = RunSummary(rows: baseline.rows, variants: []).stages
        for mode in CascadeMode.allCases {
            for stage in stages {
                func samples(_ rows: [TurnRow]) -> [Double] {
                    rows.filter { $0.mode == mode && $0.stage == stage && $0.status != .failed }
                        .compactMap(\.latencySeconds).filter { $0 > 0 }
                }
                let old = samples(baseline.rows), new = samples(current.rows)
                guard !old.isEmpty || !new.isEmpty else { continue }
                var cell = LatencyCell(mode: mode, stage: stage, baselineCount: old.count, currentCount: new.count,
                                       comparison: nil, note: "")
                do {
                    cell.comparison = try StatisticalComparison.compareToBaseline(baseline: old, current: new,
                                                                                  tolerance: tolerance)
                } catch {
                    cell.note = "no verdict: \(error)"
                }
                cells.append(cell)
            }
        }
        var ratios: [ModeRatioCell] = []
        let before = RunSummary(rows: baseline.rows, variants: []).comparisons
        let after = RunSummary(rows: current.rows, variants: []).comparisons
        for old in before {
            guard let oldPaired = old.comparison,
                  let newPaired = after.first(where: { $0.candidate == old.candidate })?.comparison else { continue }
            let interval = newPaired.timeRatioInterval.mapped { $0 / oldPaired.timeRatio }
            ratios.append(ModeRatioCell(mode: old.candidate, baselineRatio: oldPaired.timeRatio,
                                        currentRatio: newPaired.timeRatio, interval: interval,
                                        verdict: BaselineVerdict.decide(ratioInterval: interval, tolerance: tolerance)))
        }
        return RunCheck(comparedRows: compared, qualityDifferences: differences, latency: cells, modeRatios: ratios,
                        tolerance: tolerance)
    }

    /// The table `harmonix check` prints.
    public var table: String {
        var out: [String] = []
        out.append("Quality (exact, seeded): \(comparedRows) rows compared, \(qualityDifferences.count) differences")
        for difference in qualityDifferences.prefix(20) {
            out.append("  \(difference.key) \(difference.column): baseline \(difference.baseline), now \(difference.current)")
        }
        if qualityDifferences.count > 20 { out.append("  … \(qualityDifferences.count - 20) more") }
        out.append("")
        out.append("Latency (ratio of medians now/baseline, bootstrap 95% CI; regression iff CI low > \(Formatting.decimal(1 + tolerance, 2))):")
        out.append(Formatting.table(
            ["mode", "stage", "n base", "n now", "median base", "median now", "ratio [95% CI]", "MW p", "verdict"],
            latency.map { cell in
                guard let c = cell.comparison else {
                    return [cell.mode.rawValue, cell.stage, String(cell.baselineCount), String(cell.currentCount),
                            "-", "-", "-", "-", "n/a (too few samples)"]
                }
                return [cell.mode.rawValue, cell.stage, String(cell.baselineCount), String(cell.currentCount),
                        Formatting.duration(c.baselineMedian), Formatting.duration(c.currentMedian),
                        String(format: "%.3f [%.3f, %.3f]", c.ratio, c.interval.lower, c.interval.upper),
                        c.mannWhitney.map { String(format: "%.3g", $0.pValue) } ?? "-", c.verdict.rawValue]
            }))
        if !modeRatios.isEmpty {
            out.append("")
            out.append("Within-run mode ratio (cascade time mode/sync, paired; now relative to baseline):")
            out.append(Formatting.table(
                ["mode", "ratio base", "ratio now", "now/base [95% CI]", "verdict"],
                modeRatios.map { cell in
                    [cell.mode.rawValue, String(format: "%.3f", cell.baselineRatio), String(format: "%.3f", cell.currentRatio),
                     String(format: "%.3f [%.3f, %.3f]", cell.currentRatio / cell.baselineRatio, cell.interval.lower,
                            cell.interval.upper), cell.verdict.rawValue]
                }))
        }
        out.append("")
        out.append("Result: \(outcome.rawValue.uppercased())")
        return out.joined(separator: "\n")
    }
}

/// Why `check` or `compare` could not judge.
public enum CheckError: Error, Sendable, CustomStringConvertible {
    case incomparable(String)
    case nothingInCommon

    public var description: String {
        switch self {
        case .incomparable(let detail):
            return "Incomparable runs: \(detail) - while checking provenance (run.json). "
                + "Compare runs of the same manifest and seed, or refresh the baseline."
        case .nothingInCommon:
            return "No row in common: the runs share no (prompt, mode, repeat, stage) - while matching rows. "
                + "Compare runs of the same manifest."
        }
    }
}
