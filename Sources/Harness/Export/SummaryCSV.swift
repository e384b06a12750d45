import Foundation

/// `summary.csv`: one row per (mode, stage) with counts, latency distribution and external_vocab
/// aggregates per variant. Latency in milliseconds (3 decimals), external_vocab with 6 decimals,
/// percentages with 1 decimal (Leo's convention).
public enum SummaryCSV {
    public static let fileName = "summary.csv"

    public static func header(variants: [MetricVariant]) -> [String] {
        var columns = ["mode", "stage", "rows", "ok", "empty", "failed", "latency_ms_median", "latency_ms_median_ci_low",
                       "latency_ms_median_ci_high", "latency_ms_p25", "latency_ms_p75", "latency_ms_p90",
                       "latency_ms_mad", "latency_ms_min", "latency_ms_max"]
        for v in variants.map(\.rawValue) {
            columns += ["external_vocab_\(v)_mean", "external_vocab_\(v)_sd", "external_vocab_\(v)_best",
                        "external_vocab_\(v)_worst", "external_vocab_\(v)_scored", "optimal_\(v)_count",
                        "optimal_\(v)_pct", "optimal_\(v)_ci_low_pct", "optimal_\(v)_ci_high_pct",
                        "external_vocab_\(v)_leo_compatible_mean"]
        }
        return columns
    }

    public static func rows(_ summary: RunSummary) -> [[String]] {
        summary.groups.map { group in
            let ms: (Double?) -> String = { TurnsCSV.decimal($0.map { $0 * 1000 }, places: 3) }
            let latency = group.latency
            var fields = [group.mode.rawValue, group.stage, String(group.rowCount), String(group.okCount),
                          String(group.emptyCount), String(group.failedCount), ms(latency?.median),
                          ms(group.latencyMedianInterval?.lower), ms(group.latencyMedianInterval?.upper), ms(latency?.p25),
                          ms(latency?.p75), ms(latency?.p90), ms(latency?.medianAbsoluteDeviation), ms(latency?.minimum),
                          ms(latency?.maximum)]
            for variant in summary.variants {
                let score = group.scores[variant]
                let interval = score?.optimalInterval()
                fields += [TurnsCSV.decimal(score?.mean, places: 6), TurnsCSV.decimal(score?.standardDeviation, places: 6),
                           TurnsCSV.decimal(score?.best, places: 6), TurnsCSV.decimal(score?.worst, places: 6),
                           score.map { String($0.scoredCount) } ?? "0", score.map { String($0.optimalCount) } ?? "0",
                           TurnsCSV.decimal(score?.optimalPercent, places: 1),
                           TurnsCSV.decimal(interval.map { 100 * $0.lower }, places: 1),
                           TurnsCSV.decimal(interval.map { 100 * $0.upper }, places: 1),
                           TurnsCSV.decimal(score?.leoCompatibleMean, places: 6)]
            }
            return fields
        }
    }

    public static func write(_ summary: RunSummary, to directory: String) throws {
        try CSVFile.write(header: header(variants: summary.variants), rows: rows(summary),
                          to: (directory as NSString).appendingPathComponent(fileName))
    }
}

/// `leo_targets.csv`: our figure, Leo's, the harmonix target, the variant, pass/fail.
public enum LeoTargetsCSV {
    public static let fileName = "leo_targets.csv"
    public static let header = ["figure", "mode", "stage", "variant", "n", "ours", "leo", "leo_source", "target",
                                "result"]

    public static func fields(_ row: TargetRow) -> [String] {
        [row.figure, row.mode.rawValue, row.stage, row.variant, String(row.n), TurnsCSV.decimal(row.ours, places: 6),
         TurnsCSV.decimal(row.leo, places: 6), row.leoSource, row.target, row.outcome.rawValue]
    }

    public static func write(_ rows: [TargetRow], to directory: String) throws {
        try CSVFile.write(header: header, rows: rows.map(fields),
                          to: (directory as NSString).appendingPathComponent(fileName))
    }
}
