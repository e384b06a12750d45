import Foundation

/// Which engine a model file belongs to, from its first bytes (not its name): a ZIP archive is
/// Sonnet's NanoGPT `.npz`, a `GGUF` magic is a Llama-architecture model for Prose.
public enum ModelFileFormat: Equatable, Sendable {
    case npz
    case gguf

    /// - throws: ``SingleOrganismError`` when the path is missing, a directory, unreadable, or a
    ///   file of another format.
    public static func detect(path: String) throws -> ModelFileFormat {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw SingleOrganismError("Model file not found: \(path) - while choosing the engine. Check --model.")
        }
        // A directory opens for reading on Linux and then traps on the first read: refuse it first.
        if isDirectory.boolValue {
            throw SingleOrganismError("Model path is a directory, not a file: \(path) - while choosing the engine. "
                + "Give the model file itself (a NanoGPT .npz or a .gguf).")
        }
        let magic: [UInt8]
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            magic = [UInt8](try handle.read(upToCount: 4) ?? Data())
        } catch {
            throw SingleOrganismError("Cannot read the model file: \(error.localizedDescription) - while choosing the engine "
                + "for \(path). Check the file's permissions.")
        }
        if magic == [0x50, 0x4B, 0x03, 0x04] { return .npz }       // "PK\3\4": a ZIP archive
        if magic == Array("GGUF".utf8) { return .gguf }
        throw SingleOrganismError("Unknown model format: first bytes \(magic.map { String(format: "%02x", $0) }.joined()) "
            + "- while choosing the engine for \(path). Give a NanoGPT .npz or a GGUF file.")
    }
}
