import Foundation

/// The organism's state that lives between turns (phase system, MetaSonnet, next temperature),
/// behind a lock: each access is a short synchronous section, never held across an `await`.
final class SonnetMind: @unchecked Sendable {
    struct State: Sendable {
        var phase: PhaseTransitions
        var meta: MetaSonnet
        /// Temperature of the next generation: first-turn value, then the phase's t_sonnet.
        var nextTemperature: Double
    }

    private let lock = NSLock()
    private var state: State

    init(_ state: State) { self.state = state }

    func with<T>(_ body: (inout State) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&state)
    }
}
