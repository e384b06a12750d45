import Foundation
import HarmonixCore
@testable import Cascade

/// Test-only organism: deterministic text from the seed, dissonance from the context's length,
/// and a record of every call. Not a product feature: it exists to check the cascade's wiring.
final class ScriptedOrganism: Organism, @unchecked Sendable {
    struct Draft: Sendable {
        var text: String
        var thread: String
    }

    let name: String
    let failCompose: Bool
    let barrier: ThreeWayBarrier?
    /// Its "model": the blocking part of compose runs here, as a real organism's inference does.
    let inference: InferenceThread
    private let lock = NSLock()
    private var _absorbed: [String] = []
    private var _composeThreads: [String] = []
    private var _sawOverlap: [Bool] = []

    init(name: String, failCompose: Bool = false, barrier: ThreeWayBarrier? = nil) {
        self.name = name
        self.failCompose = failCompose
        self.barrier = barrier
        inference = InferenceThread(label: "harmonix.test.\(name)")
    }

    // Its turns read nothing from earlier ones (the recorded calls are for the test to inspect).
    func captureState() async -> NoMindState { NoMindState() }
    func restoreState(_ state: NoMindState) async throws {}

    var absorbed: [String] { lock.withLock { _absorbed } }
    var composeThreads: [String] { lock.withLock { _composeThreads } }
    var sawOverlap: [Bool] { lock.withLock { _sawOverlap } }

    func compose(_ request: TurnRequest) async throws -> Draft {
        let inference = self.inference, barrier = self.barrier
        let (thread, overlapped) = try await inference.run { () -> (String, Bool?) in
            (inference.isCurrentThread ? "own" : "pool", barrier?.arriveAndWait())
        }
        if let overlapped { lock.withLock { _sawOverlap.append(overlapped) } }
        lock.withLock { _composeThreads.append(thread) }
        if failCompose { throw ScriptedFailure(organism: name) }
        var rng = SeededGenerator(seed: request.seed)
        let words = ["river", "stone", "light", "echo", "field", "night", "wave"]
        let text = (0..<6).map { _ in rng.pick(from: words) }.joined(separator: " ") + " \(name)"
        return Draft(text: text, thread: thread)
    }

    func settle(_ draft: Draft, context: TurnContext) async throws -> TurnResult {
        let input = ([context.prompt] + context.upstream).joined(separator: "\n")
        let d = Double(input.count % 10) / 10
        return TurnResult(organism: name, input: input, output: draft.text, dissonance: d,
                          extras: [NamedValue("pulse_entropy", 0.5)], timings: [NamedValue("settle", 0)], seed: 0)
    }

    func absorb(_ disturbance: String) async throws {
        lock.withLock { _absorbed.append(disturbance) }
    }
}

struct ScriptedFailure: Error, CustomStringConvertible {
    let organism: String
    var description: String { "scripted failure of \(organism)" }
}

/// Blocks each arriving thread until three have arrived (or 5 s pass). Three *blocking* waiters
/// can only all arrive if they run on three threads at once: the cooperative pool here has two.
final class ThreeWayBarrier: @unchecked Sendable {
    private let condition = NSCondition()
    private var arrived = 0

    /// Returns true when all three met, false on timeout.
    func arriveAndWait() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        arrived += 1
        condition.broadcast()
        let deadline = Date().addingTimeInterval(5)
        while arrived < 3 {
            if !condition.wait(until: deadline) { return false }
        }
        return true
    }
}

func seeds(_ prompt: String) -> [String: UInt64] {
    Dictionary(uniqueKeysWithValues: ["haiku", "sonnet", "prose", "meta"].map {
        ($0, SeedDerivation.seed(experiment: 7, prompt: prompt, repeat: 0, organism: $0))
    })
}
