import ArgumentParser
import Foundation
import Harness

/// `harmonix validate FILE...`: schema-check manifests without running anything.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check experiment manifests (YAML or JSON) against the schema.",
        discussion: """
            Reports every problem of every file as FILE:LINE:COLUMN with the key path: unknown keys (with \
            "did you mean"), wrong types, out-of-range values, unknown modes/organisms/variants, missing \
            prompt files, empty prompts, unset ${ENV} variables, data files found nowhere (listing every place tried), \
            data files their organism cannot read (seed list, model header, field copy: SQLite with the \
            organism's tables passing PRAGMA integrity_check), limits (Experiments/README.md). \
            Optional prompt sets that are not found are listed as skipped. The schema is in Experiments/README.md.

            Exit codes: 0 every file is valid; 1 at least one file has a problem.
            """
    )

    @Argument(help: "Manifest files, e.g. Experiments/*.yaml.")
    var files: [String]

    @OptionGroup var data: DataOptions

    func run() throws {
        var failed = 0
        let resolver = data.resolver
        for file in files {
            do {
                let manifest = try ManifestLoader.load(path: file, resolver: resolver)
                let inputs = ManifestLoader.inputIssues(manifest, file: file)
                if !inputs.isEmpty { throw ManifestError.invalid(inputs) }
                print("ok \(file): experiment '\(manifest.name)', \(manifest.prompts.count) prompts, "
                      + "modes \(manifest.modes.map(\.rawValue).joined(separator: ", ")), "
                      + "organisms \(manifest.organismNames.joined(separator: ", "))")
                for set in manifest.promptSets where !set.included { print("  optional prompt set \(set.summary)") }
            } catch let error as ManifestError {
                failed += 1
                printError(error.description)
            }
        }
        if failed > 0 {
            printError("\(failed) of \(files.count) manifests invalid.")
            throw ExitCode.failure
        }
    }
}
