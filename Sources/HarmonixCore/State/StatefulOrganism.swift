/// What an organism (or the cascade's hub) keeps in memory between turns: its "mind".
///
/// Issue 10: everything a later turn depends on is declared state. An organism's state has two
/// halves: its **field** (the SQLite file the harness checkpoints and restores on its own) and its
/// **mind**, the in-memory rest (brains, counters, phase state, buffers), declared here as one
/// `Codable & Sendable` value. The harness writes the mind as JSON next to the field copies at every
/// cell boundary and hands it back through ``restoreState(_:)`` on `--resume`, so a resumed run
/// continues exactly where the uninterrupted one would be.
///
/// Rules for conformers:
/// - ``captureState()`` returns everything in memory that a later turn reads, and nothing that can
///   be re-derived bit for bit from the field at the same instant (re-deriving is allowed, but then
///   say so in the state's doc comment).
/// - ``restoreState(_:)`` on a freshly built organism over the restored field makes it behave as
///   the captured one; it is only called between turns.
/// - An organism whose turns read nothing but its field declares an empty state (and says why).
public protocol StatefulOrganism: Sendable {
    associatedtype MindState: Codable & Sendable

    /// The mind as of now. Called between turns (never while one is running).
    func captureState() async -> MindState

    /// Replaces the mind with `state`. Called between turns, before the next one.
    /// - throws: when `state` does not fit this organism (e.g. a brain of another size).
    func restoreState(_ state: MindState) async throws
}

/// The mind of an organism whose turns depend only on its field (see ``StatefulOrganism``).
public struct NoMindState: Codable, Sendable, Equatable {
    public init() {}
}

/// A mind state that does not fit the organism it is restored into.
public struct MindStateMismatch: Error, CustomStringConvertible, Equatable {
    public var organism: String
    public var detail: String
    public init(organism: String, detail: String) {
        self.organism = organism
        self.detail = detail
    }
    public var description: String {
        "Saved state does not fit \(organism): \(detail) - while restoring a checkpoint. "
            + "The checkpoint was written by another build or configuration; start a new run."
    }
}
