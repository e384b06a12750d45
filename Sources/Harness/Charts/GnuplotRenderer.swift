import Foundation
import HarmonixCore

/// Writes chart scripts into a folder and runs `gnuplot` on each, as a child process with a timeout.
///
/// gnuplot is optional at run time (overview decision 11): when it is missing the scripts are
/// still written, one warning is emitted, and nothing fails. A script that gnuplot rejects or that
/// times out also gives a warning, never an error: charts must not fail a run.
public struct GnuplotRenderer: Sendable {
    /// Seconds one script may take before it is killed.
    public var timeout: TimeInterval
    /// The gnuplot executable: a name on PATH or an absolute path.
    public var executable: String

    public init(timeout: TimeInterval = 60, executable: String = "gnuplot") {
        self.timeout = timeout
        self.executable = executable
    }

    public struct Outcome: Sendable {
        /// Paths of the `.gp` files written.
        public var scripts: [String]
        /// Paths of the PNG files gnuplot produced.
        public var images: [String]
        /// Problems worth one line on stderr each (gnuplot missing, a script rejected).
        public var warnings: [String]
    }

    /// True when `gnuplot --version` runs.
    public func isAvailable() -> Bool {
        guard let outcome = try? ChildProcess.run(executable, arguments: ["--version"], timeout: 10) else { return false }
        return outcome.status == 0 && !outcome.timedOut
    }

    /// Writes each script as `<name>.gp` in `directory` and renders it to `<name>.png`.
    public func render(_ scripts: [GnuplotScript], in directory: String) throws -> Outcome {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var outcome = Outcome(scripts: [], images: [], warnings: [])
        for script in scripts {
            let path = (directory as NSString).appendingPathComponent("\(script.name).gp")
            do {
                try script.text.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw ExportError.cannotWrite(path: path, reason: FileProblem.reason(error, path: path))
            }
            outcome.scripts.append(path)
        }
        guard !scripts.isEmpty else { return outcome }
        guard isAvailable() else {
            outcome.warnings.append(
                "Warning: gnuplot not found: \(scripts.count) chart scripts written to \(directory) but not drawn. "
                    + "Install gnuplot-nox (scripts/setup.sh does) and run `harmonix chart` on the run folder.")
            return outcome
        }
        for script in scripts {
            let image = (directory as NSString).appendingPathComponent("\(script.name).png")
            try? FileManager.default.removeItem(atPath: image)
            do {
                let result = try ChildProcess.run(executable, arguments: ["\(script.name).gp"], in: directory,
                                                  timeout: timeout)
                if result.timedOut {
                    outcome.warnings.append("Warning: gnuplot timed out after \(Int(timeout)) s on \(script.name).gp; chart skipped.")
                } else if result.status != 0 || !FileManager.default.fileExists(atPath: image) {
                    let reason = result.standardError.split(separator: "\n").suffix(3).joined(separator: " | ")
                    outcome.warnings.append("Warning: gnuplot failed on \(script.name).gp (status \(result.status)): \(reason)")
                } else {
                    outcome.images.append(image)
                }
            } catch {
                outcome.warnings.append("Warning: cannot start gnuplot for \(script.name).gp: \(error)")
            }
        }
        return outcome
    }
}
