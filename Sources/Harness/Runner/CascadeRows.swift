import Cascade
import Foundation
import HarmonixCore

/// Turns one finished (or failed) cascade into its `turns.csv` rows, scoring every stage.
///
/// The (prompt side, reply) pair per row follows overview decision 8: an organism stage is scored
/// against the context it was measured with (`TurnResult.input`: HAiKU the prompt, Sonnet prompt +
/// haiku, Prose its combined input); the `meta` row against the prompt; the `cascade` row is the
/// prompt against all organism outputs joined by newlines. V1/V4's history is the previous ≤ 3
/// prompts of the same topic.
struct CascadeRows {
    let runID: String
    let experiment: String
    let variants: [MetricVariant]

    func rows(for cell: RunCell, record: CascadeRecord) -> [TurnRow] {
        let prompt = cell.prompt
        var rows: [TurnRow] = []
        func latency(_ name: String) -> Double? { record.latencies.first { $0.name == name }?.value }

        for (index, turn) in record.stages.enumerated() {
            let context = turn.input.isEmpty ? prompt.text : turn.input
            rows.append(row(cell, stage: turn.organism, index: index, seed: turn.seed, input: context, output: turn.output,
                            dissonance: turn.dissonance, temperature: turn.temperature, quality: turn.quality,
                            latency: latency(turn.organism) ?? turn.seconds, fieldSize: turn.fieldSize,
                            extras: turn.extras, failure: turn.failure))
        }
        let metaSeed = cell.seeds[RunPlan.metaStream] ?? 0
        if let meta = record.metaSentence {
            rows.append(row(cell, stage: "meta", index: rows.count, seed: metaSeed, input: prompt.text, output: meta,
                            latency: latency("meta")))
        }
        let joined = record.stages.map(\.output).joined(separator: "\n")
        let dissonances = record.stages.compactMap(\.dissonance)
        let meanDissonance = record.metrics.value(.meanDissonance)
            ?? (dissonances.isEmpty ? nil : dissonances.reduce(0, +) / Double(dissonances.count))
        let fieldSize = record.metrics.value(.combinedFieldSize).map { Int($0) }
        // The cascade row keeps every cascade figure (global_resonance, field_entropy, …) and every
        // latency part (inhale, meta, exhale_<organism>, …) in `extras`.
        let parts = record.latencies.filter { $0.name != "total" }.map { NamedValue("latency_\($0.name)_s", $0.value) }
        let failures = record.stages.compactMap { turn in turn.failure.map { "\(turn.organism): \($0)" } }
        rows.append(row(cell, stage: "cascade", index: rows.count, seed: metaSeed, input: prompt.text, output: joined,
                        dissonance: meanDissonance, latency: record.totalSeconds, fieldSize: fieldSize,
                        extras: record.metrics + parts,
                        failure: failures.isEmpty ? nil : failures.joined(separator: "; ")))
        return rows
    }

    /// One `failed` row per expected stage plus the `cascade` row, all carrying `message`.
    func failedRows(for cell: RunCell, stageNames: [String], message: String) -> [TurnRow] {
        let metaSeed = cell.seeds[RunPlan.metaStream] ?? 0
        return (stageNames + ["cascade"]).enumerated().map { index, stage in
            TurnRow(runID: runID, experiment: experiment, promptID: cell.prompt.id, topic: cell.prompt.topic,
                    prompt: cell.prompt.text, mode: cell.mode, repeatIndex: cell.repeatIndex, order: cell.order,
                    stage: stage, stageIndex: index, seed: cell.seeds[stage] ?? metaSeed, input: cell.prompt.text,
                    output: "", status: .failed, error: message)
        }
    }

    private func row(_ cell: RunCell, stage: String, index: Int, seed: UInt64, input: String, output: String,
                     dissonance: Double? = nil, temperature: Double? = nil, quality: Double? = nil,
                     latency: Double?, fieldSize: Int? = nil, extras: [NamedValue] = [],
                     failure: String? = nil) -> TurnRow {
        let isEmpty = output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        // A stage the cascade recorded as failed (empty output + message) is `failed`; a cascade
        // with a failed stage is `failed` too: its joined text lacks a part.
        let status: RowStatus = failure != nil ? .failed : (isEmpty ? .empty : .ok)
        var scores: [MetricVariant: Double] = [:]
        if status == .ok {
            for variant in variants {
                scores[variant] = ExternalVocab.score(prompt: input, reply: output, history: cell.prompt.history,
                                                      variant: variant)
            }
        }
        return TurnRow(runID: runID, experiment: experiment, promptID: cell.prompt.id, topic: cell.prompt.topic,
                       prompt: cell.prompt.text, mode: cell.mode, repeatIndex: cell.repeatIndex, order: cell.order,
                       stage: stage, stageIndex: index, seed: seed, input: input, output: output, externalVocab: scores,
                       dissonance: dissonance, temperature: temperature, quality: quality, latencySeconds: latency,
                       fieldSize: fieldSize, extras: extras, status: status, error: failure ?? "")
    }
}
