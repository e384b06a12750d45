import HarmonixCore

/// The full cascade: HAiKU → Sonnet → Prose → MetaHarmonix, in the three modes of overview
/// decision 3.
///
/// ```swift
/// let cascade = MetaHarmonix(haiku: h, sonnet: s, prose: p)
/// let record = try await cascade.run(prompt: "What is love?", mode: .sync, seeds: seeds)
/// ```
///
/// - `sync` (SYNC_CHAIN): each organism composes and settles in turn; Sonnet hears P and the
///   haiku, Prose hears P, the haiku and the sonnet.
/// - `async` (ASYNC_PARALLEL_PLAN): the three turns run at once from P alone (parallel INHALE).
/// - `async-parity` (ASYNC_PARALLEL_PARITY): the three `compose`s run at once, then the
///   `settle`s run in sync order with sync's contexts. Generation depends on nothing upstream, so
///   with the same seeds it gives sync's texts and metrics: the fair test of "does async change
///   coherence?".
///
/// Then, in every mode and one cascade at a time: the meta sentence from the combined field
/// (atomic, ``MetaHub``), and EXHALE: each organism absorbs the meta sentence, timed apart.
///
/// Each organism's model runs on that organism's own `InferenceThread` (HarmonixBase), the analogue
/// of the original's `asyncio.to_thread`: inference never occupies the cooperative pool, and the
/// cascade needs no thread of its own. In `async` the three composes start at once and overlap
/// because each suspends while its model runs on its thread.
///
/// An organism that throws does not abort the cascade: its stage is recorded as failed with an
/// empty output (downstream organisms hear an empty string), and the harness counts it apart.
public final class MetaHarmonix<H: Organism, S: Organism, P: Organism>: OverlappingCascadeRunner {
    public let haiku: H
    public let sonnet: S
    public let prose: P
    let hub = MetaHub()
    private let gate = CascadeGate()
    /// Test-only regression: `async` runs its three turns one after another (same contexts, so
    /// the same texts), to show that the within-run async/sync gate of `check` fails (issue 8).
    /// False in every real run; only tests pass true.
    public let serialisedAsyncForTesting: Bool

    public init(haiku: H, sonnet: S, prose: P, serialisedAsyncForTesting: Bool = false) {
        self.haiku = haiku
        self.sonnet = sonnet
        self.prose = prose
        self.serialisedAsyncForTesting = serialisedAsyncForTesting
    }

    public var stageNames: [String] { [haiku.name, sonnet.name, prose.name] }
    public var supportedModes: [CascadeMode] { CascadeMode.allCases }

    /// Size of the combined field (grows with every cascade of this instance).
    public var combinedFieldSize: Int { get async { await hub.fieldSize } }

    /// One cascade at a time (``CascadeGate``): what every latency experiment uses (`in_flight: 1`).
    public func run(prompt: String, mode: CascadeMode, seeds: [String: UInt64]) async throws -> CascadeRecord {
        try await gate.exclusively {
            try await runOverlapping(prompt: prompt, mode: mode, seeds: seeds)
        }
    }

