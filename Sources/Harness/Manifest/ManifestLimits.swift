/// The largest values a manifest (or `run --repeats`) may ask for.
///
/// They reflect what a run can do, not what an integer can hold: one cascade takes seconds, so
/// 100 000 cascades are already days of computing, and the plan of a run is built in memory before
/// the first cascade (`repeats: 1e12` used to validate, then allocate without end). Documented in
/// `Experiments/README.md`.
public enum ManifestLimits {
    /// Repeats of the whole matrix.
    public static let repeats = 10_000
    /// Warm-up rounds (each runs every mode once).
    public static let warmup = 100
    /// Cascades of one run: prompts × modes × repeats plus warm-up rounds × modes.
    public static let cascades = 100_000

    /// Cascades a run of `prompts` prompts would make (saturating, so absurd inputs cannot overflow).
    public static func cascadeCount(prompts: Int, modes: Int, repeats: Int, warmup: Int) -> Int {
        let (cells, o1) = prompts.multipliedReportingOverflow(by: modes)
        let (all, o2) = cells.multipliedReportingOverflow(by: repeats)
        let (warm, o3) = warmup.multipliedReportingOverflow(by: modes)
        let (total, o4) = all.addingReportingOverflow(warm)
        return o1 || o2 || o3 || o4 ? Int.max : total
    }
}
