import Cascade
import Foundation
import HarmonixCore

/// The columns of `turns.csv` and the conversions between ``TurnRow`` and CSV fields.
///
/// Numbers are written with fixed decimals so the file diffs cleanly and `harmonix check` can
/// compare quality columns exactly: external_vocab, dissonance, temperature and quality with 6
/// decimals, latency in milliseconds with 3.
public struct TurnsCSV: Sendable {
    public static let fileName = "turns.csv"
    /// The variants whose `external_vocab_<v>` / `optimal_<v>` columns the file holds.
    public let variants: [MetricVariant]

    public init(variants: [MetricVariant]) { self.variants = variants }

    static let leadingColumns = [
        "run_id", "experiment", "prompt_id", "topic", "prompt", "mode", "repeat", "order", "stage", "stage_index",
        "seed", "input_sha256", "input_chars", "output_sha256", "output_chars", "output",
    ]
    /// Columns every turns.csv has (`extras` is optional when reading).
    static let trailingColumns = [
        "dissonance", "temperature", "quality", "latency_ms", "field_size", "extras", "status", "error",
    ]

    public var header: [String] {
        Self.leadingColumns + variants.map { "external_vocab_\($0.rawValue)" } + variants.map { "optimal_\($0.rawValue)" }
            + Self.trailingColumns
    }

    public func fields(_ row: TurnRow) -> [String] {
        var fields = [
            row.runID, row.experiment, row.promptID, row.topic, row.prompt, row.mode.rawValue, String(row.repeatIndex),
            String(row.order), row.stage, String(row.stageIndex), String(row.seed), row.inputSHA256,
            String(row.inputCharacters), row.outputSHA256, String(row.outputCharacters), row.output,
        ]
        fields += variants.map { Self.decimal(row.externalVocab[$0], places: 6) }
        fields += variants.map { row.isOptimal($0).map { $0 ? "true" : "false" } ?? "" }
        fields += [
            Self.decimal(row.dissonance, places: 6), Self.decimal(row.temperature, places: 6),
            Self.decimal(row.quality, places: 6), Self.decimal(row.latencySeconds.map { $0 * 1000 }, places: 3),
            row.fieldSize.map(String.init) ?? "", Self.encodeExtras(row.extras), row.status.rawValue, row.error,
        ]
        return fields
    }

    /// `name=value;name=value` with 6 decimals (names never hold `=` or `;`); a value that is not a
    /// finite number (an organism's "not measured", e.g. no brain score) is written empty: `name=`.
    static func encodeExtras(_ extras: [NamedValue]) -> String {
        extras.map { "\($0.name)=\(decimal($0.value, places: 6))" }.joined(separator: ";")
    }

    /// Inverse of ``encodeExtras(_:)``; an empty value reads back as NaN.
    static func decodeExtras(_ text: String) -> [NamedValue]? {
        guard !text.isEmpty else { return [] }
        var values: [NamedValue] = []
        for part in text.split(separator: ";") {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pieces.count == 2, !pieces[0].isEmpty else { return nil }
            if pieces[1].isEmpty {
                values.append(NamedValue(String(pieces[0]), .nan))
                continue
            }
            guard let value = Double(pieces[1]) else { return nil }
            values.append(NamedValue(String(pieces[0]), value))
        }
        return values
    }

    static func decimal(_ value: Double?, places: Int) -> String {
        guard let value, value.isFinite else { return "" }
        return String(format: "%.\(places)f", value)
    }

    /// Reads `turns.csv` (variants taken from its header).
    /// - throws: ``ExportError`` naming the file, row and column of a bad value.
    public static func read(path: String) throws -> (format: TurnsCSV, rows: [TurnRow]) {
        let table = try CSVFile.read(path: path)
        return try decode(header: table.header, rows: table.rows, source: path)
    }

