import Synchronization

/// Faults the stress tests inject to show that its checks can fail (issue 11, item 3). Never set
/// outside tests: `harmonix` has no option for them.
public enum FieldFault: Int, Sendable, CaseIterable {
    case none = 0
    /// HAiKU's `updateTrigrams` reads the counts, suspends, then writes count = read + n in a second
    /// transaction: a suspension between a read and its write inside one field operation.
    case suspendInsideOperation = 1
    /// The turn-level sequences as they were before this issue (chain update, then a save that
    /// overwrites whatever is stored), with a widened window between the two: what removing the
    /// cascade gate without per-operation atomicity would do.
    case splitTurnSequences = 2
}

public enum FieldFaults {
    private static let current = Atomic<Int>(0)

    /// The fault in force (``FieldFault/none`` unless a test set one).
    public static var active: FieldFault { FieldFault(rawValue: current.load(ordering: .relaxed)) ?? .none }

    public static func set(_ fault: FieldFault) { current.store(fault.rawValue, ordering: .relaxed) }
}
