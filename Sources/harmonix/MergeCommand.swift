import ArgumentParser
import Foundation
import Harness

/// `harmonix merge SHARD_DIR… --output DIR`: join the run folders of `harmonix run --shard`.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the shard run folders of one experiment into one run folder.",
        discussion: """
            Checks that the shards share the manifest hash, seed, repeats, filter, limit, lineage, harmonix \
            version and plan, that no folder is given twice, and that together they cover every lineage unit \
            exactly once (naming what is missing or duplicated). Writes DIR with turns.csv (rows in the \
            unsharded run's order), fields/, run.json (with each shard's host and CPU), summary.csv, \
            leo_targets.csv, report.md and charts/.

            Exit codes: 0 merged (with --partial also when units are missing; the report says so); 1 error \
            (not a shard folder, shards of different runs, a unit covered twice, DIR already a run folder); \
            3 units missing (without --partial).
            """
    )

    @Argument(help: "Run folders written by `harmonix run --shard`.")
    var shards: [String]

    @Option(help: ArgumentHelp("The merged run folder to create.", valueName: "dir"))
    var output: String

    @Flag(help: "Accept an incomplete set of shards; the report is marked partial.")
    var partial = false

    func run() throws {
        do {
            let outcome = try ShardMerge.merge(shardDirectories: shards, output: output, partial: partial)
            outcome.artifacts.warnings.forEach(printError)
            let origins = outcome.provenance.mergedFrom ?? []
            print("merged \(origins.count) shards, \(outcome.units) units, \(outcome.rows) rows into \(outcome.directory)")
            for origin in origins {
                print("  shard \(origin.shard): \(origin.host), \(origin.machine?.label ?? "CPU unknown"), "
                      + "units \(origin.units.joined(separator: ", "))")
            }
            if !outcome.missingUnits.isEmpty {
                print("PARTIAL: units missing: \(outcome.missingUnits.joined(separator: ", "))")
            }
        } catch let error as MergeError {
            printError(error.description)
            if case .missing = error { throw ExitCode.incompleteMerge }
            throw ExitCode.failure
        }
    }
}

extension ExitCode {
    /// `merge` without `--partial`: some lineage units are in no shard.
    static let incompleteMerge = ExitCode(3)
}
