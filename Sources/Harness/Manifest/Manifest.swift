import Cascade
import Foundation
import HarmonixCore

/// One experiment, as read from a manifest file in `Experiments/` (schema: `Experiments/README.md`).
///
/// A manifest names the prompts, the organisms of the cascade with their options and initial field
/// state, the modes to compare, how many repeats (after how many warmup cascades), the metric
/// variants to score and the targets to judge. Every path in it is already resolved (against the
/// manifest's folder, or through ``DataResolver`` for `data:` references and omitted data files)
/// when a `Manifest` exists.
///
/// ```swift
/// let manifest = try ManifestLoader.load(path: "Experiments/smoke.yaml")
/// print(manifest.name, manifest.prompts.count)
/// ```
public struct Manifest: Sendable, Hashable {
    /// Experiment name: `[A-Za-z0-9._-]+`, the folder under `Results/`.
    public var name: String
    /// Free text shown in the report.
    public var description: String?
    /// Experiment seed: every organism stream derives from it (``SeedDerivation``).
    public var seed: UInt64
    /// Timed cascades per (prompt, mode).
    public var repeats: Int
    /// Untimed cascades per mode run before the matrix and discarded.
    public var warmup: Int
    /// Modes to run, in the order given.
    public var modes: [CascadeMode]
    /// The cascade's organisms, in stage order.
    public var organisms: [OrganismConfiguration]
    /// Every prompt of every prompt set, in manifest order.
    public var prompts: [ExperimentPrompt]
    /// external_vocab variants scored for every row ("v1" … "v5").
    public var metricVariants: [MetricVariant]
    /// What the run is judged against.
    public var targets: TargetSpec
    /// Folder receiving `<name>/<run-id>/`, resolved.
    public var outputDirectory: String
    /// Regular expression on prompt ids (`topic/n`) restricting the matrix, if any.
    public var filter: String?
    /// How many mode lanes may run at once (1 = strictly sequential, the right value for latency).
    public var concurrency: Int
    /// Practical margin δ of the paired verdict (harness.md §4.2), as a fraction.
    public var margin: Double
    /// Tolerance τ of the baseline latency gate (harness.md §4.3), as a fraction.
    public var tolerance: Double
    /// Absolute path of the manifest file.
    public var sourcePath: String
    /// Every prompt set, included or skipped, in manifest order.
    public var promptSets: [PromptSetRecord] = []
    /// Every data file the organisms read, with the rule that found it.
    public var dataFiles: [DataRecord] = []
    /// Where each data file's key stands in the manifest (by ``DataRecord/key``), for messages.
    public var dataMarks: [String: ManifestMark] = [:]
    /// Cascades in flight at once over one shared set of fields per mode (`in_flight`, issue 11):
    /// 1 = one cascade at a time (reproducible, the right value for latency); K > 1 measures
    /// throughput, checks the field invariants at the end, and makes the run non-reproducible.
    public var inFlight: Int = 1
    /// Which cascades share an evolving field state (`lineage:`, issue 14); `run` by default.
    public var lineage: Lineage = .run

    /// Organism names in stage order.
    public var organismNames: [String] { organisms.map(\.name) }
}

/// A 1-based line and column in a manifest file.
public struct ManifestMark: Sendable, Hashable {
    public var line: Int
    public var column: Int
}

/// One prompt of the matrix with its place in its topic.
public struct ExperimentPrompt: Sendable, Hashable {
    /// Stable id `topic/n` (n from 1), the key of rows, filters and resume.
    public var id: String
    /// Topic (conversation) name.
    public var topic: String
    /// 0-based position inside the topic.
    public var index: Int
    /// The prompt text.
    public var text: String
    /// Up to three earlier prompts of the same topic, oldest first (V1/V4's observer history).
    public var history: [String]
}

/// Targets a run is judged against (metrics.md §1.10, cascade.md §2.5).
public struct TargetSpec: Sendable, Hashable {
    /// Variant the harmonix targets are judged under (Leo's 0.112 / 85.7% are V4).
    public var variant: MetricVariant
    /// Mean external_vocab must stay below this (harmonix target 0.15).
    public var meanExternalVocab: Double
    /// Share of optimal turns must exceed this, as a fraction (harmonix target 0.80).
    public var optimalShare: Double
    /// Median cascade latency must stay below this many seconds (cascade.md §2.5: 12 s).
    public var maxCascadeSeconds: Double?

    public init(variant: MetricVariant = .v4, meanExternalVocab: Double = 0.15, optimalShare: Double = 0.80,
                maxCascadeSeconds: Double? = 12) {
        self.variant = variant
        self.meanExternalVocab = meanExternalVocab
        self.optimalShare = optimalShare
        self.maxCascadeSeconds = maxCascadeSeconds
    }
}
