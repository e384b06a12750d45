import ArgumentParser

/// The exit statuses of `harmonix` (overview decision 12, harness.md §4.3): 0 pass, 1 error,
/// 2 regression, 4 improvements only (only with `check --strict`).
extension ExitCode {
    static let regression = ExitCode(2)
    static let improvementOnly = ExitCode(4)
}

/// Writes a line to stderr (progress, warnings and errors never go to stdout).
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

import Foundation
