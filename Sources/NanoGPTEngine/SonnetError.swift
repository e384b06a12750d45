import HarmonixBase

/// Every failure the `Sonnet` module reports, worded "<what failed>: <detail> - while <context>. <how to fix>."
public enum SonnetError: ExplainedError, Equatable, Sendable {
    /// The weights file could not be read at all (missing, unreadable).
    case weightsUnreadable(path: String, reason: String)
    /// The file is not a ZIP archive (no end-of-central-directory record): a foreign file.
    case notAnNpzArchive(path: String, detail: String)
    /// The archive is cut short: a structure points past the end of the file.
    case truncatedArchive(path: String, detail: String)
    /// A member uses a compression method other than stored (0) or deflate (8), or inflating failed.
    case memberUndecodable(path: String, member: String, detail: String)
    /// The archive's own records disagree: a size or name in a local header against the central
    /// directory, a count against the directory's length, a member stored twice or overlapping another.
    case inconsistentArchive(path: String, member: String, detail: String)
    /// A member's bytes do not have the CRC-32 the directory records: the data was changed.
    case checksumMismatch(path: String, member: String, expected: UInt32, found: UInt32)
    /// A member is not a valid NPY v1 array of little-endian float32 in C order.
    case badArray(path: String, member: String, detail: String)
    /// Arrays the model needs are absent from the archive.
    case missingArrays(path: String, names: [String])
    /// An array has the wrong shape for the §1.1 architecture.
    case wrongShape(path: String, name: String, expected: [Int], found: [Int])
    /// A JSON state file (SonnetBrain, PhaseTransitions) is missing or malformed.
    case stateFile(path: String, detail: String)
    /// A generation argument is out of range.
    case badGenerationArgument(detail: String)
    /// The field database failed.
    case field(detail: String, context: String)

    public var explanation: ErrorExplanation {
        switch self {
        case .weightsUnreadable(let path, let reason): return ErrorExplanation("Cannot read the Sonnet weights: \(reason)", while: "opening \(path)", fix: "Check the path; the file is shakespeare_gpt.npz from ../shared/data/sonnet/.")
        case .notAnNpzArchive(let path, let detail): return ErrorExplanation("Not an npz (ZIP) archive: \(detail)", while: "reading the Sonnet weights \(path)", fix: "Point to the original shakespeare_gpt.npz written by numpy.savez_compressed.")
        case .truncatedArchive(let path, let detail): return ErrorExplanation("Truncated npz archive: \(detail)", while: "reading the Sonnet weights \(path)", fix: "The file is incomplete; copy it again (3,065,344 bytes).")
        case .memberUndecodable(let path, let member, let detail): return ErrorExplanation("Cannot decompress member \(member): \(detail)", while: "reading the Sonnet weights \(path)", fix: "The archive is damaged or was not written by numpy; copy the original again.")
        case .inconsistentArchive(let path, let member, let detail): return ErrorExplanation("Inconsistent npz archive at \(member): \(detail)", while: "reading the Sonnet weights \(path)", fix: "The archive is damaged; copy the original shakespeare_gpt.npz again.")
        case .checksumMismatch(let path, let member, let expected, let found): return ErrorExplanation("CRC-32 mismatch in member \(member): expected \(hex32(expected)), computed \(hex32(found))", while: "reading the Sonnet weights \(path)", fix: "The weights were altered or damaged; copy the original shakespeare_gpt.npz again.")
        case .badArray(let path, let member, let detail): return ErrorExplanation("Bad NPY array \(member): \(detail)", while: "reading the Sonnet weights \(path)", fix: "Every member must be NPY v1, dtype '<f4', C order.")
        case .missingArrays(let path, let names):
            let shown = names.prefix(6).joined(separator: ", ") + (names.count > 6 ? ", … (\(names.count) in all)" : "")
            return ErrorExplanation("Missing arrays \(shown)", while: "reading the Sonnet weights \(path)", fix: "This is not the Sonnet NanoGPT checkpoint; use shakespeare_gpt.npz.")
        case .wrongShape(let path, let name, let expected, let found): return ErrorExplanation("Wrong shape for \(name): expected \(expected), found \(found)", while: "reading the Sonnet weights \(path)", fix: "The checkpoint is for a different architecture; use shakespeare_gpt.npz.")
        case .stateFile(let path, let detail): return ErrorExplanation("Cannot load state file: \(detail)", while: "reading \(path)", fix: "Give the path of the shipped JSON (../shared/data/sonnet/) or omit it for the fresh default.")
        case .badGenerationArgument(let detail): return ErrorExplanation("Invalid generation argument: \(detail)", while: "starting a Sonnet generation", fix: "Use a non-empty prompt, max tokens 0...\(NanoGPT.maxTokensLimit) and a finite temperature ≥ 0.")
        case .field(let detail, let context): return ErrorExplanation("Sonnet field failed: \(detail)", while: context, fix: "Check the database path and that it is a Sonnet field (sonnets.db).")
        }
    }
}

private func hex32(_ v: UInt32) -> String {
    let digits = String(v, radix: 16)
    return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
}