    /// A cascade that may overlap others on the same fields (issue 11). Nothing here relies on the
    /// gate: every field call is one atomic operation, each organism's turn-level sequences are
    /// atomic or documented as free to interleave (see each organism's turn), Meta synthesis and the
    /// combined-field update are one ``MetaHub`` call, and each organism's compose runs on its own
    /// thread (composes of one organism serialise there; its model runs on its own serial queue,
    /// so one engine's caches are never shared by two composes). One field's work never waits for
    /// another field: each field is its own actor and its own SQLite file.
    public func runOverlapping(prompt: String, mode: CascadeMode, seeds: [String: UInt64]) async throws -> CascadeRecord {
        let rH = TurnRequest(prompt: prompt, seed: seeds[haiku.name] ?? 0)
        let rS = TurnRequest(prompt: prompt, seed: seeds[sonnet.name] ?? 0)
        let rP = TurnRequest(prompt: prompt, seed: seeds[prose.name] ?? 0)
        let total = Stopwatch()
        let stages: [Timed<TurnResult>]

        switch mode {
        case .sync:
            let h = await fullTurn(haiku, rH, upstream: [])
            let s = await fullTurn(sonnet, rS, upstream: [h.value.output])
            let p = await fullTurn(prose, rP, upstream: [h.value.output, s.value.output])
            stages = [h, s, p]
        case .async where serialisedAsyncForTesting:
            let h = await fullTurn(haiku, rH, upstream: [])
            let s = await fullTurn(sonnet, rS, upstream: [])
            let p = await fullTurn(prose, rP, upstream: [])
            stages = [h, s, p]
        case .async:
            async let h = fullTurn(haiku, rH, upstream: [])
            async let s = fullTurn(sonnet, rS, upstream: [])
            async let p = fullTurn(prose, rP, upstream: [])
            stages = await [h, s, p]
        case .asyncParity:
            async let dH = composeTimed(haiku, rH)
            async let dS = composeTimed(sonnet, rS)
            async let dP = composeTimed(prose, rP)
            let (draftH, draftS, draftP) = await (dH, dS, dP)
            let h = await settleTimed(haiku, draftH, rH, upstream: [])
            let s = await settleTimed(sonnet, draftS, rS, upstream: [h.value.output])
            let p = await settleTimed(prose, draftP, rP, upstream: [h.value.output, s.value.output])
            stages = [h, s, p]
        }
        let inhale = total.elapsed
        let results = stages.map(\.value)

        let metaWatch = Stopwatch()
        let (sentence, fieldSize) = await hub.synthesize(outputs: results.map(\.output), seed: seeds["meta"] ?? 0)
        let meta = metaWatch.elapsed

        var exhaleParts: [NamedValue] = []
        var exhaleFailures: [String] = []
        for (name, absorb) in [(haiku.name, haiku.absorb), (sonnet.name, sonnet.absorb), (prose.name, prose.absorb)] as [(String, @Sendable (String) async throws -> Void)] {
            let watch = Stopwatch()
            do { try await absorb(sentence) } catch { exhaleFailures.append("\(name): \(error)") }
            FaultInjection.hit("exhale")
            exhaleParts.append(NamedValue("exhale_\(name)", watch.elapsed))
        }
        let exhale = exhaleParts.reduce(0) { $0 + $1.value }

        var latencies = zip(stageNames, stages).map { NamedValue($0, $1.seconds) }
        latencies.append(NamedValue("inhale", inhale))
        latencies.append(NamedValue("meta", meta))
        latencies.append(contentsOf: exhaleParts)
        latencies.append(NamedValue("exhale", exhale))
        latencies.append(NamedValue("total", total.elapsed))

        var metrics = CascadeMetrics.summarize(results, combinedFieldSize: fieldSize)
        metrics.append(NamedValue(.exhaleFailures, Double(exhaleFailures.count)))
        return CascadeRecord(mode: mode, stages: results, metaSentence: sentence, metrics: metrics, latencies: latencies)
    }

    // MARK: - Stage helpers

    private func composeTimed<O: Organism>(_ organism: O, _ request: TurnRequest) async -> Timed<Result<O.Draft, any Error>> {
        let watch = Stopwatch()
        let result: Result<O.Draft, any Error>
        do {
            result = .success(try await organism.compose(request))
        } catch {
            result = .failure(error)
        }
        return Timed(value: result, seconds: watch.elapsed)
    }

    private func settleTimed<O: Organism>(
        _ organism: O, _ draft: Timed<Result<O.Draft, any Error>>, _ request: TurnRequest, upstream: [String]
    ) async -> Timed<TurnResult> {
        let context = TurnContext(prompt: request.prompt, upstream: upstream)
        let watch = Stopwatch()
        let result: TurnResult
        switch draft.value {
        case .failure(let error):
            result = .failed(organism: organism.name, input: request.prompt, seed: request.seed, error: error, seconds: draft.seconds)
        case .success(let value):
            do {
                result = try await organism.settle(value, context: context)
                FaultInjection.hit("settle")
            } catch {
                result = .failed(organism: organism.name, input: request.prompt, seed: request.seed, error: error,
                                 seconds: draft.seconds + watch.elapsed)
            }
        }
        return Timed(value: result, seconds: draft.seconds + watch.elapsed)
    }

    private func fullTurn<O: Organism>(_ organism: O, _ request: TurnRequest, upstream: [String]) async -> Timed<TurnResult> {
        let draft = await composeTimed(organism, request)
        return await settleTimed(organism, draft, request, upstream: upstream)
    }
}

/// A value with the wall-clock seconds it took.
struct Timed<Value: Sendable>: Sendable {
    var value: Value
    var seconds: Double
}

extension MetaHarmonix {
    /// The three fields' operation logs (organisms that keep none add nothing).
    public func enableOpLogs() async throws -> [FieldOpLog] {
        var logs: [FieldOpLog] = []
        for organism in [haiku, sonnet, prose] as [any Organism] {
            if let loggable = organism as? any OpLoggable { logs += try await loggable.enableOpLogs() }
        }
        return logs
    }
}