    /// Reads a `turns.csv` that may end in a row cut short by an interruption: when the whole file
    /// does not parse, the text is cut back one line at a time (up to `maximumCuts` lines) until it
    /// does. Returns the rows and how many trailing lines were dropped.
    public static func readRecovering(path: String, maximumCuts: Int = 200) throws -> (format: TurnsCSV, rows: [TurnRow], droppedLines: Int) {
        do {
            let table = try read(path: path)
            return (table.format, table.rows, 0)
        } catch {
            guard var text = try? String(contentsOfFile: path, encoding: .utf8) else { throw error }
            for cut in 1...maximumCuts {
                if text.hasSuffix("\n") { text.removeLast() }
                guard let end = text.lastIndex(of: "\n") else { break }
                text = String(text[...end])
                if let table = try? CSVFile.parse(text, source: path),
                   let decoded = try? decode(header: table.header, rows: table.rows, source: path) {
                    return (decoded.format, decoded.rows, cut)
                }
            }
            throw error
        }
    }

    /// The rows as `turns.csv` holds them: every number rounded to its column's decimals, the input
    /// text reduced to its hash and length. Everything derived from a run (summary, targets, report,
    /// charts) is computed from this form, so `harmonix chart` rebuilding from the file gives the same
    /// summary to the last digit as the run itself.
    public func persisted(_ rows: [TurnRow]) throws -> [TurnRow] {
        try Self.decode(header: header, rows: rows.map(fields), source: "rows of this run").rows
    }

    static func decode(header: [String], rows: [[String]], source: String) throws -> (format: TurnsCSV, rows: [TurnRow]) {
        let index = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        for column in leadingColumns + trailingColumns where index[column] == nil && column != "extras" {
            throw ExportError.cannotRead(path: source, reason: "column '\(column)' missing: not a turns.csv")
        }
        let variants = header.compactMap { name -> MetricVariant? in
            name.hasPrefix("external_vocab_") ? MetricVariant(name: String(name.dropFirst("external_vocab_".count))) : nil
        }
        var result: [TurnRow] = []
        for (number, fields) in rows.enumerated() {
            let line = number + 2
            func text(_ column: String) -> String { fields[index[column]!] }
            func parsed<T>(_ column: String, _ make: (String) -> T?) throws -> T {
                let value = text(column)
                guard let parsed = make(value) else {
                    throw ExportError.badColumn(path: source, row: line, column: column, value: value)
                }
                return parsed
            }
            func optionalDouble(_ column: String) throws -> Double? {
                text(column).isEmpty ? nil : try parsed(column) { Double($0) }
            }
            var ev: [MetricVariant: Double] = [:]
            for variant in variants {
                if let value = try optionalDouble("external_vocab_\(variant.rawValue)") { ev[variant] = value }
            }
            var row = TurnRow(
                runID: text("run_id"), experiment: text("experiment"), promptID: text("prompt_id"), topic: text("topic"),
                prompt: text("prompt"), mode: try parsed("mode") { CascadeMode(rawValue: $0) },
                repeatIndex: try parsed("repeat") { Int($0) }, order: try parsed("order") { Int($0) },
                stage: text("stage"), stageIndex: try parsed("stage_index") { Int($0) },
                seed: try parsed("seed") { UInt64($0) }, input: "", output: text("output"), externalVocab: ev,
                dissonance: try optionalDouble("dissonance"), temperature: try optionalDouble("temperature"),
                quality: try optionalDouble("quality"), latencySeconds: try optionalDouble("latency_ms").map { $0 / 1000 },
                fieldSize: text("field_size").isEmpty ? nil : try parsed("field_size") { Int($0) },
                extras: index["extras"] == nil ? [] : try parsed("extras") { decodeExtras($0) },
                status: try parsed("status") { RowStatus(rawValue: $0) }, error: text("error"))
            row.inputSHA256 = text("input_sha256")
            row.inputCharacters = try parsed("input_chars") { Int($0) }
            row.outputSHA256 = text("output_sha256")
            row.outputCharacters = try parsed("output_chars") { Int($0) }
            result.append(row)
        }
        return (TurnsCSV(variants: variants), result)
    }
}
