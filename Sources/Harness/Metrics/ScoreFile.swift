import Foundation
import HarmonixCore

/// The JSONL input and CSV output of `harmonix score`.
///
/// Input: one JSON object per line, `{"prompt": "...", "reply": "...", "history": ["...", ...]}`;
/// `history` is optional (oldest first); other keys are ignored (so a line may carry provenance such
/// as `logged_external_vocab`); blank lines are skipped. The whole file is validated before anything
/// is scored, so a bad line N fails the command with N in the message and no partial output.
///
/// Output: `index,variant,external_vocab,optimal`, one row per input line (per variant, variants in
/// the order given), `index` = the 1-based line number in the file, `external_vocab` with 6
/// decimals, `optimal` = `true`/`false` (value < 0.2, unrounded). A reply with no tokens under the
/// variant has an empty `external_vocab` and `optimal` = `false` (counted apart, never optimal).
public enum ScoreFile {

    /// One parsed input line.
    public struct Line: Sendable, Hashable {
        /// 1-based line number in the file.
        public let number: Int
        public let request: ScoreRequest
    }

    /// The CSV header row.
    public static let csvHeader = "index,variant,external_vocab,optimal"

    /// Reads and validates a JSONL file; `"-"` reads standard input.
    /// - throws: `MetricsError.unreadableFile`, or `.invalidScoreLine` naming the first bad line.
    public static func load(path: String) throws -> [Line] {
        let data: Data
        do {
            data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile()
                               : try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw MetricsError.unreadableFile(path: path, detail: FileProblem.reason(error, path: path))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw MetricsError.unreadableFile(path: path, detail: "not valid UTF-8")
        }
        return try parse(jsonl: text, source: path == "-" ? "<stdin>" : path)
    }

    /// Parses JSONL text, validating every line.
    /// - throws: `MetricsError.invalidScoreLine` naming the first bad line.
    public static func parse(jsonl text: String, source: String) throws -> [Line] {
        var lines: [Line] = []
        var number = 0
        for line in TextLines.split(text) {
            number += 1
            if line.allSatisfy(\.isWhitespace) { continue }
            lines.append(Line(number: number, request: try request(from: line, number: number, source: source)))
        }
        return lines
    }

    /// The CSV (header included, newline-terminated) for `lines` under each of `variants`.
    public static func csv(_ lines: [Line], variants: [MetricVariant]) -> String {
        var out = csvHeader + "\n"
        for line in lines {
            for variant in variants {
                out += row(index: line.number, score: line.request.score(variant)) + "\n"
            }
        }
        return out
    }

    /// One CSV row: `index,variant,external_vocab,optimal`.
    public static func row(index: Int, score: TurnScore) -> String {
        let value = score.value.map { String(format: "%.6f", $0) } ?? ""
        return "\(index),\(score.variant.rawValue),\(value),\(score.isOptimal)"
    }

    private static func request(from line: Substring, number: Int, source: String) throws -> ScoreRequest {
        func fail(_ detail: String) -> MetricsError {
            .invalidScoreLine(source: source, line: number, detail: detail)
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])
        } catch {
            throw fail("not valid JSON")
        }
        guard let fields = object as? [String: Any] else { throw fail("not a JSON object") }
        guard let prompt = fields["prompt"] as? String else {
            throw fail(fields["prompt"] == nil ? "missing key \"prompt\"" : "\"prompt\" is not a string")
        }
        guard let reply = fields["reply"] as? String else {
            throw fail(fields["reply"] == nil ? "missing key \"reply\"" : "\"reply\" is not a string")
        }
        var history: [String] = []
        if let value = fields["history"], !(value is NSNull) {
            guard let list = value as? [Any], let strings = list as? [String], strings.count == list.count else {
                throw fail("\"history\" is not a list of strings")
            }
            history = strings
        }
        return ScoreRequest(prompt: prompt, reply: reply, history: history)
    }
}
