import Cascade
import Foundation
import HarmonixCore

/// Turns a manifest's organisms into a cascade. The organism types themselves stay behind
/// `CascadeAssembly` in the Cascade module: the harness knows only `CascadeRunner` (overview §2a).
///
/// The runner calls ``make(manifest:mode:fieldDirectory:)`` once per mode, so every mode of a
/// comparison owns its own organisms and fields (overview decision 6). The field databases of a
/// mode live in `fieldDirectory` as `<organism>.db`, already materialized from the manifest's
/// `field:` state (``fieldPath(organism:in:)``) before the factory is called on a new run.
public enum CascadeFactory {
    /// Organisms this build can construct.
    public static var availableOrganisms: Set<String> { CascadeAssembly.availableOrganisms }

    /// The cascade for `manifest`'s organism set in `mode`, using the fields in `fieldDirectory`.
    ///
    /// One organism alone runs as a `SoloCascade`; all three as `MetaHarmonix`.
    /// - throws: ``RunError/organismUnavailable(_:)`` for an organism this build lacks,
    ///   ``RunError/unsupportedOrganismSet(_:)`` for a combination no cascade implements, and the
    ///   organism's own error when its data or model file is missing (it names where it looked).
    public static func make(manifest: Manifest, mode: CascadeMode, fieldDirectory: String) throws -> any CascadeRunner {
        let names = manifest.organismNames
        if let missing = names.first(where: { !availableOrganisms.contains($0) }) {
            throw RunError.organismUnavailable(missing)
        }
        let configurations = manifest.organisms.map {
            OrganismConfiguration(name: $0.name, model: $0.model, maxTokens: $0.maxTokens, temperature: $0.temperature,
                                  seedsPath: $0.seedsPath, brainPath: $0.brainPath, phaseStatePath: $0.phaseStatePath,
                                  threads: $0.threads)
        }
        do {
            return try CascadeAssembly.make(organisms: configurations, fieldDirectory: fieldDirectory)
        } catch AssemblyError.unsupportedSet(let names) {
            throw RunError.unsupportedOrganismSet(names)
        }
    }

    /// Where organism `name`'s field database of one mode lives.
    public static func fieldPath(organism name: String, in fieldDirectory: String) -> String {
        CascadeAssembly.fieldPath(organism: name, in: fieldDirectory)
    }
}
