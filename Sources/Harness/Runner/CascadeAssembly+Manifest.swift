import Cascade
import Foundation
import HarmonixCore

/// A manifest's cascade. The organism types stay behind ``CascadeAssembly`` in the Cascade module:
/// the harness knows only `CascadeRunner` (overview §2a).
///
/// The runner calls ``make(manifest:mode:fieldDirectory:)`` once per mode, so every mode of a
/// comparison owns its own organisms and fields (overview decision 6). The field databases of a
/// mode live in `fieldDirectory` as `<organism>.db`, already materialized from each organism's
/// `field` state (``CascadeAssembly/fieldPath(organism:in:)``) before this is called on a new run.
extension CascadeAssembly {
    /// The cascade for `manifest`'s organisms in `mode`, using the fields in `fieldDirectory`.
    ///
    /// - throws: ``RunError/organismUnavailable(_:)`` for an organism this build lacks,
    ///   ``RunError/unsupportedOrganismSet(_:)`` for a combination no cascade implements, and the
    ///   organism's own error when its data or model file is missing (it names where it looked).
    public static func make(manifest: Manifest, mode: CascadeMode, fieldDirectory: String) throws -> any CascadeRunner {
        if let missing = manifest.organismNames.first(where: { !availableOrganisms.contains($0) }) {
            throw RunError.organismUnavailable(missing)
        }
        do {
            return try make(organisms: manifest.organisms, fieldDirectory: fieldDirectory)
        } catch AssemblyError.unsupportedSet(let names) {
            throw RunError.unsupportedOrganismSet(names)
        }
    }
}

extension Manifest {
    /// Writes every organism's declared initial field (`field:`) into `directory` as
    /// `<organism>.db`, the layout ``CascadeAssembly/make(manifest:mode:fieldDirectory:)`` opens:
    /// the set-up of a fresh cascade for the runner, its warm-up, `bench cascade` and `stress`.
    func materializeFields(in directory: String) throws {
        for organism in organisms {
            try organism.field.materialize(at: CascadeAssembly.fieldPath(organism: organism.name, in: directory))
        }
    }
}
