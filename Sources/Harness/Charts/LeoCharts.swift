import Foundation

/// Charts of Leo's own observer transcripts (`../shared/data/leo/`): a small real data set, so the
/// chart pipeline can be shown and tested without any organism.
///
/// - `leo_external_vocab_per_turn`: each transcript turn by turn under the variant Leo logged it in;
/// - `leo_external_vocab_by_variant`: the distribution of the sync and async turns re-scored under
///   V2–V5 (metrics.md §1.8's sensitivity table, as boxes);
/// - `leo_optimal_share`: the optimal share per dataset and variant with Wilson 95% intervals,
///   against the harmonix target of 80%.
///
/// It also yields `leo_scores.csv`: one row per transcript turn and variant.
public enum LeoCharts {
    public static let scoresFileName = "leo_scores.csv"
    public static let scoresHeader = ["dataset", "source", "turn", "topic", "variant", "external_vocab",
                                      "logged_external_vocab", "logged_variant", "optimal"]
    static let variants: [MetricVariant] = [.v2, .v3, .v4, .v5]

    /// A transcript with its dataset label (`sync` for the Markdown runs, `async` for the JSON run).
    struct Scored {
        var dataset: String
        var transcript: LeoTranscript
        var scores: [MetricVariant: [Double?]]
    }

    static func score(_ transcripts: [LeoTranscript]) -> [Scored] {
        transcripts.map { transcript in
            let requests = transcript.scoreRequests()
            var scores: [MetricVariant: [Double?]] = [:]
            for variant in Set(variants + [transcript.loggedVariant]) {
                scores[variant] = requests.map {
                    ExternalVocab.score(prompt: $0.prompt, reply: $0.reply, history: $0.history, variant: variant)
                }
            }
            let dataset = transcript.source.lowercased().hasSuffix(".json") ? "async" : "sync"
            return Scored(dataset: dataset, transcript: transcript, scores: scores)
        }
    }

    /// Rows of `leo_scores.csv`.
    public static func scoreRows(_ transcripts: [LeoTranscript]) -> [[String]] {
        var rows: [[String]] = []
        for item in score(transcripts) {
            for variant in variants where item.scores[variant] != nil {
                for (i, value) in item.scores[variant]!.enumerated() {
                    let turn = item.transcript.turns[i]
                    rows.append([item.dataset, item.transcript.source, String(i + 1), turn.topic, variant.rawValue,
                                 TurnsCSV.decimal(value, places: 6), String(format: "%.3f", turn.loggedExternalVocab),
                                 item.transcript.loggedVariant.rawValue,
                                 value.map { ExternalVocab.isOptimal($0) ? "true" : "false" } ?? ""])
                }
            }
        }
        return rows
    }

    public static func scripts(_ transcripts: [LeoTranscript], targets: TargetSpec = TargetSpec()) -> [GnuplotScript] {
        let scored = score(transcripts)
        var scripts: [GnuplotScript] = []
        let optimalLine = ReferenceLine(y: 0.2, label: "optimal < 0.2", color: "#2ca02c")
        scripts.append(ChartBuilders.lines(
            name: "leo_external_vocab_per_turn", title: "Leo transcripts: external_vocab per turn (as logged)",
            xLabel: "turn", yLabel: "external_vocab",
            series: scored.map { item in
                let variant = item.transcript.loggedVariant
                return ("\(item.dataset) \(item.transcript.source) (\(variant.displayName))", item.scores[variant] ?? [])
            },
            references: [optimalLine]))

        var groups: [(label: String, values: [Double])] = []
        var bars: [(label: String, value: BarValue)] = []
        for dataset in ["sync", "async"] {
            let members = scored.filter { $0.dataset == dataset }
            guard !members.isEmpty else { continue }
            for variant in variants {
                let values = members.flatMap { $0.scores[variant] ?? [] }
                groups.append(("\(dataset) \(variant.displayName)", values.compactMap { $0 }))
                let aggregate = ScoreAggregate(values: values, variant: variant)
                if let share = aggregate.optimalFraction, let interval = aggregate.optimalInterval() {
                    bars.append(("\(dataset) \(variant.displayName) n=\(aggregate.scoredCount)",
                                 BarValue(100 * share, low: 100 * interval.lower, high: 100 * interval.upper)))
                }
            }
        }
        scripts.append(ChartBuilders.boxplots(
            name: "leo_external_vocab_by_variant", title: "Leo transcripts re-scored under V2-V5",
            yLabel: "external_vocab", groups: groups,
            references: [optimalLine, ReferenceLine(y: targets.meanExternalVocab,
                                                    label: "harmonix mean target < \(LeoTargets.format(targets.meanExternalVocab))",
                                                    color: "#d62728")],
            yRange: 0...1))
        scripts.append(ChartBuilders.bars(
            name: "leo_optimal_share", title: "Leo transcripts: optimal turns per variant, Wilson 95% CI",
            yLabel: "% of scored turns", bars: bars,
            references: [ReferenceLine(y: 100 * targets.optimalShare,
                                       label: "harmonix target > \(LeoTargets.format(100 * targets.optimalShare))%",
                                       color: "#d62728")],
            yRange: 0...105))
        return scripts
    }

    /// Loads every `HEYLEOGPT_RUN_*.md` and `ASYNC_HEYLEOGPT_RUN_*.json` in `directory`, sync first.
    /// - throws: `MetricsError` for a malformed transcript; ``ExportError`` when none is found.
    public static func loadTranscripts(directory: String) throws -> [LeoTranscript] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        let sync = names.filter { $0.hasPrefix("HEYLEOGPT_RUN_") && $0.hasSuffix(".md") }
        let async = names.filter { $0.hasPrefix("ASYNC_HEYLEOGPT_RUN_") && $0.hasSuffix(".json") }
        guard !(sync + async).isEmpty else {
            throw ExportError.cannotRead(path: directory, reason: "no Leo transcripts (HEYLEOGPT_RUN_*.md, ASYNC_*.json)")
        }
        return try (sync + async).map { try LeoTranscript.load(path: (directory as NSString).appendingPathComponent($0)) }
    }
}
