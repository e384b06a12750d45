import Cascade
import Foundation

extension LeoQuestion {
    /// The report section "The 47% question". Every sentence that names a direction is conditional on
    /// an interval that excludes zero; otherwise it says that no difference was detected.
    public func markdown(targets: TargetSpec) -> String {
        let leoHeadline = 1 - Self.leoAsyncV4.meanExternalVocab / Self.leoSyncV3.meanExternalVocab
        var out: [String] = []
        out.append("## The 47% question")
        out.append("")
        out.append("Leo reported async as \(percent(leoHeadline)) better than sync (1 − "
                   + "\(decimal(Self.leoAsyncV4.meanExternalVocab))/\(decimal(Self.leoSyncV3.meanExternalVocab))), "
                   + "comparing 60 sync turns scored with V3 against 14 async turns scored with V4; the observer "
                   + "models, prompt lengths and reply pipelines also differed, and neither run had concurrency "
                   + "(metrics.md §7–9). Here every mode ran the same prompts with the same seeds from the same "
                   + "initial fields, and every turn is scored under every variant, so the parts of that figure "
                   + "can be separated. Cascade-level scores (prompt against all outputs joined); intervals are "
                   + "seeded bootstrap 95% intervals over (prompt, repeat) cells, Wilson intervals for shares.")
        out.append("")
        out += section("Leo's protocol on our turns", leoProtocolLines(leoHeadline: leoHeadline))
        out += section("The controlled comparison", controlledLines())
        out += section("Where Leo's difference comes from", decompositionLines())
        out += section("Optimal shares", shareLines(targets: targets))
        out += section("Latency", latencyLines())
        return out.joined(separator: "\n")
    }

    /// "### title", a blank line, the section's lines, a blank line.
    private func section(_ title: String, _ lines: [String]) -> [String] {
        ["### \(title)", ""] + lines + [""]
    }

    private func leoProtocolLines(leoHeadline: Double) -> [String] {
        guard let leo = leoProtocol else {
            return ["The run has no `async` mode with scores: Leo's protocol cannot be replayed."]
        }
        var line = "sync under V3: mean \(decimal(leo.first)); async under V4: mean \(decimal(leo.second)) "
            + "(n = \(leo.pairs) cells). "
        if let improvement = leoImprovement {
            let interval = improvement.interval.map(percentInterval) ?? "[no interval: undefined on every resample]"
            let undefined = improvement.undefinedResamples > 0 && improvement.interval != nil
                ? " (\(improvement.undefinedResamples) of the resamples had a sync V3 sum of 0, where the ratio is undefined; the interval is over the rest)"
                : ""
            line += "Leo's \"improvement\" 1 − async V4 / sync V3 = \(percent(improvement.estimate)) "
                + "\(interval)\(undefined) (Leo: \(percent(leoHeadline))). "
        }
        line += "The difference sync V3 − async V4 is \(signed(leo.estimate)) \(interval(leo.interval)): "
        line += leo.detected
            ? "under this confounded protocol a difference is detected; the controlled comparison below says how much of it is the mode."
            : "no difference was detected even under this protocol."
        return [line]
    }

    private func controlledLines() -> [String] {
        guard !controlled.isEmpty else { return ["Fewer than 2 paired cells with scores: no controlled comparison."] }
        var out: [String] = []
        out.append("Same variant on both sides, paired by prompt and repeat; difference = async mode − sync "
                   + "(negative: the async mode echoes the prompt less).")
        out.append("")
        out.append(Formatting.markdownTable(
            ["mode", "variant", "pairs", "sync mean", "mode mean", "difference [95% CI]", "verdict"],
            controlled.map { c in
                [c.mode.rawValue, c.variant.displayName, String(c.difference.pairs), decimal(c.difference.second),
                 decimal(c.difference.first), "\(signed(c.difference.estimate)) \(interval(c.difference.interval))",
                 c.verdict.rawValue]
            }))
        out.append("")
        for mode in [CascadeMode.async, .asyncParity] {
            let rows = controlled.filter { $0.mode == mode }
            guard !rows.isEmpty else { continue }
            let detected = rows.filter { $0.verdict != .none }
            if detected.isEmpty {
                out.append("- \(mode.rawValue) against sync: no difference was detected under "
                           + rows.map(\.variant.displayName).joined(separator: ", ") + ".")
            } else {
                out.append("- \(mode.rawValue) against sync: " + rows.map { c in
                    "\(c.variant.displayName) \(c.verdict.rawValue)"
                }.joined(separator: "; ") + ".")
            }
        }
        return out
    }

