import HarmonixBase

/// Everything that can go wrong while opening or reading a GGUF file.
///
/// Each message reads "<what failed>: <detail> - while <context>. <how to fix>." and names the
/// metadata key or tensor involved, so a truncated download or an unsupported quantisation is
/// recognisable without a hex editor.
public enum GGUFError: ExplainedError, Equatable {
    case cannotOpen(path: String, reason: String)
    case badMagic(path: String, found: String)
    case unsupportedVersion(path: String, version: UInt32)
    /// The file ends before `what` (a header field, a key, a tensor info or a tensor's data) is complete.
    case truncated(path: String, what: String, needed: Int, fileSize: Int)
    case badValueType(path: String, key: String, rawType: UInt32)
    case missingKey(path: String, key: String)
    case wrongKeyType(path: String, key: String, expected: String, found: String)
    case missingTensor(path: String, name: String)
    case unsupportedTensorType(path: String, name: String, typeName: String)
    case inconsistent(path: String, subject: String, detail: String)

    public var explanation: ErrorExplanation {
        switch self {
        case let .cannotOpen(path, reason): return ErrorExplanation("Cannot open GGUF file: \(reason)", while: "opening '\(path)'", fix: "Check the path (model tests look at Models/ or HARMONIX_PROSE_MODEL).")
        case let .badMagic(path, found): return ErrorExplanation("Not a GGUF file: magic is '\(found)', expected 'GGUF'", while: "reading the header of '\(path)'", fix: "Pass a .gguf model file.")
        case let .unsupportedVersion(path, version): return ErrorExplanation("Unsupported GGUF version: \(version) (supported: 2 and 3)", while: "reading the header of '\(path)'", fix: "Re-convert the model with a current llama.cpp/gguf-py.")
        case let .truncated(path, what, needed, fileSize): return ErrorExplanation("Truncated GGUF file: \(what) needs bytes up to offset \(needed) but the file has \(fileSize)", while: "reading '\(path)'", fix: "Download the file again and verify its sha256.")
        case let .badValueType(path, key, rawType): return ErrorExplanation("Unknown GGUF metadata value type: \(rawType) for key '\(key)'", while: "reading the metadata of '\(path)'", fix: "The file is corrupt or from a newer GGUF revision.")
        case let .missingKey(path, key): return ErrorExplanation("Missing GGUF metadata key: '\(key)'", while: "configuring the model from '\(path)'", fix: "The file is not a complete llama-architecture GGUF.")
        case let .wrongKeyType(path, key, expected, found): return ErrorExplanation("Wrong GGUF metadata type: key '\(key)' holds \(found), expected \(expected)", while: "configuring the model from '\(path)'", fix: "The file is corrupt or not a llama GGUF.")
        case let .missingTensor(path, name): return ErrorExplanation("Missing tensor: '\(name)'", while: "loading the weights of '\(path)'", fix: "The file is not a complete llama-architecture GGUF.")
        case let .unsupportedTensorType(path, name, typeName): return ErrorExplanation("Unsupported tensor type: '\(name)' is \(typeName) (supported: F32, F16, Q8_0, Q4_0, Q4_1, Q4_K, Q5_K, Q6_K)", while: "loading '\(path)'", fix: "Use a file quantised with one of the supported types.")
        case let .inconsistent(path, subject, detail): return ErrorExplanation("Inconsistent GGUF file: \(subject): \(detail)", while: "reading '\(path)'", fix: "The file is corrupt or was written by a broken converter.")
        }
    }
}
