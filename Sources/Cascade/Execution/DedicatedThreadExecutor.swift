import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A task executor backed by one dedicated OS thread.
///
/// Inference is CPU-bound and synchronous. Run on Swift's cooperative pool (one thread per core,
/// two here) three organisms generating at once would starve each other and every other task;
/// the original moved model calls to worker threads (`asyncio.to_thread`) for the same reason.
/// Each organism gets one of these, and the cascade runs its `compose` under
/// `withTaskExecutorPreference(executor)`, so the model's loop occupies that thread alone while
/// the field actors and the harness keep the pool.
///
/// The thread lives as long as the executor; `shutdown()` ends it after the queued jobs.
public final class DedicatedThreadExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopping = false
    private var thread: Thread?
    private var threadID: pthread_t?

    /// - parameter name: the thread's name, visible in debuggers and profilers ("harmonix.sonnet").
    public init(name: String) {
        // The name is set from inside the thread: on Linux, naming a Thread before `start()`
        // does not reach the OS thread (pthread names can only be set by the thread itself).
        // The thread holds the executor strongly until `shutdown()` lets its loop return, so an
        // executor released before its thread first runs cannot be read after being freed.
        let thread = Thread { [self] in
            Thread.current.name = name
            self.condition.lock()
            self.threadID = pthread_self()
            self.condition.unlock()
            self.loop()
        }
        thread.stackSize = 8 << 20
        self.thread = thread
        thread.start()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// True when called from this executor's own thread.
    public var isCurrentThread: Bool {
        condition.lock()
        defer { condition.unlock() }
        guard let threadID else { return false }
        return pthread_equal(threadID, pthread_self()) != 0
    }

    /// Lets the thread finish the queued jobs and exit.
    public func shutdown() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty && stopping {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
