import Cascade
import Foundation
import HarmonixCore

/// What happened to one stage of one cascade.
public enum RowStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// A non-empty output.
    case ok
    /// The stage produced only whitespace: counted apart, never "optimal" (overview decision 8).
    case empty
    /// The cascade threw; `error` holds the message.
    case failed
}

/// One row of `turns.csv`: one stage of one cascade (prompt × mode × repeat × stage).
///
/// Stages are the runner's organism stages (e.g. `haiku`, `sonnet`, `prose`), then `meta` when the
/// cascade produced a meta sentence, then `cascade` (the whole cascade: prompt vs all organism
/// outputs joined, latency = total). The `cascade` row is written last, so its presence marks a
/// finished cell for `--resume`.
public struct TurnRow: Sendable, Hashable {
    public var runID: String
    public var experiment: String
    public var promptID: String
    public var topic: String
    public var prompt: String
    public var mode: CascadeMode
    /// 0-based repeat index.
    public var repeatIndex: Int
    /// Position of this mode inside its (prompt, repeat) group: the seeded A/B order actually run.
    public var order: Int
    public var stage: String
    public var stageIndex: Int
    /// Seed of the stream this stage used (the meta stream for `meta` and `cascade`).
    public var seed: UInt64
    /// The text the stage was measured against (its context), hashed.
    public var inputSHA256: String
    public var inputCharacters: Int
    public var outputSHA256: String
    public var outputCharacters: Int
    public var output: String
    /// external_vocab per requested variant (nil = nothing to score: empty or failed).
    public var externalVocab: [MetricVariant: Double]
    public var dissonance: Double?
    public var temperature: Double?
    public var quality: Double?
    public var latencySeconds: Double?
    public var fieldSize: Int?
    /// Further named figures in a stable order: an organism's extras, or for the `cascade` row the
    /// cascade metrics and latency parts (`latency_<part>_s`).
    public var extras: [NamedValue]
    public var status: RowStatus
    public var error: String

    public init(runID: String, experiment: String, promptID: String, topic: String, prompt: String,
                mode: CascadeMode, repeatIndex: Int, order: Int, stage: String, stageIndex: Int, seed: UInt64,
                input: String, output: String, externalVocab: [MetricVariant: Double] = [:],
                dissonance: Double? = nil, temperature: Double? = nil, quality: Double? = nil,
                latencySeconds: Double? = nil, fieldSize: Int? = nil, extras: [NamedValue] = [], status: RowStatus,
                error: String = "") {
        self.runID = runID
        self.experiment = experiment
        self.promptID = promptID
        self.topic = topic
        self.prompt = prompt
        self.mode = mode
        self.repeatIndex = repeatIndex
        self.order = order
        self.stage = stage
        self.stageIndex = stageIndex
        self.seed = seed
        self.inputSHA256 = SHA256.hex(input)
        self.inputCharacters = input.count
        self.outputSHA256 = SHA256.hex(output)
        self.outputCharacters = output.count
        self.output = output
        self.externalVocab = externalVocab
        self.dissonance = dissonance
        self.temperature = temperature
        self.quality = quality
        self.latencySeconds = latencySeconds
        self.fieldSize = fieldSize
        self.extras = extras
        self.status = status
        self.error = error
    }

    /// `value < 0.2` under `variant`; nil when the variant was not scored or there was nothing to score.
    public func isOptimal(_ variant: MetricVariant) -> Bool? {
        externalVocab[variant].map(ExternalVocab.isOptimal)
    }

    /// The resume key: prompt id × mode × repeat.
    public var cellKey: CellKey { CellKey(promptID: promptID, mode: mode, repeatIndex: repeatIndex) }
}

/// Identity of one cell of the matrix (the unit `--resume` skips).
public struct CellKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var promptID: String
    public var mode: CascadeMode
    public var repeatIndex: Int

    public var description: String { "\(promptID) \(mode.rawValue) r\(repeatIndex)" }

    public static func < (a: CellKey, b: CellKey) -> Bool {
        (a.promptID, a.mode.rawValue, a.repeatIndex) < (b.promptID, b.mode.rawValue, b.repeatIndex)
    }
}
