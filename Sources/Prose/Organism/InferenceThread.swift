import Dispatch

/// One serial thread for a model's CPU-heavy calls (overview decision 5: inference runs off the
/// field actors and off the cooperative pool, the analogue of `asyncio.to_thread`). Serial, because
/// an engine keeps per-call state (KV cache, scratch buffers) and is not reentrant.
final class InferenceThread: Sendable {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label, qos: .userInitiated)
    }

    /// Runs `work` on the thread and resumes the caller with its result.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
