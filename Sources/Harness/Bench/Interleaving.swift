import Foundation

/// The order in which a bench runs its sides, as hyperfine-style comparisons need it on a shared
/// machine: ours, peer, ours, peer … (or ours, peer, original, ours, …), warm-up rounds first. A
/// burst of load from another process then falls on both sides of a round instead of on one
/// side's whole block, and the per-round ratios (`BenchRatio`) pair runs taken moments apart.
public enum Interleaving {
    /// One run of one side.
    public struct Slot: Sendable, Equatable, CustomStringConvertible {
        /// Index into the bench's sides (0 = ours).
        public var side: Int
        /// Round number: 0..<warmup for warm-up rounds, then 0..<runs for measured rounds.
        public var round: Int
        public var warmup: Bool

        public var description: String { "\(warmup ? "w" : "m")\(round).\(side)" }
    }

    /// `warmup` rounds, then `runs` rounds; every round runs each side once, in side order.
    public static func schedule(sides: Int, warmup: Int, runs: Int) -> [Slot] {
        var slots: [Slot] = []
        for round in 0..<max(warmup, 0) { for side in 0..<sides { slots.append(Slot(side: side, round: round, warmup: true)) } }
        for round in 0..<max(runs, 0) { for side in 0..<sides { slots.append(Slot(side: side, round: round, warmup: false)) } }
        return slots
    }

    /// Runs the schedule. `measure` returns the run's figures (name → value); warm-up figures are
    /// discarded. Returns, per side, one dictionary per measured round, in round order.
    public static func run(sides: [String], warmup: Int, runs: Int,
                           progress: (String) -> Void,
                           measure: (Slot) async throws -> [String: Double]) async throws -> [[[String: Double]]] {
        var results = [[[String: Double]]](repeating: [], count: sides.count)
        for slot in schedule(sides: sides.count, warmup: warmup, runs: runs) {
            let figures = try await measure(slot)
            let label = slot.warmup ? "warm-up \(slot.round + 1)/\(warmup)" : "run \(slot.round + 1)/\(runs)"
            let shown = figures.keys.sorted().map { "\($0) \(formatFigure(figures[$0] ?? .nan))" }.joined(separator: ", ")
            progress("\(label) \(sides[slot.side]): \(shown)")
            if !slot.warmup { results[slot.side].append(figures) }
        }
        return results
    }

    /// The values of `name` across a side's rounds (rounds without it are skipped).
    public static func column(_ rounds: [[String: Double]], _ name: String) -> [Double] {
        rounds.compactMap { $0[name] }
    }

    private static func formatFigure(_ value: Double) -> String {
        abs(value) >= 100 ? String(format: "%.1f", value) : String(format: "%.4g", value)
    }
}
