import ArgumentParser
import Foundation
import Harness

/// `harmonix compare RUN_A RUN_B`: paired comparison of two runs.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two runs cell by cell: B's latency against A's, paired, with CIs.",
        discussion: """
            Pairs rows by prompt × mode × repeat × stage. For each (mode, stage): the typical time ratio \
            B/A (exp of the median log ratio) with a seeded bootstrap 95% CI, the Wilcoxon signed-rank p, \
            and a verdict with margin δ: faster, slower, equivalent or inconclusive. Also counts rows whose \
            output text differs.

            Exit codes: 0 compared; 1 error (unreadable runs, nothing in common).
            """
    )

    @Argument(help: ArgumentHelp("Reference run folder or turns.csv (A).", valueName: "run-a"))
    var runA: String

    @Argument(help: ArgumentHelp("Candidate run folder or turns.csv (B).", valueName: "run-b"))
    var runB: String

    @Option(help: "Equivalence margin δ as a fraction (0.05 = 5%).")
    var margin: Double = 0.05

    func validate() throws {
        if !(margin > 0 && margin < 1) { throw ValidationError("--margin must lie in (0, 1), e.g. 0.05.") }
    }

    func run() throws {
        let comparison = try RunCompare.run(reference: try BaselineRun.load(runA), candidate: try BaselineRun.load(runB),
                                            margin: margin)
        print(comparison.report(referenceName: runA, candidateName: runB))
    }
}