    private func decompositionLines() -> [String] {
        guard !decomposition.isEmpty else { return ["The run lacks the modes or scores to decompose sync V3 − async V4."] }
        let total = decomposition.reduce(0) { $0 + $1.estimate }
        return [
            "sync V3 − async V4 over the cells that have every term (\(decomposition[0].pairs) cells) = "
                + "\(signed(total)), split into terms that add up to it:",
            "",
            Formatting.markdownTable(
                ["term", "estimate [95% CI]", "share of the total", "detected"],
                decomposition.map { term in
                    [term.label, "\(signed(term.estimate)) \(interval(term.interval))",
                     total != 0 ? percent(term.estimate / total) : "-", term.detected ? "yes" : "no"]
                }),
            "",
            "Leo's observer models, prompt lengths and reply pipelines are not reproduced by this "
                + "harness; they are not among these terms.",
        ]
    }

    private func shareLines(targets: TargetSpec) -> [String] {
        [
            "A cascade is optimal when its external_vocab is below 0.2. Leo: sync \(percent(Self.leoSyncV3.optimalShare)) "
                + "(V3), async \(percent(Self.leoAsyncV4.optimalShare)) (V4); harmonix targets: mean < "
                + "\(decimal(targets.meanExternalVocab)) and optimal > \(percent(targets.optimalShare)).",
            "",
            Formatting.markdownTable(
                ["mode", "variant", "n", "mean", "optimal [Wilson 95%]", "Leo", "mean target", "share target"],
                shares.map { s in
                    let share = s.scored > 0 ? Double(s.optimal) / Double(s.scored) : nil
                    let leo = LeoTargets.reference(mode: s.mode, variant: s.variant).map { percent($0.optimalShare) } ?? "-"
                    return [s.mode.rawValue, s.variant.displayName, String(s.scored), decimal(s.mean),
                            share.map { "\(percent($0)) \(s.interval.map(percentInterval) ?? "") (\(s.optimal)/\(s.scored))" } ?? "-",
                            leo, s.mean.map { $0 < targets.meanExternalVocab ? "pass" : "fail" } ?? "n/a",
                            shareOutcome(s, target: targets.optimalShare)]
                }),
        ]
    }

    private func latencyLines() -> [String] {
        var out: [String] = []
        for comparison in speedUps {
            if let paired = comparison.comparison {
                out.append("- " + paired.sentence(candidate: comparison.candidate.rawValue,
                                                  reference: comparison.reference.rawValue) + ".")
            } else {
                out.append("- \(comparison.candidate.rawValue) vs sync: \(comparison.note)")
            }
        }
        if let bound = asyncOverBound {
            let ci = bound.interval
            out.append(String(format: "- async took %.2f× [%.2f, %.2f] of its ideal bound for %d cores (paired, n = %d): "
                              + "bound = max(max stage, Σ stages / cores) over the sync cell's stage times + meta + EXHALE.",
                              bound.ratio, ci.lower, ci.upper, cores, boundPairs))
        }
        return out
    }

    private func shareOutcome(_ s: Share, target: Double) -> String {
        guard let interval = s.interval, s.scored > 0 else { return "n/a" }
        let share = Double(s.optimal) / Double(s.scored)
        if interval.lower > target { return "pass (interval above)" }
        if interval.upper < target { return "fail (interval below)" }
        return share > target ? "pass (interval spans the target)" : "fail (interval spans the target)"
    }

    private func decimal(_ value: Double?) -> String { Formatting.decimal(value) }
    private func signed(_ value: Double) -> String { String(format: "%+.3f", value) }
    private func interval(_ ci: ConfidenceInterval) -> String { String(format: "[%+.3f, %+.3f]", ci.lower, ci.upper) }
    private func percent(_ value: Double) -> String { String(format: "%.1f%%", 100 * value) }
    private func percentInterval(_ ci: ConfidenceInterval) -> String {
        String(format: "[%.1f%%, %.1f%%]", 100 * ci.lower, 100 * ci.upper)
    }
}
