import Foundation
import HarmonixCore

/// The invariants of `cascade.md` §3.5 over the fields of overlapping cascades (issue 11), checked
/// from their operation logs (``FieldOpLog``). One home for `harmonix stress` and for `run` with
/// `in_flight` > 1.
public enum FieldInvariants {
    public static let names = [
        "counts conserved", "units whole", "units whole (observer)", "linearizable", "progress",
    ]

    /// What the checks found, accumulated over phases or modes.
    public struct Tally: Sendable {
        var checked: [String: Int] = [:]
        var violations: [String: [String]] = [:]

        public init() {}

        mutating func add(_ name: String, _ checked: Int, _ found: [String]) {
            self.checked[name, default: 0] += checked
            violations[name, default: []] += found
        }

        /// One row per named invariant, in ``FieldInvariants/names`` order.
        public var rows: [StressInvariant] {
            FieldInvariants.names.map { StressInvariant(name: $0, checked: checked[$0] ?? 0, violations: violations[$0] ?? []) }
        }
    }

    /// An observer task: reads every field's committed state every 20 ms until cancelled, and
    /// reports the snapshots taken and every half-written unit it saw.
    static func observe(_ logs: [FieldOpLog]) -> Task<(snapshots: Int, broken: [String]), Never> {
        Task {
            var snapshots = 0
            var broken: [String] = []
            while !Task.isCancelled {
                for log in logs {
                    if let found = try? log.auditLive() { broken += found.map { "snapshot \(snapshots): \($0)" } }
                    snapshots += 1
                }
                try? await Task.sleep(for: .milliseconds(20))
            }
            return (snapshots, broken)
        }
    }

    /// The end-of-run checks of every log (counts conserved, units whole, linearizable), each
    /// violation prefixed with `label`.
    static func check(_ logs: [FieldOpLog], label: String, into tally: inout Tally) throws {
        for log in logs {
            let counts = try log.checkCounts()
            tally.add("counts conserved", counts.checked, counts.violations.map { "\(label)\($0)" })
            let units = try log.auditLive()
            tally.add("units whole", 1, units.map { "\(label)\($0)" })
            let replay = try log.checkReplay()
            tally.add("linearizable", replay.checked, replay.violations.map { "\(label)\($0)" })
        }
    }
}

/// One row of the invariant table.
public struct StressInvariant: Sendable, Codable, Equatable {
    public var name: String
    public var checked: Int
    public var violations: [String]
}
