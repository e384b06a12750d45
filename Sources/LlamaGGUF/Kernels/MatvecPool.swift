import Foundation
import ProseKernelsC
import Synchronization

/// A fixed pool of worker threads for matrix-vector products (`--threads N` = the caller + N−1 workers).
///
/// Why not Dispatch: a SmolLM2 token is ~210 matvecs of 0.02–0.5 ms each, so the per-dispatch cost
/// must be microseconds. Each job is cut into `4·N` parts that the caller and the workers claim from one
/// atomic ticket (generation in the high 32 bits, next part in the low 32): a worker that is not
/// scheduled yet (a busy 2-core machine) just claims nothing, and the caller does its parts instead of
/// waiting for it. Workers spin briefly after each job (the next matvec comes within microseconds
/// during decoding), then sleep on a condition so an idle engine costs no CPU.
///
/// - warning: `run` is not reentrant; one engine owns one pool and calls it from one thread at a time.
@available(macOS 15.0, *)
public final class MatvecPool: @unchecked Sendable {
    public let threadCount: Int
    private let state: PoolState

    public init(threads: Int) {
        threadCount = max(1, threads)
        state = PoolState(threadCount: threadCount)
        for _ in 1..<threadCount {
            let state = self.state
            let thread = Thread { state.workerLoop() }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    deinit { state.shutDown() }

    /// Runs `body(part, parts)` for every part in 0..<parts (parts = 1 for one thread, else 4 per
    /// thread), spread over the caller and the workers; returns when all parts are done.
    public func run(_ body: @escaping @Sendable (Int, Int) -> Void) {
        if threadCount == 1 {
            body(0, 1)
        } else {
            state.run(body, parts: 4 * threadCount)
        }
    }
}

/// The shared state of the workers; they hold it strongly, so the pool can go away first.
@available(macOS 15.0, *)
private final class PoolState: @unchecked Sendable {
    let threadCount: Int
    /// (generation << 32) | next unclaimed part.
    let ticket = Atomic<Int>(0)
    let finished = Atomic<Int>(0)
    let condition = NSCondition()
    // Written by the caller before the releasing store of `ticket`, read by workers after a successful
    // claim of that generation (the caller does not replace them before every claimed part finished).
    nonisolated(unsafe) var job: (@Sendable (Int, Int) -> Void)?
    nonisolated(unsafe) var parts = 0
    nonisolated(unsafe) var stopping = false
    private var generation = 0

    /// Spins of a worker before it sleeps (≈ tens of microseconds).
    static let spinLimit = 20_000

    init(threadCount: Int) { self.threadCount = threadCount }

    func run(_ body: @escaping @Sendable (Int, Int) -> Void, parts: Int) {
        job = body
        self.parts = parts
        finished.store(0, ordering: .relaxed)
        generation += 1
        condition.lock()
        ticket.store(generation << 32, ordering: .releasing)
        condition.broadcast()
        condition.unlock()
        claimAndRun(generation: generation)
        // A worker holding a claimed part may have been preempted (busy machine): after a short spin,
        // yield the core so it can finish instead of spinning against it.
        var spins = 0
        while finished.load(ordering: .acquiring) < parts {
            spins += 1
            if spins < 2_000 { prose_cpu_pause() } else { sched_yield() }
        }
        job = nil
    }

    /// Claims parts of `generation` until none is left; false when the generation is already over.
    private func claimAndRun(generation: Int) {
        while true {
            let t = ticket.load(ordering: .acquiring)
            guard t >> 32 == generation else { return }
            let part = t & 0xFFFF_FFFF
            let total = parts
            guard part < total else { return }
            let (exchanged, _) = ticket.compareExchange(expected: t, desired: t + 1, ordering: .acquiringAndReleasing)
            if exchanged {
                job?(part, total)
                finished.add(1, ordering: .releasing)
            }
        }
    }

    func shutDown() {
        condition.lock()
        stopping = true
        ticket.store(Int.max, ordering: .releasing)
        condition.broadcast()
        condition.unlock()
    }

    func workerLoop() {
        var seen = 0
        while true {
            var spins = 0
            while ticket.load(ordering: .acquiring) >> 32 == seen {
                spins += 1
                if spins < PoolState.spinLimit {
                    prose_cpu_pause()
                } else {
                    condition.lock()
                    while ticket.load(ordering: .acquiring) >> 32 == seen { condition.wait() }
                    condition.unlock()
                }
            }
            seen = ticket.load(ordering: .acquiring) >> 32
            if stopping { return }
            claimAndRun(generation: seen)
        }
    }
}
