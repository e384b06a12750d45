import ArgumentParser
import Foundation
import Harness

/// `harmonix run MANIFEST`: run an experiment and write its results folder.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run an experiment manifest: prompts × modes × repeats over the cascade.",
        discussion: """
            Writes Results/<experiment>/<run-id>/ (or under --output / the manifest's `output`): turns.csv \
            (one row per prompt × mode × repeat × stage, appended as each cascade finishes), summary.csv, \
            leo_targets.csv, report.md, run.json (provenance) and charts/ (gnuplot scripts and PNGs; without \
            gnuplot one warning and the scripts only). Progress goes to stderr (a live line on a terminal, \
            plain lines otherwise or with CI=true); the summary block goes to stdout.

            After every cascade the run takes a checkpoint of each mode's fields and organisms' minds \
            (checkpoints/<mode>/ in the run folder). An interrupted run (even by SIGKILL) continues with \
            --resume RUN_DIR (same manifest, seed, repeats, --filter and --limit): it restores the last \
            checkpoint, drops what the interrupted cascade wrote, and ends with the rows and fields of an \
            uninterrupted run. One process per run folder: a second one stops at once, naming the holder. \
            With --no-checkpoint no checkpoints are written and --resume continues from the fields on disk \
            with fresh minds (not exact), retrying failed cascades.

            With `in_flight: K` > 1 in the manifest, K cascades run at once over each mode's shared fields: \
            the summary adds throughput (cascades/min) and the field invariants checked at the end (also in \
            in_flight.json and report.md); run.json and report.md mark the run non-reproducible; no \
            checkpoints are taken and --resume is refused.

            With --shard I/N (0-based) only the lineage units the deterministic partition (balanced by prompt \
            count) assigns to shard I run, each with all its modes and repeats; the run folder records the shard \
            and the host's CPU, and `harmonix merge` joins the shards. --shard auto reads SLURM_ARRAY_TASK_ID with \
            SLURM_ARRAY_TASK_COUNT (or SLURM_ARRAY_TASK_MIN/MAX), or Kubernetes' JOB_COMPLETION_INDEX with \
            --shard-count or HARMONIX_SHARD_COUNT. A manifest with `lineage: run` (the default) cannot be sharded.

            Exit codes: 0 success; 1 error (invalid manifest, organism not in this build, a cascade failed, \
            unwritable output, --resume of an in_flight run, a shard refused); 2 regression against --baseline; \
            3 a field invariant violated in an in_flight run.
            """
    )

    @Argument(help: "The experiment manifest, e.g. Experiments/default.yaml.")
    var manifest: String

    @Option(help: ArgumentHelp("Continue the run in this folder, skipping finished cells.", valueName: "run-dir"))
    var resume: String?

    @Option(help: ArgumentHelp("Only prompts whose id (topic/n) matches this regular expression.", valueName: "regex"))
    var filter: String?

    @Option(help: "Only the first N prompts (after --filter).")
    var limit: Int?

    @Option(help: ArgumentHelp("Folder receiving <experiment>/<run-id>/ (default: the manifest's `output`).",
                               valueName: "dir"))
    var output: String?

    @Option(help: "Experiment seed, replacing the manifest's.")
    var seed: UInt64?

    @Option(help: "Repeats per (prompt, mode), replacing the manifest's.")
    var repeats: Int?

    @Option(help: ArgumentHelp("After the run, gate on this baseline (run folder or turns.csv) like `harmonix check`.",
                               valueName: "baseline"))
    var baseline: String?

    @Option(help: "Progress on stderr: auto, tty, plain or none.")
    var progress: String = "auto"

    @Option(help: ArgumentHelp("Run only shard I of N (0-based), or `auto` from the Slurm/Kubernetes job environment.",
                               valueName: "I/N|auto"))
    var shard: String?

    @Option(name: .customLong("shard-count"),
            help: "Number of shards for --shard auto under Kubernetes (else HARMONIX_SHARD_COUNT).")
    var shardCount: Int?

    @OptionGroup var data: DataOptions

    @Flag(name: .customLong("no-checkpoint"),
          help: "Write no checkpoints (resume is then not exact); the behaviour before checkpoints.")
    var noCheckpoint = false

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
        if let repeats, repeats < 1 { throw ValidationError("--repeats must be at least 1.") }
        if ProgressStyle(rawValue: progress) == nil {
            throw ValidationError("--progress must be one of auto, tty, plain, none.")
        }
    }

    func run() async throws {
        let loaded: Manifest
        do {
            loaded = try ManifestLoader.load(path: manifest, resolver: data.resolver)
        } catch let error as ManifestError {
            printError(error.description)
            throw ExitCode.failure
        }
        var options = RunOptions(resumeDirectory: resume, filter: filter, limit: limit, outputDirectory: output,
                                 seed: seed, repeats: repeats, progress: ProgressStyle(rawValue: progress) ?? .auto,
                                 checkpoints: !noCheckpoint)
        if let shard {
            do {
                options.shard = try ShardSpec.parse(shard, count: shardCount)
            } catch let error as ShardError {
                printError(error.description)
                throw ExitCode.failure
            }
        }
        let result = try await ExperimentRunner(manifest: loaded, options: options).run()
        if let note = result.resumeNote { print(note) }
        let outcome = try RunArtifacts.write(directory: result.directory, rows: result.rows, variants: result.variants,
                                             targets: loaded.targets, margin: loaded.margin,
                                             provenance: result.provenance)
        outcome.warnings.forEach(printError)
        let headline = loaded.metricVariants.contains(loaded.targets.variant)
            ? loaded.targets.variant : (loaded.metricVariants.first ?? .v4)
        print(RunArtifacts.summaryBlock(result: result, outcome: outcome, headline: headline))

        if let baseline {
            let check = try RunCheck.run(current: try BaselineRun.load(result.directory),
                                         baseline: try BaselineRun.load(baseline), tolerance: loaded.tolerance)
            print("")
            print(check.table)
            if check.outcome == .regression { throw ExitCode.regression }
        }
        if let inFlight = result.inFlight, inFlight.totalViolations > 0 {
            printError("\(inFlight.totalViolations) field invariant violations with \(inFlight.inFlight) cascades in flight "
                       + "(in_flight.json in the run folder).")
            throw ExitCode(3)
        }
        if result.cellsFailed > 0 {
            printError("\(result.cellsFailed) cascades failed (status 'failed' in turns.csv); they are part of "
                       + "the checkpointed history: fix the cause and start a new run (or, inexact, resume a "
                       + "--no-checkpoint run to retry them).")
            throw ExitCode.failure
        }
    }
}
