import HarmonixCore

/// Why a metrics input (a JSONL score file or a Leo transcript) could not be read.
public enum MetricsError: Sendable, Hashable, ExplainedError {
    /// A file could not be opened or decoded as UTF-8.
    case unreadableFile(path: String, detail: String)
    /// One line of a JSONL score file is not a valid score request.
    case invalidScoreLine(source: String, line: Int, detail: String)
    /// A Leo transcript does not have the structure `metrics.md` §1.8 describes.
    case malformedTranscript(source: String, line: Int?, detail: String)

    public var explanation: ErrorExplanation {
        switch self {
        case let .unreadableFile(path, detail): return ErrorExplanation("File not read: \(path): \(detail)", while: "opening the metrics input", fix: "Check the path and that the file is UTF-8 text.")
        case let .invalidScoreLine(source, line, detail): return ErrorExplanation("Score input rejected: \(source) line \(line): \(detail)", while: "reading the JSONL score file (nothing was scored)", fix: "Each line must be {\"prompt\": \"...\", \"reply\": \"...\", \"history\": [\"...\"]} with history optional.")
        case let .malformedTranscript(source, line, detail):
            let place = line.map { "\(source) line \($0)" } ?? source
            return ErrorExplanation("Leo transcript not parsed: \(place): \(detail)", while: "reading a Leo run transcript", fix: "Give a HEYLEOGPT_RUN_*.md file or an ASYNC_HEYLEOGPT_RUN_*.json transcription as in ../shared/data/leo/.")
        }
    }
}
