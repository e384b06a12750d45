import Cascade
import Foundation
import HarmonixCore

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
/// 6. **Non-reproducible runs** (`in_flight` > 1, issue 11: texts depend on the interleaving):
///    quality is not compared row by row and absolute latency is not gated; what counts is the
///    run's field invariants (any violation is a regression) and the within-run ratios of items 3
///    and 5. Throughput now/baseline is shown for information.
/// 4. Runs whose provenance shows a different manifest hash or seed are **incomparable**: an error,
///    not a fake regression.
/// 5. **CPU-aware** (issue 8): the absolute latency of item 2 is gated only when both `run.json`s
///    name the same CPU (``MachineFacts/sameCPU(as:)``); otherwise the table says "latency not
///    comparable: baseline on X, now on Y" and its verdicts do not count; the same holds for each
///    stage's share of the sync cascade (``sharesGated``: stages run on different units, which CPUs
///    speed up by different factors). What is measured within a run is gated on any CPU: the mode
///    ratios of item 3 (τ_w = ``Tolerances/withinRun``) and each stage's latency divided by the
///    run's own calibration spin (``CalibrationSpin``: the part resembling the stage's work) against
///    the baseline's with τ_n = ``Tolerances/normalised`` (also the shares' τ on the same CPU).
///    README "Regression gate" gives the reasons for both tolerances.
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

    /// A CPU-independent figure of one (mode, stage) now vs baseline: a share or a normalised latency.
    public struct WithinRunCell: Sendable {
        public var mode: CascadeMode
        public var stage: String
        public var comparison: BaselineComparison?
        public var note: String
    }

    /// The tolerances of the gates (τ of a ratio: regression iff its CI lies above 1 + τ).
    public struct Tolerances: Sendable, Hashable {
        /// Absolute latency, same CPU only (the manifest's `tolerance`).
        public var absolute: Double
        /// Paired mode/sync cascade ratios, now over baseline.
        public var withinRun: Double
        /// Stage shares of the sync cascade and calibration-normalised latencies, now over baseline.
        public var normalised: Double

        public static let defaultWithinRun = 0.25
        public static let defaultNormalised = 0.75

        /// The command line's choices, else the current run's manifest `tolerance` (absolute only),
        /// else the defaults.
        public static func resolve(current: BaselineRun, absolute: Double?, withinRun: Double?,
                                   normalised: Double?) -> Tolerances {
            let manifest = current.provenance.flatMap { try? ManifestLoader.load(path: $0.manifestPath) }?.tolerance
            return Tolerances(absolute: absolute ?? manifest ?? BaselineVerdict.defaultTolerance,
                              withinRun: withinRun ?? defaultWithinRun, normalised: normalised ?? defaultNormalised)
        }

        public init(absolute: Double = BaselineVerdict.defaultTolerance, withinRun: Double = defaultWithinRun,
                    normalised: Double = defaultNormalised) {
            self.absolute = absolute
            self.withinRun = withinRun
            self.normalised = normalised
        }
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
    /// Each organism stage's share of the sync cascade (per prompt × repeat), now vs baseline.
    public var shares: [WithinRunCell]
    /// Latency / the calibration part resembling the stage, now vs baseline.
    public var normalised: [WithinRunCell]
    public var tolerances: Tolerances
    public var tolerance: Double { tolerances.absolute }
    /// The two CPUs (nil when a run.json predates the record).
    public var baselineMachine: MachineFacts?
    public var currentMachine: MachineFacts?
    /// Invariants and throughput when either run had cascades in flight (item 6); nil otherwise.
    public var overlapping: OverlappingCheck?

    /// Absolute latency counts only between runs on the same, known CPU.
    public var absoluteLatencyGated: Bool {
        guard overlapping == nil, let a = baselineMachine, let b = currentMachine else { return false }
        return a.sameCPU(as: b)
    }

    /// Shares of the sync cascade count on the same CPU only, like absolute latency: the stages run on
    /// different units (FMA GEMM, int8 dots, SQLite), which CPUs speed up by different factors, so a
    /// share moves across CPUs when another stage does. Measured (issue 13): baseline on a Zen 4 with
    /// Sonnet's AVX2 path, now on an Intel Xeon with its AVX-512 path: Sonnet 0.69× as long, Prose
    /// 1.9× and HAiKU 1.2× as long, so HAiKU's share moved 1.70× and Prose's 2.21× while each stage's
    /// calibration-normalised latency (its CPU-independent figure, still gated) stayed within
    /// 0.43–1.03×.
    public var sharesGated: Bool { absoluteLatencyGated }

    public var outcome: Outcome {
        let absolute = absoluteLatencyGated ? latency.compactMap { $0.comparison?.verdict } : []
        let gatedShares = sharesGated ? shares : []
        let verdicts = absolute + modeRatios.map(\.verdict) + (gatedShares + normalised).compactMap { $0.comparison?.verdict }
        let violated = (overlapping?.violations ?? 0) > 0
        if !qualityDifferences.isEmpty || violated || verdicts.contains(.regression) { return .regression }
        return verdicts.contains(.improvement) ? .improvement : .pass
    }

    /// Compares `current` with `baseline`.
    /// - throws: ``CheckError/incomparable(_:)`` when the provenance disagrees on manifest or seed;
    ///   ``CheckError/nothingInCommon`` when no row matches.
    public static func run(current: BaselineRun, baseline: BaselineRun,
                           tolerance: Double = BaselineVerdict.defaultTolerance) throws -> RunCheck {
        try run(current: current, baseline: baseline, tolerances: Tolerances(absolute: tolerance))
    }

    public static func run(current: BaselineRun, baseline: BaselineRun, tolerances: Tolerances) throws -> RunCheck {
        let tolerance = tolerances.absolute
        if let a = current.provenance, let b = baseline.provenance {
            if a.manifestSHA256 != b.manifestSHA256 {
                throw CheckError.incomparable("the manifests differ (sha256 \(a.manifestSHA256.prefix(12))… vs \(b.manifestSHA256.prefix(12))…)")
            }
            if a.seed != b.seed { throw CheckError.incomparable("the seeds differ (\(a.seed) vs \(b.seed))") }
        }
        // What cannot be compared is an error, never a silent "0 differences" (issue 12).
        var unusable: [String] = []
        let missingInBaseline = current.variants.filter { !baseline.variants.contains($0) }
        let missingInCurrent = baseline.variants.filter { !current.variants.contains($0) }
        if !missingInBaseline.isEmpty {
            unusable.append("the baseline (\(baseline.location)) lacks the column(s) "
                            + missingInBaseline.map { "external_vocab_\($0.rawValue)" }.joined(separator: ", "))
        }
        if !missingInCurrent.isEmpty {
            unusable.append("the run (\(current.location)) lacks the column(s) "
                            + missingInCurrent.map { "external_vocab_\($0.rawValue)" }.joined(separator: ", "))
        }
        unusable += audit(baseline, side: "the baseline") + audit(current, side: "the run")
        if !unusable.isEmpty { throw CheckError.unusable(unusable) }

        let overlapping = OverlappingCheck(current: current, baseline: baseline)
        let now = Dictionary(current.rows.map { (BaselineRun.key($0), $0) }, uniquingKeysWith: { _, b in b })
        let variants = current.variants
        var differences: [QualityDifference] = []
        var compared = 0
        for old in baseline.rows where overlapping == nil {
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
        if compared == 0 && overlapping == nil { throw CheckError.nothingInCommon }

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
                                        verdict: BaselineVerdict.decide(ratioInterval: interval,
                                                                        tolerance: tolerances.withinRun)))
        }
        return RunCheck(comparedRows: compared, qualityDifferences: differences, latency: cells, modeRatios: ratios,
                        shares: try shareCells(current: current, baseline: baseline, tolerance: tolerances.normalised),
                        normalised: normalisedCells(current: current, baseline: baseline, stages: stages,
                                                    tolerance: tolerances.normalised),
                        tolerances: tolerances, baselineMachine: baseline.provenance?.machine,
                        currentMachine: current.provenance?.machine, overlapping: overlapping)
    }

    /// What makes `run`'s rows unfit for a comparison: repeated row keys (a row counted twice) and
    /// latencies that are not finite and non-negative (NaN used to be dropped without a word).
    /// Each problem names its side, its count and a first example.
    static func audit(_ run: BaselineRun, side: String) -> [String] {
        var problems: [String] = []
        var counts: [String: Int] = [:]
        for row in run.rows { counts[BaselineRun.key(row), default: 0] += 1 }
        let repeated = counts.filter { $0.value > 1 }.sorted { $0.key < $1.key }
        if let first = repeated.first {
            problems.append("\(side) (\(run.location)) has \(repeated.count) duplicated row key(s), "
                            + "\(repeated.reduce(0) { $0 + $1.value - 1 }) extra row(s) (first: \(first.key) ×\(first.value))")
        }
        let badLatency = run.rows.filter { row in row.latencySeconds.map { !$0.isFinite || $0 < 0 } ?? false }
        if let first = badLatency.first {
            problems.append("\(side) (\(run.location)) has \(badLatency.count) row(s) whose latency_ms is not a finite "
                            + "non-negative number (first: \(BaselineRun.key(first)) = \(first.latencySeconds.map { "\($0 * 1000)" } ?? ""))")
        }
        return problems
    }

    /// Stages whose CPU-independent figures are gated: the organisms and the whole cascade (meta
    /// and EXHALE take well under a millisecond to a few ms, where timer and scheduler noise rule).
    static func isGatedWithinRun(_ stage: String) -> Bool { !["meta", "exhale"].contains(stage) && !stage.hasPrefix("exhale_") }

    /// Share of each organism stage in its sync cascade, per (prompt, repeat).
    static func shareCells(current: BaselineRun, baseline: BaselineRun, tolerance: Double) throws -> [WithinRunCell] {
        func shares(_ rows: [TurnRow]) -> [String: [Double]] {
            let sync = rows.filter { $0.mode == .sync && $0.status != .failed }
            var totals: [String: Double] = [:]
            for row in sync where row.stage == "cascade" { totals["\(row.promptID)|\(row.repeatIndex)"] = row.latencySeconds }
            var out: [String: [Double]] = [:]
            for row in sync where row.stage != "cascade" && isGatedWithinRun(row.stage) {
                guard let total = totals["\(row.promptID)|\(row.repeatIndex)"], total > 0,
                      let seconds = row.latencySeconds, seconds > 0 else { continue }
                out[row.stage, default: []].append(seconds / total)
            }
            return out
        }
        let old = shares(baseline.rows), new = shares(current.rows)
        return RunSummary(rows: baseline.rows, variants: []).stages.filter { old[$0] != nil }.map { stage in
            var cell = WithinRunCell(mode: .sync, stage: stage, comparison: nil, note: "")
            do {
                cell.comparison = try StatisticalComparison.compareToBaseline(baseline: old[stage] ?? [], current: new[stage] ?? [],
                                                                              tolerance: tolerance)
            } catch {
                cell.note = "no verdict: \(error)"
            }
            return cell
        }
    }

    /// Each (mode, stage)'s latencies over its run's calibration seconds for that kind of work.
    static func normalisedCells(current: BaselineRun, baseline: BaselineRun, stages: [String],
                                tolerance: Double) -> [WithinRunCell] {
        guard let oldSpin = baseline.provenance?.calibration, let newSpin = current.provenance?.calibration else { return [] }
        var cells: [WithinRunCell] = []
        for mode in CascadeMode.allCases {
            for stage in stages where isGatedWithinRun(stage) {
                func samples(_ rows: [TurnRow], _ spin: RunCalibration) -> [Double] {
                    let unit = spin.seconds(forStage: stage)
                    return rows.filter { $0.mode == mode && $0.stage == stage && $0.status != .failed }
                        .compactMap(\.latencySeconds).filter { $0 > 0 }.map { $0 / unit }
                }
                let old = samples(baseline.rows, oldSpin), new = samples(current.rows, newSpin)
                guard !old.isEmpty || !new.isEmpty else { continue }
                var cell = WithinRunCell(mode: mode, stage: stage, comparison: nil, note: "")
                do {
                    cell.comparison = try StatisticalComparison.compareToBaseline(baseline: old, current: new, tolerance: tolerance)
                } catch {
                    cell.note = "no verdict: \(error)"
                }
                cells.append(cell)
            }
        }
        return cells
    }

    /// The table `harmonix check` prints.
    public var table: String {
        var out: [String] = []
        if let overlapping {
            out += overlapping.lines
        } else {
            out.append("Quality (exact, seeded): \(comparedRows) rows compared, \(qualityDifferences.count) differences")
        }
        for difference in qualityDifferences.prefix(20) {
            out.append("  \(difference.key) \(difference.column): baseline \(difference.baseline), now \(difference.current)")
        }
        if qualityDifferences.count > 20 { out.append("  … \(qualityDifferences.count - 20) more") }
        out.append("")
        out.append(machineLine)
        out.append("Latency (ratio of medians now/baseline, bootstrap 95% CI; regression iff CI low > \(Formatting.decimal(1 + tolerance, 2))"
                   + (absoluteLatencyGated ? "):" : "; NOT gated, shown for information):"))
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
                        c.mannWhitney.map { String(format: "%.3g", $0.pValue) } ?? "-",
                        absoluteLatencyGated ? c.verdict.rawValue : "(\(c.verdict.rawValue), not gated)"]
            }))
        if !modeRatios.isEmpty {
            out.append("")
            out.append("Within-run mode ratio (cascade time mode/sync, paired; now relative to baseline):")
            out.append(Formatting.table(
                ["mode", "ratio base", "ratio now", "now/base [95% CI], τ = \(Formatting.decimal(tolerances.withinRun, 2))", "verdict"],
                modeRatios.map { cell in
                    [cell.mode.rawValue, String(format: "%.3f", cell.baselineRatio), String(format: "%.3f", cell.currentRatio),
                     String(format: "%.3f [%.3f, %.3f]", cell.currentRatio / cell.baselineRatio, cell.interval.lower,
                            cell.interval.upper), cell.verdict.rawValue]
                }))
        }
        if !shares.isEmpty {
            out.append("")
            out.append("Share of the sync cascade (stage/cascade per prompt; now/baseline; regression iff CI low > "
                       + "\(Formatting.decimal(1 + tolerances.normalised, 2))"
                       + (sharesGated ? "):" : "; NOT gated on another CPU, shown for information):"))
            out.append(Self.withinRunTable(shares, gated: sharesGated, format: { String(format: "%.4f", $0) }))
        }
        if !normalised.isEmpty {
            out.append("")
            out.append("Normalised latency (latency / calibration part of the same kind of work; now/baseline, any CPU; "
                       + "regression iff CI low > \(Formatting.decimal(1 + tolerances.normalised, 2))):")
            out.append(Self.withinRunTable(normalised, gated: true, format: { String(format: "%.3f", $0) }))
        } else {
            out.append("")
            out.append("Normalised latency: not gated (a run.json without a calibration spin).")
        }
        out.append("")
        out.append("Result: \(outcome.rawValue.uppercased())")
        return out.joined(separator: "\n")
    }
}

