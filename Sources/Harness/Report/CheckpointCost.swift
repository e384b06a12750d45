import Foundation

/// What the checkpoints cost (issue 10: well under 2% of the cascade time), measured by the runner:
/// per cell, the wall-clock seconds of the checkpoint after it and of the cascade itself.
/// Each invocation of `run` (a first run, each `--resume`) appends its cells to
/// `checkpoints/cost.csv`; the report and the printed summary quote the figures.
public struct CheckpointCost: Sendable, Equatable {
    public static let fileName = "cost.csv"
    static let header = "invocation,checkpoint_ms,cascade_ms"

    /// Checkpoint and cascade seconds, one pair per cell.
    public var checkpointSeconds: [Double]
    public var cascadeSeconds: [Double]

    public init(checkpointSeconds: [Double], cascadeSeconds: [Double]) {
        self.checkpointSeconds = checkpointSeconds
        self.cascadeSeconds = cascadeSeconds
    }

    public var medianMilliseconds: Double { Quantiles.median(checkpointSeconds) * 1000 }
    public var p90Milliseconds: Double { Quantiles.quantile(checkpointSeconds, probability: 0.9) * 1000 }
    /// Σ checkpoint / Σ cascade, in percent.
    public var sharePercent: Double {
        let cascade = cascadeSeconds.reduce(0, +)
        return cascade > 0 ? 100 * checkpointSeconds.reduce(0, +) / cascade : .nan
    }

    /// One line for the summary block and the report.
    public var sentence: String {
        guard !checkpointSeconds.isEmpty else { return "no checkpoint written" }
        return String(format: "checkpoint per cell: median %.1f ms (p90 %.1f ms), %.2f%% of the cascade time (n = %d)",
                      medianMilliseconds, p90Milliseconds, sharePercent, checkpointSeconds.count)
    }

    static func path(in runDirectory: String) -> String {
        ((runDirectory as NSString).appendingPathComponent(RunCheckpoints.folderName) as NSString)
            .appendingPathComponent(fileName)
    }

    /// Appends this invocation's cells to the run's `checkpoints/cost.csv`.
    func append(to runDirectory: String, invocation: Int) throws {
        guard !checkpointSeconds.isEmpty else { return }
        let path = Self.path(in: runDirectory)
        var text = FileManager.default.fileExists(atPath: path) ? "" : Self.header + "\n"
        for (c, s) in zip(checkpointSeconds, cascadeSeconds) {
            text += String(format: "%d,%.3f,%.3f\n", invocation, c * 1000, s * 1000)
        }
        if let handle = FileHandle(forWritingAtPath: path) {
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(text.utf8))
        } else {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        }
    }

    /// Every invocation's cells of a run, or nil when it has no `checkpoints/cost.csv`.
    public static func load(runDirectory: String) -> CheckpointCost? {
        guard let text = try? String(contentsOfFile: path(in: runDirectory), encoding: .utf8) else { return nil }
        var cost = CheckpointCost(checkpointSeconds: [], cascadeSeconds: [])
        for line in text.split(separator: "\n").dropFirst() {
            let parts = line.split(separator: ",")
            guard parts.count == 3, let c = Double(parts[1]), let s = Double(parts[2]) else { continue }
            cost.checkpointSeconds.append(c / 1000)
            cost.cascadeSeconds.append(s / 1000)
        }
        return cost.checkpointSeconds.isEmpty ? nil : cost
    }
}
