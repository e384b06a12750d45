import Foundation
import ProseKernelsC
import Synchronization

/// A fixed pool of worker threads for matrix-vector products (`--threads N` = the caller + N−1 workers).
///
/// Why not Dispatch: a SmolLM2 token is ~210 matvecs of 0.02–0.5 ms each, so the per-dispatch cost
/// must be microseconds. Workers spin briefly on an atomic generation counter after each job (the next
/// matvec comes within microseconds during decoding), then sleep on a condition so an idle engine costs
/// no CPU on a shared 2-core machine.
///
/// - warning: `run` is not reentrant; one engine owns one pool and calls it from one thread at a time.
@available(macOS 15.0, *)
public final class MatvecPool: @unchecked Sendable {
    public let threadCount: Int
    private let state: PoolState

    public init(threads: Int) {
        threadCount = max(1, threads)
        state = PoolState(threadCount: threadCount)
        for index in 1..<threadCount {
            let state = self.state
            let thread = Thread { state.workerLoop(index: index) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    deinit { state.shutDown() }

    /// Runs `body(part, parts)` for part in 0..<threadCount, part 0 on the calling thread; returns when all are done.
    public func run(_ body: @escaping @Sendable (Int, Int) -> Void) {
        if threadCount == 1 {
            body(0, 1)
        } else {
            state.run(body)
        }
    }

    /// Splits `0..<count` into `threadCount` contiguous ranges and runs `body` on each in parallel.
    public func parallelFor(_ count: Int, _ body: @escaping @Sendable (Range<Int>) -> Void) {
        if threadCount == 1 || count < 64 {
            body(0..<count)
            return
        }
        run { part, parts in
            let lo = count * part / parts, hi = count * (part + 1) / parts
            if lo < hi { body(lo..<hi) }
        }
    }
}

/// The shared state of the workers; they hold it strongly, so the pool can go away first.
@available(macOS 15.0, *)
private final class PoolState: @unchecked Sendable {
    let threadCount: Int
    let generation = Atomic<Int>(0)
    let finished = Atomic<Int>(0)
    let condition = NSCondition()
    // Written by the caller before the releasing increment of `generation`, read by workers after their
    // acquiring load of it.
    nonisolated(unsafe) var job: (@Sendable (Int, Int) -> Void)?
    nonisolated(unsafe) var stopping = false

    /// Spins of a worker before it sleeps (≈ tens of microseconds).
    static let spinLimit = 20_000

    init(threadCount: Int) { self.threadCount = threadCount }

    func run(_ body: @escaping @Sendable (Int, Int) -> Void) {
        job = body
        finished.store(0, ordering: .relaxed)
        condition.lock()
        generation.add(1, ordering: .releasing)
        condition.broadcast()
        condition.unlock()
        body(0, threadCount)
        while finished.load(ordering: .acquiring) < threadCount - 1 { prose_cpu_pause() }
        job = nil
    }

    func shutDown() {
        condition.lock()
        stopping = true
        generation.add(1, ordering: .releasing)
        condition.broadcast()
        condition.unlock()
    }

    func workerLoop(index: Int) {
        var seen = 0
        while true {
            var spins = 0
            while generation.load(ordering: .acquiring) == seen {
                spins += 1
                if spins < PoolState.spinLimit {
                    prose_cpu_pause()
                } else {
                    condition.lock()
                    while generation.load(ordering: .acquiring) == seen { condition.wait() }
                    condition.unlock()
                }
            }
            seen = generation.load(ordering: .acquiring)
            if stopping { return }
            job?(index, threadCount)
            finished.add(1, ordering: .releasing)
        }
    }
}
