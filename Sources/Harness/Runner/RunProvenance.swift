import Foundation

/// Where a run came from (`run.json`): enough to reproduce it and to refuse comparing unlike runs.
public struct RunProvenance: Codable, Sendable, Hashable, RunFolderJSON {
    public static let fileName = "run.json"

    public var experiment: String
    public var runID: String
    public var manifestPath: String
    public var manifestSHA256: String
    public var seed: UInt64
    public var repeats: Int
    public var warmup: Int
    public var modes: [String]
    public var organisms: [String]
    public var variants: [String]
    public var promptCount: Int
    public var filter: String?
    public var limit: Int?
    public var gitSHA: String?
    public var host: String
    public var operatingSystem: String
    public var processorCount: Int
    public var toolchain: String
    public var harmonixVersion: String
    public var startedAt: String
    /// Times the run was continued with `--resume`.
    public var resumedAt: [String]
    /// The manifest's prompt sets: which ran (with their prompts in the matrix) and which were
    /// skipped; nil in runs recorded before prompt sets were listed.
    public var promptSets: [PromptSetRecord]?
    /// The data files the organisms read and which rule found each; nil in older runs.
    public var dataFiles: [DataRecord]?
    /// The CPU the run measured on (nil in runs recorded before issue 8): `check` gates absolute
    /// latency only between runs on the same CPU.
    public var machine: MachineFacts?
    /// The calibration spins before and after the matrix, for the CPU-normalised latency gate.
    public var calibration: RunCalibration?
    /// Cascades in flight (`in_flight`, issue 11); nil when 1, so a one-at-a-time run.json is unchanged.
    public var inFlight: Int?
    /// false when texts depend on the interleaving of overlapping cascades (`in_flight` > 1): `check`
    /// then compares only invariants and ratios. nil (absent) means reproducible.
    public var reproducible: Bool?

    /// Whether seeded texts can be compared row by row with another run of the same manifest.
    public var isReproducible: Bool { reproducible ?? true }
    /// Which cascades share an evolving state (issue 14); nil in runs recorded before it (= `run`).
    public var lineage: Lineage?
    /// The part of the plan this run is (`--shard`); nil for a whole run.
    public var shard: ShardRecord?
    /// A merged run's shards (`harmonix merge`), with each one's host and CPU; nil otherwise.
    public var mergedFrom: [ShardOrigin]?
    /// Units no shard covered, when merged with `--partial`; nil or empty when complete.
    public var missingUnits: [String]?

    enum CodingKeys: String, CodingKey {
        case experiment, runID = "run_id", manifestPath = "manifest_path", manifestSHA256 = "manifest_sha256", seed,
             repeats, warmup, modes, organisms, variants, promptCount = "prompt_count", filter, limit,
             gitSHA = "git_sha", host, operatingSystem = "os", processorCount = "cpu_count", toolchain,
             harmonixVersion = "harmonix_version", startedAt = "started_at", resumedAt = "resumed_at",
             promptSets = "prompt_sets", dataFiles = "data", machine, calibration, inFlight = "in_flight", reproducible,
             lineage, shard, mergedFrom = "merged_from", missingUnits = "missing_units"
    }

    /// The version printed by `harmonix --version`.
    public static let harmonixVersion = "0.1.0"

    /// The compiler this binary was built with (compile-time; no `swift --version` at run time).
    public static var toolchain: String {
        #if compiler(>=6.3)
        return "Swift 6.3+"
        #elseif compiler(>=6.2)
        return "Swift 6.2"
        #elseif compiler(>=6.1)
        return "Swift 6.1"
        #else
        return "Swift 6.0"
        #endif
    }

    /// `git rev-parse HEAD` in `directory`, or nil outside a repository or without git.
    static func gitSHA(in directory: String) -> String? {
        guard let outcome = try? ChildProcess.run("git", arguments: ["rev-parse", "HEAD"], in: directory, timeout: 5),
              outcome.status == 0, !outcome.timedOut else { return nil }
        let sha = outcome.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        return sha.count == 40 ? sha : nil
    }

    static func timestamp(_ date: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    public func write(to directory: String) throws { try writeJSON(to: directory) }

    public static func read(from directory: String) throws -> RunProvenance {
        guard let provenance = try readJSON(from: directory) else {
            throw ExportError.cannotRead(path: (directory as NSString).appendingPathComponent(fileName), reason: "missing file")
        }
        return provenance
    }
}
