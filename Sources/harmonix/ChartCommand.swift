import ArgumentParser
import Foundation
import Harness

/// `harmonix chart`: redraw a run's charts and report, or chart Leo's own transcripts.
struct ChartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chart",
        abstract: "Rebuild a run's summary, report and charts from its turns.csv, or chart the Leo transcripts.",
        discussion: """
            harmonix chart RUN_DIR          rewrites summary.csv, leo_targets.csv, report.md and charts/ \
            from RUN_DIR/turns.csv (nothing is re-run).
            harmonix chart --leo [DIR]      scores Leo's observer transcripts (default ../shared/data/leo, or \
            $HARMONIX_SHARED_DATA/leo) under V2–V5 and writes leo_scores.csv plus three charts into --output \
            (default Results/leo-transcripts): a real data set, no organism needed.

            gnuplot (Debian gnuplot-nox) draws the PNGs; without it the .gp scripts are written and one \
            warning is printed.

            Exit codes: 0 written (even without gnuplot); 1 error (unreadable input, unwritable output).
            """
    )

    @Argument(help: ArgumentHelp("A run folder, or with --leo the folder of Leo transcripts.", valueName: "dir"))
    var directory: String?

    @Flag(help: "Chart the Leo transcripts instead of a run.")
    var leo = false

    @Option(help: ArgumentHelp("Output folder for --leo.", valueName: "dir"))
    var output: String = "Results/leo-transcripts"

    func validate() throws {
        if !leo && directory == nil { throw ValidationError("Pass a run folder, or --leo.") }
    }

    func run() throws {
        if leo {
            let written = try LeoCharts.write(transcriptsIn: directory, to: output)
            written.warnings.forEach(printError)
            print(written.csv)
            written.files.forEach { print($0) }
        } else if let directory {   // validate() guarantees a folder without --leo
            let outcome = try RunArtifacts.rebuild(directory: directory)
            outcome.warnings.forEach(printError)
            let charts = (directory as NSString).appendingPathComponent("charts")
            print("Rewrote summary.csv, leo_targets.csv, report.md and \(outcome.charts.scripts.count) charts in \(charts)")
        }
    }
}