extension RunCheck {
    /// "Latency comparable: both on X" or "latency not comparable: baseline on X, now on Y".
    public var machineLine: String {
        let base = baselineMachine?.label ?? "an unrecorded CPU", now = currentMachine?.label ?? "an unrecorded CPU"
        if absoluteLatencyGated { return "CPU: baseline and now on \(now): absolute latency gated." }
        return "latency not comparable: baseline on \(base), now on \(now) (absolute latency and stage shares not gated; "
            + "within-run mode ratios and normalised latency are)."
    }

    static func withinRunTable(_ cells: [WithinRunCell], gated: Bool, format: (Double) -> String) -> String {
        Formatting.table(["mode", "stage", "median base", "median now", "ratio [95% CI]", "verdict"], cells.map { cell in
            guard let c = cell.comparison else { return [cell.mode.rawValue, cell.stage, "-", "-", "-", "n/a (\(cell.note))"] }
            return [cell.mode.rawValue, cell.stage, format(c.baselineMedian), format(c.currentMedian),
                    String(format: "%.3f [%.3f, %.3f]", c.ratio, c.interval.lower, c.interval.upper),
                    gated ? c.verdict.rawValue : "(\(c.verdict.rawValue), not gated)"]
        })
    }
}

/// Why `check` or `compare` could not judge.
public enum CheckError: Sendable, ExplainedError {
    case incomparable(String)
    case nothingInCommon
    /// Rows or columns that could not be compared, one sentence each (with counts).
    case unusable([String])

    public var explanation: ErrorExplanation {
        switch self {
        case .incomparable(let detail): return ErrorExplanation("Incomparable runs: \(detail)", while: "checking provenance (run.json)", fix: "Compare runs of the same manifest and seed, or refresh the baseline.")
        case .unusable(let problems): return ErrorExplanation("Cannot check: " + problems.joined(separator: "; "), while: "reading the runs' rows", fix: "Fix or regenerate the file (a baseline is re-recorded with `harmonix run`); nothing was compared.")
        case .nothingInCommon: return ErrorExplanation("No row in common: the runs share no (prompt, mode, repeat, stage)", while: "matching rows", fix: "Compare runs of the same manifest.")
        }
    }
}
