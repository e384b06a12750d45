import Foundation
import HarmonixCore

/// Which part of a run one process runs (`harmonix run --shard I/N`, issue 14): shard `index` of
/// `count`, 0-based like Slurm array indices from 0 and Kubernetes completion indices.
public struct ShardSpec: Sendable, Hashable, Codable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) throws {
        guard count >= 1, (0..<count).contains(index) else { throw ShardError.outOfRange(index: index, count: count) }
        self.index = index
        self.count = count
    }

    public var description: String { "\(index)/\(count)" }

    /// Variables naming the shard count of a Kubernetes Indexed Job (which gives only the index).
    public static let countVariable = "HARMONIX_SHARD_COUNT"

    /// `I/N` (0 ≤ I < N), or `auto`: from the job array's environment (``fromEnvironment(_:count:)``).
    public static func parse(_ text: String, count: Int? = nil,
                             environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ShardSpec {
        if text == "auto" { return try fromEnvironment(environment, count: count) }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let total = Int(parts[1]) else {
            throw ShardError.badSyntax(text)
        }
        return try ShardSpec(index: index, count: total)
    }

    /// The shard of a Slurm job-array task or a Kubernetes Indexed Job pod.
    ///
    /// Slurm: `SLURM_ARRAY_TASK_ID` with `SLURM_ARRAY_TASK_COUNT` (index = id − `SLURM_ARRAY_TASK_MIN`,
    /// 0 when MIN is unset), or with `SLURM_ARRAY_TASK_MIN`/`MAX` (count = MAX − MIN + 1).
    /// Kubernetes: `JOB_COMPLETION_INDEX`, the count from `count` (the `--shard-count` flag) or
    /// `HARMONIX_SHARD_COUNT` (set it to the Job's `completions`).
    public static func fromEnvironment(_ environment: [String: String], count: Int? = nil) throws -> ShardSpec {
        func number(_ name: String) throws -> Int? {
            guard let text = environment[name] else { return nil }
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw ShardError.badEnvironment(name: name, value: text)
            }
            return value
        }
        if let id = try number("SLURM_ARRAY_TASK_ID") {
            let minimum = try number("SLURM_ARRAY_TASK_MIN")
            if let total = try count ?? number("SLURM_ARRAY_TASK_COUNT") {
                return try ShardSpec(index: id - (minimum ?? 0), count: total)
            }
            if let minimum, let maximum = try number("SLURM_ARRAY_TASK_MAX") {
                return try ShardSpec(index: id - minimum, count: maximum - minimum + 1)
            }
            throw ShardError.noCount(source: "SLURM_ARRAY_TASK_ID")
        }
        if let index = try number("JOB_COMPLETION_INDEX") {
            guard let total = try count ?? number(countVariable) else {
                throw ShardError.noCount(source: "JOB_COMPLETION_INDEX")
            }
            return try ShardSpec(index: index, count: total)
        }
        throw ShardError.noEnvironment
    }

    /// Assigns each unit (by its prompt count) to a shard: the largest units first, each to the shard
    /// with the fewest prompts so far (lowest index on ties); ties between units keep their order.
    /// Deterministic, and within one unit of the best balance. Returns the shard of each unit.
    public static func partition(weights: [Int], count: Int) -> [Int] {
        let order = weights.indices.sorted { weights[$0] != weights[$1] ? weights[$0] > weights[$1] : $0 < $1 }
        var load = [Int](repeating: 0, count: max(1, count))
        var shardOf = [Int](repeating: 0, count: weights.count)
        for unit in order {
            var best = 0
            for shard in load.indices where load[shard] < load[best] { best = shard }
            shardOf[unit] = best
            load[best] += weights[unit]
        }
        return shardOf
    }
}

/// A `--shard` that cannot be used.
public enum ShardError: Sendable, Equatable, ExplainedError {
    case badSyntax(String)
    case outOfRange(index: Int, count: Int)
    case badEnvironment(name: String, value: String)
    case noCount(source: String)
    case noEnvironment
    case runLineage

    public var explanation: ErrorExplanation {
        switch self {
        case .badSyntax(let text): return ErrorExplanation("--shard '\(text)' is not I/N or auto", while: "reading the options", fix: "Write e.g. `--shard 0/4` (0-based).")
        case .outOfRange(let index, let count): return ErrorExplanation("shard \(index)/\(count) does not exist", while: "reading the shard", fix: "Use 0 ≤ I < N and N ≥ 1.")
        case .badEnvironment(let name, let value): return ErrorExplanation("\(name)='\(value)' is not a whole number", while: "reading the shard from the environment")
        case .noCount(let source): return ErrorExplanation("\(source) is set but the number of shards is not", while: "reading --shard auto", fix: "Pass --shard-count N or set \(ShardSpec.countVariable) (Slurm: SLURM_ARRAY_TASK_COUNT or SLURM_ARRAY_TASK_MIN/MAX).")
        case .noEnvironment: return ErrorExplanation("--shard auto found neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX", while: "reading the shard", fix: "Run it as a Slurm array task or a Kubernetes Indexed Job pod, or pass --shard I/N.")
        case .runLineage: return ErrorExplanation("lineage 'run' cannot be sharded: every mode carries one evolving field state through all prompts and repeats, so any split would cut that state (and a split by mode would put the sync/async pairs on different machines)", while: "planning the shard", fix: "Declare `lineage: topic` or `lineage: prompt` in the manifest (each unit then starts from the declared state), or run without --shard.")
        }
    }
}
