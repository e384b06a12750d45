/// How a cascade runs its organisms (overview decision 3). Recorded in every output row.
public enum CascadeMode: String, Sendable, Hashable, CaseIterable, Codable {
    /// SYNC_CHAIN: stages one after another; each organism's context includes upstream outputs.
    case sync
    /// ASYNC_PARALLEL_PLAN: all organisms start at once from the prompt only; metrics against the prompt.
    case async
    /// ASYNC_PARALLEL_PARITY: parallel generation, then metrics with the same contexts as `sync`.
    case asyncParity = "async-parity"
}
