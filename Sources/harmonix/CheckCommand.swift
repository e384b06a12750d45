import ArgumentParser
import Foundation
import Harness

/// `harmonix check RUN_DIR --baseline BASELINE`: the CI regression gate.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a run against a baseline: exact quality, noise-aware latency.",
        discussion: """
            Quality must match exactly (runs are seeded): for every baseline row (prompt × mode × repeat × \
            stage), the output hash, status, external_vocab of each shared variant, dissonance, temperature \
            and quality. Latency per (mode, stage): ratio of medians now/baseline with a bootstrap 95% CI; \
            a regression only when the whole interval lies above 1 + τ (τ = --tolerance, default the \
            manifest's `tolerance`, else 25%); an improvement when it lies below 1 − τ. Absolute latency \
            is gated only when both run.json files name the same CPU; otherwise it prints "latency not \
            comparable"; each stage's share of the sync cascade is gated on the same CPU only too (stages \
            run on different units, which CPUs speed up by different factors). On any CPU it gates what \
            the run measures itself: the paired async/sync and async-parity/sync cascade ratios against \
            the baseline's (--within-run-tolerance, default 0.25), and each stage's latency divided by the \
            run's calibration spin against the baseline's (--normalised-tolerance, default 0.75, also the \
            shares' τ). Runs of different manifests or seeds are refused as incomparable.

            With --fields, also every field table of both run folders (fields/<mode>/<organism>.db), row \
            by row, wall-clock columns excluded: a resumed run must end in the uninterrupted run's state. \
            Any difference is a regression.

            Exit codes: 0 pass (improvements included); 1 error (unreadable or incomparable runs); \
            2 regression; 4 improvements only, with --strict.
            """
    )

    @Argument(help: ArgumentHelp("The run folder (or its turns.csv).", valueName: "run-dir"))
    var runDirectory: String

    @Option(help: ArgumentHelp("The baseline run folder or turns.csv.", valueName: "baseline"))
    var baseline: String

    @Option(help: "Latency tolerance τ as a fraction (0.25 = 25%).")
    var tolerance: Double?

    @Option(name: .customLong("within-run-tolerance"), help: "τ of the mode/sync cascade ratios now vs baseline.")
    var withinRunTolerance: Double?

    @Option(name: .customLong("normalised-tolerance"), help: "τ of the sync-cascade shares and calibration-normalised latencies.")
    var normalisedTolerance: Double?

    @Flag(help: "Exit 4 when the only changes are improvements.")
    var strict = false

    @Flag(help: "Also compare every field table of the two run folders (wall-clock columns excluded).")
    var fields = false

    func validate() throws {
        for (name, value) in [("--tolerance", tolerance), ("--within-run-tolerance", withinRunTolerance),
                              ("--normalised-tolerance", normalisedTolerance)] {
            if let value, !(value >= 0 && value < 10) { throw ValidationError("\(name) must lie in [0, 10), e.g. 0.25.") }
        }
    }

    func run() throws {
        let current = try BaselineRun.load(runDirectory)
        let base = try BaselineRun.load(baseline)
        let tolerances = RunCheck.Tolerances.resolve(current: current, absolute: tolerance, withinRun: withinRunTolerance,
                                                     normalised: normalisedTolerance)
        let check = try RunCheck.run(current: current, baseline: base, tolerances: tolerances)
        print(check.table)
        if fields {
            let differences = try FieldTables.compare(run: runDirectory, run: baseline)
            print("")
            if differences.isEmpty {
                print("Fields (every table, wall-clock columns excluded): \(try FieldTables.rowCount(run: runDirectory)) rows, identical")
            } else {
                print("Fields differ:")
                differences.forEach { print("  " + $0) }
                throw ExitCode.regression
            }
        }
        switch check.outcome {
        case .regression: throw ExitCode.regression
        case .improvement where strict: throw ExitCode.improvementOnly
        default: return
        }
    }
}
