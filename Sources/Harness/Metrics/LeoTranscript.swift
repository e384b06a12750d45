import Foundation
import HarmonixCore

/// A Leo observer run (`../shared/data/leo/`): the turns with their observer message, Leo's reply
/// and the `external_vocab` Leo logged, in run order. Used by the golden tests and by
/// `harmonix score --from-leo` to turn transcripts into `ScoreRequest` lines.
///
/// Two formats (`metrics.md` §1.8):
/// - the sync Markdown runs `HEYLEOGPT_RUN_*.md` (logged under V3);
/// - the async JSON transcription `ASYNC_HEYLEOGPT_RUN_*.json` (its `metric_variant`, V4).
public struct LeoTranscript: Sendable, Hashable {
    /// File name the transcript came from.
    public let source: String
    /// The variant Leo logged the values under.
    public let loggedVariant: MetricVariant
    public let turns: [LeoTurn]

    public init(source: String, loggedVariant: MetricVariant, turns: [LeoTurn]) {
        self.source = source
        self.loggedVariant = loggedVariant
        self.turns = turns
    }

    /// Reads a transcript, choosing the format by extension (`.json` = async transcription,
    /// anything else = sync Markdown).
    /// - throws: `MetricsError.unreadableFile` or `.malformedTranscript`.
    public static func load(path: String) throws -> LeoTranscript {
        let url = URL(fileURLWithPath: path)
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw MetricsError.unreadableFile(path: path, detail: FileProblem.reason(error, path: path))
        }
        let name = url.lastPathComponent
        if url.pathExtension.lowercased() == "json" { return try parseAsyncJSON(data, source: name) }
        guard let text = String(data: data, encoding: .utf8) else {
            throw MetricsError.unreadableFile(path: path, detail: "not valid UTF-8")
        }
        return try parseMarkdown(text, source: name)
    }

    /// The turns as score requests: prompt = observer message, reply = Leo's reply, history = the
    /// earlier observer messages of the same topic block (a topic change resets it), oldest first.
    public func scoreRequests() -> [ScoreRequest] {
        var requests: [ScoreRequest] = []
        var history: [String] = []
        var topic: String?
        for turn in turns {
            if turn.topic != topic { history = []; topic = turn.topic }
            requests.append(ScoreRequest(prompt: turn.observer, reply: turn.leo, history: history))
            history.append(turn.observer)
        }
        return requests
    }
}

/// One logged turn of a Leo observer run.
public struct LeoTurn: Sendable, Hashable, Codable {
    /// The conversation topic (`being_nothing`, …); each topic is one conversation.
    public let topic: String
    /// The GPT observer's message: the text Leo received and the metric compares against.
    public let observer: String
    /// Leo's reply.
    public let leo: String
    /// The `external_vocab` Leo logged (3 decimals).
    public let loggedExternalVocab: Double
}

extension LeoTranscript {
    /// The transcript as `harmonix score` JSONL lines (no trailing newline on each): the score
    /// request (`prompt`, `reply`, `history`) plus provenance keys that `score` ignores: `source`,
    /// `topic`, `logged_external_vocab`, `logged_variant`. Keys sorted, so output is byte-stable.
    public func jsonLines() throws -> [String] {
        struct Line: Encodable {
            let prompt: String, reply: String, history: [String]
            let source: String, topic: String, loggedExternalVocab: Double, loggedVariant: String
            enum CodingKeys: String, CodingKey {
                case prompt, reply, history, source, topic
                case loggedExternalVocab = "logged_external_vocab", loggedVariant = "logged_variant"
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try zip(turns, scoreRequests()).map { turn, request in
            let line = Line(prompt: request.prompt, reply: request.reply, history: request.history,
                            source: source, topic: turn.topic, loggedExternalVocab: turn.loggedExternalVocab,
                            loggedVariant: loggedVariant.rawValue)
            return String(decoding: try encoder.encode(line), as: UTF8.self)
        }
    }
}
