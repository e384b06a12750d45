import Dispatch

/// One serial thread for a model's CPU-heavy calls: the one mechanism that moves inference off the
/// cooperative pool and off the field actors (overview decision 5, the analogue of
/// `asyncio.to_thread`). Each engine owner holds one (`SonnetEngine`, `ProseOrganism`); the cascade
/// adds no thread of its own, so in `async` mode the three stages overlap because each model runs on
/// its own inference thread while the pool only awaits. Serial, because an engine keeps per-call
/// state (KV cache, scratch buffers) and is not reentrant.
public final class InferenceThread: Sendable {
    private let queue: DispatchQueue
    /// Marks the queue, so a caller can ask whether it already runs on it.
    private let key = DispatchSpecificKey<Bool>()

    /// - parameter label: the queue's name, visible in debuggers and profilers ("harmonix.sonnet.engine").
    public init(label: String) {
        queue = DispatchQueue(label: label, qos: .userInitiated)
        queue.setSpecific(key: key, value: true)
    }

    /// Runs `work` on the thread and resumes the caller with its result.
    public func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Runs `work` on the thread and blocks the caller until it returns (benchmarks, the `generate`
    /// command, tests: callers that are not on the cooperative pool). Never call it from `work`.
    public func runBlocking<T>(_ work: () throws -> T) rethrows -> T {
        try queue.sync(execute: work)
    }

    /// True when called from this thread's own work.
    public var isCurrentThread: Bool { DispatchQueue.getSpecific(key: key) == true }
}
