import Cascade
import Foundation
import HarmonixCore

/// Builds the cascade a manifest asks for: the one place where organism types meet the harness.
///
/// The runner calls ``make(manifest:mode:fieldDirectory:)`` once per mode, so every mode of a
/// comparison owns its own organisms and fields (overview decision 6). The field databases of a
/// mode live in `fieldDirectory` as `<organism>.db`, already materialized from the manifest's
/// `field:` state (``fieldPath(organism:in:)``) before the factory is called on a new run.
///
/// ## Extension point
/// Wire a real organism by adding a `case` to the `switch` on the organism set, for example:
///
/// ```swift
/// case ["haiku"]:
///     let haiku = try HaikuOrganism(databasePath: fieldPath(organism: "haiku", in: fieldDirectory))
///     return SoloCascade(haiku)
/// case ["haiku", "sonnet", "prose"]:
///     return try MetaHarmonix(haiku: ..., sonnet: ..., prose: ..., options: spec(...))
/// ```
///
/// Options per organism (model path, max tokens, temperature) are in ``OrganismSpec``:
/// `manifest.organisms.first { $0.name == "sonnet" }`. Until an organism lands, a manifest that
/// names it fails with ``RunError/organismUnavailable(_:)`` ("organism X is not available in this
/// build"); there is no fake fallback.
public enum CascadeFactory {
    /// Organisms this build can construct. Grows as organisms are wired in below.
    public static let availableOrganisms: Set<String> = []

    /// The cascade for `manifest`'s organism set in `mode`, using the fields in `fieldDirectory`.
    /// - throws: ``RunError/organismUnavailable(_:)`` for an organism this build lacks,
    ///   ``RunError/unsupportedOrganismSet(_:)`` for a combination no cascade implements.
    public static func make(manifest: Manifest, mode: CascadeMode, fieldDirectory: String) throws -> any CascadeRunner {
        let names = manifest.organismNames
        if let missing = names.first(where: { !availableOrganisms.contains($0) }) {
            throw RunError.organismUnavailable(missing)
        }
        switch names {
        // The coordinator adds one case per organism set here (see the type's documentation).
        default:
            throw RunError.unsupportedOrganismSet(names)
        }
    }

    /// Where organism `name`'s field database of one mode lives.
    public static func fieldPath(organism name: String, in fieldDirectory: String) -> String {
        (fieldDirectory as NSString).appendingPathComponent("\(name).db")
    }
}
