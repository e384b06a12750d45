/// What every Harmonix organism (HAiKU, Sonnet, Prose) offers the cascade and the harness.
///
/// A turn has two phases so the cascade can run them in the three modes of overview decision 3:
///
/// 1. ``compose(_:)`` — the CPU-heavy part: text from the organism's own field state and its own
///    seeded PRNG. It must not read other organisms' outputs (in the original, generation depends
///    on nothing upstream: `cascade.md` §2.4), so `async` can run the three at once.
/// 2. ``settle(_:context:)`` — measure the draft against what the organism "heard" (its
///    ``TurnContext``: the prompt alone, or prompt + upstream outputs) and write the field. Each
///    organism joins the parts the way its original does (Sonnet: P + "\n\n" + H; Prose: P, H, S
///    as separate disturbances) and reports the joined text as ``TurnResult/input``.
///
/// ``turn(_:upstream:)`` runs both back to back: the organism's standalone turn.
/// ``absorb(_:)`` is EXHALE: the meta sentence returns to the field as a disturbance.
///
/// Conformers are usually `final class`es holding an actor-isolated field; every method may be
/// called from any task. Every organism declares its in-memory state (``StatefulOrganism``), so a
/// run can be checkpointed and resumed exactly.
public protocol Organism: StatefulOrganism {
    /// What ``compose(_:)`` hands to ``settle(_:context:)``: generated text plus whatever the
    /// organism must remember between the two phases (temperature used, candidates, timings).
    associatedtype Draft: Sendable

    /// Short stable name used in seeds, CSV rows and charts: "haiku", "sonnet", "prose".
    var name: String { get }

    /// Phase 1: generate from the field and the seeded stream in `request`.
    func compose(_ request: TurnRequest) async throws -> Draft

    /// Phase 2: metrics against `context`, field writes; returns the finished turn.
    func settle(_ draft: Draft, context: TurnContext) async throws -> TurnResult

    /// EXHALE: take `disturbance` (the meta sentence) into the field, atomically.
    func absorb(_ disturbance: String) async throws
}

extension Organism {
    /// The standalone turn: compose, then settle against the prompt and `upstream` outputs.
    public func turn(_ request: TurnRequest, upstream: [String] = []) async throws -> TurnResult {
        let draft = try await compose(request)
        return try await settle(draft, context: TurnContext(prompt: request.prompt, upstream: upstream))
    }
}

/// The input of one organism turn.
public struct TurnRequest: Sendable, Hashable {
    /// The user's prompt (what the organism reads; some organisms ignore it for generation).
    public var prompt: String
    /// Seed of this organism's PRNG stream for this turn (see ``SeedDerivation``).
    public var seed: UInt64

    public init(prompt: String, seed: UInt64) {
        self.prompt = prompt
        self.seed = seed
    }
}

/// What an organism heard: the prompt and, in `sync` and `async-parity`, the outputs of the
/// stages before it (in cascade order: haiku, then sonnet). Empty `upstream` in `async` mode.
public struct TurnContext: Sendable, Hashable {
    public var prompt: String
    public var upstream: [String]

    public init(prompt: String, upstream: [String] = []) {
        self.prompt = prompt
        self.upstream = upstream
    }
}

/// The outcome of one organism turn: text, the organism's own metrics, and timings.
public struct TurnResult: Sendable {
    /// Organism name ("haiku", "sonnet", "prose").
    public var organism: String
    /// The text the turn was measured against (its context).
    public var input: String
    /// The organism's reply; empty when it produced nothing (counted apart by the metrics).
    public var output: String
    /// Dissonance d ∈ [0, 1] as the organism's field computed it.
    public var dissonance: Double?
    /// Temperature the generation used.
    public var temperature: Double?
    /// The organism's own quality score, when it has one.
    public var quality: Double?
    /// Field size after the turn (the organism's own notion: words, trigrams, rows).
    public var fieldSize: Int?
    /// Further figures, in a stable order: the pulse (``pulse``) and organism-specific ones, each
    /// under a declared ``MetricName``.
    public var extras: [NamedValue]
    /// Wall-clock durations of the turn's parts, in seconds, in the order they ran.
    public var timings: [NamedValue]
    /// Seed of the stream the turn used.
    public var seed: UInt64
    /// Why the turn failed, when it did (the cascade records the error and goes on with an
    /// empty output, which the metrics count apart — never as an "optimal" turn).
    public var failure: String?

    public init(
        organism: String, input: String, output: String, dissonance: Double? = nil,
        temperature: Double? = nil, quality: Double? = nil, fieldSize: Int? = nil,
        extras: [NamedValue] = [], timings: [NamedValue] = [], seed: UInt64, failure: String? = nil
    ) {
        self.organism = organism
        self.input = input
        self.output = output
        self.dissonance = dissonance
        self.temperature = temperature
        self.quality = quality
        self.fieldSize = fieldSize
        self.extras = extras
        self.timings = timings
        self.seed = seed
        self.failure = failure
    }

    /// A failed turn: empty output and the error's description.
    public static func failed(organism: String, input: String, seed: UInt64, error: any Error, seconds: Double) -> TurnResult {
        TurnResult(organism: organism, input: input, output: "", timings: [NamedValue("failed", seconds)],
                   seed: seed, failure: String(describing: error))
    }

    /// Looks up an extra by name.
    public func extra(_ name: MetricName) -> Double? { extras.value(name) }

    /// The pulse every organism reports (a failed turn: nil). It is kept in ``extras`` under
    /// ``MetricName/pulseNovelty`` etc., at the place each organism's `turns.csv` extras have it.
    public var pulse: Pulse? {
        guard let novelty = extra(.pulseNovelty), let arousal = extra(.pulseArousal), let entropy = extra(.pulseEntropy)
        else { return nil }
        return Pulse(novelty: novelty, arousal: arousal, entropy: entropy)
    }

    /// Total of ``timings`` in seconds.
    public var seconds: Double { timings.reduce(0) { $0 + $1.value } }
}

/// A named number, kept in arrays so output column order is deterministic.
public struct NamedValue: Sendable, Hashable, Codable {
    public var name: String
    public var value: Double
    public init(_ name: String, _ value: Double) {
        self.name = name
        self.value = value
    }
}
