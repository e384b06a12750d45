import Foundation
import Haiku
import HarmonixCore
import Prose
import Sonnet

/// Checks the files an organism will read, before anything runs: what `harmonix validate` reports
/// and what `run` refuses to start without (issue 12: `validate` used to pass manifests whose seed
/// list, field copy or model `run` then failed on, cascade after cascade).
///
/// Each check reads through the organism's own reader (the seed list's parser, the npz reader, the
/// GGUF header parser, the field's schema and `PRAGMA integrity_check`): no format is parsed twice.
public enum CascadeInputs {
    /// What a file is to its organism.
    public enum Role: String, Sendable, CaseIterable {
        case seeds, model, brain, phaseState = "phase_state", fieldCopy = "field.copy"
    }

    /// Why `organism` cannot use the file at `path` in `role`, or nil when it can.
    public static func problem(organism: String, role: Role, path: String) -> String? {
        do {
            switch role {
            case .seeds:
                _ = try SeedWords.read(path: path)
            case .model:
                try requireFile(path)
                switch organism {
                case "sonnet": _ = try SonnetWeights(contentsOf: path)
                case "prose": _ = try GGUFFile(path: path)
                default: return nil
                }
            case .brain, .phaseState:
                try requireFile(path)
            case .fieldCopy:
                guard let schema = schema(of: organism) else { return nil }
                try FieldState.copy(of: path).verify(schema: schema)
            }
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// The field tables of `organism`.
    public static func schema(of organism: String) -> FieldSchema? {
        switch organism {
        case "haiku": return HaikuField.schema
        case "sonnet": return SonnetField.schema
        case "prose": return ProseField.schema
        default: return nil
        }
    }

    private static func requireFile(_ path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError("\(path): no such file")
        }
        if isDirectory.boolValue { throw InputError("\(path) is a directory, not a file") }
        guard FileManager.default.isReadableFile(atPath: path) else { throw InputError("\(path): permission denied") }
    }

    private struct InputError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
