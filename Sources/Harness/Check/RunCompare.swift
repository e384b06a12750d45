import Cascade
import Foundation

/// `harmonix compare RUN_A RUN_B`: B (candidate) against A (reference), paired per
/// (prompt, mode, repeat) for each (mode, stage): the typical time ratio with its bootstrap 95% CI
/// and the three-way verdict with margin δ (harness.md §4.2), plus how many texts differ.
public struct RunCompare: Sendable {
    public struct Cell: Sendable {
        public var mode: CascadeMode
        public var stage: String
        public var comparison: PairedComparison?
        public var note: String
    }

    public var cells: [Cell]
    public var sharedRows: Int
    public var differingOutputs: Int
    public var margin: Double

    public static func run(reference: BaselineRun, candidate: BaselineRun,
                           margin: Double = PairedVerdict.defaultMargin) throws -> RunCompare {
        let byKey = Dictionary(reference.rows.map { (BaselineRun.key($0), $0) }, uniquingKeysWith: { _, b in b })
        var pairs: [String: [(Double, Double)]] = [:]
        var shared = 0, differing = 0
        for row in candidate.rows {
            guard let old = byKey[BaselineRun.key(row)] else { continue }
            shared += 1
            if old.outputSHA256 != row.outputSHA256 { differing += 1 }
            if old.status != .failed, row.status != .failed, let a = old.latencySeconds, let b = row.latencySeconds,
               a > 0, b > 0 {
                pairs["\(row.mode.rawValue)|\(row.stage)", default: []].append((a, b))
            }
        }
        if shared == 0 { throw CheckError.nothingInCommon }
        let stages = RunSummary(rows: reference.rows, variants: []).stages
        var cells: [Cell] = []
        for mode in CascadeMode.allCases {
            for stage in stages {
                guard let list = pairs["\(mode.rawValue)|\(stage)"] else { continue }
                var cell = Cell(mode: mode, stage: stage, comparison: nil, note: "")
                do {
                    cell.comparison = try StatisticalComparison.comparePaired(
                        reference: list.map(\.0), candidate: list.map(\.1), margin: margin)
                } catch {
                    cell.note = "no verdict: \(error)"
                }
                cells.append(cell)
            }
        }
        return RunCompare(cells: cells, sharedRows: shared, differingOutputs: differing, margin: margin)
    }

    /// The text `harmonix compare` prints.
    public func report(referenceName: String, candidateName: String) -> String {
        var out = ["B = \(candidateName)", "A = \(referenceName)",
                   "\(sharedRows) rows in common, \(differingOutputs) with a different output text", ""]
        out.append(Formatting.table(
            ["mode", "stage", "pairs", "median A", "median B", "B/A time ratio [95% CI]", "Wilcoxon p", "verdict (δ = \(Int((margin * 100).rounded()))%)"],
            cells.map { cell in
                guard let c = cell.comparison else {
                    return [cell.mode.rawValue, cell.stage, "-", "-", "-", "-", "-", "n/a (too few pairs)"]
                }
                return [cell.mode.rawValue, cell.stage, String(c.pairCount), Formatting.duration(c.referenceMedian),
                        Formatting.duration(c.candidateMedian),
                        String(format: "%.3f [%.3f, %.3f]", c.timeRatio, c.timeRatioInterval.lower, c.timeRatioInterval.upper),
                        c.wilcoxon.map { String(format: "%.3g", $0.pValue) } ?? "-", c.verdict.rawValue]
            }))
        for cell in cells where cell.stage == "cascade" {
            if let c = cell.comparison { out.append("\(cell.mode.rawValue): " + c.sentence(candidate: "B", reference: "A")) }
        }
        return out.joined(separator: "\n")
    }
}
