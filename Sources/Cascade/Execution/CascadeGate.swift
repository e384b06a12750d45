/// One cascade at a time per hub (the plan's `cascadeLock`): a FIFO async mutex.
///
/// Needed because a cascade suspends (it awaits organisms) while it must stay exclusive; an actor
/// alone would let a second cascade interleave at every `await` (`cascade.md` §3.5, rule 2).
actor CascadeGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func exclusively<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
