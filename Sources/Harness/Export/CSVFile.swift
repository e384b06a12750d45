import CSV
import Foundation
import HarmonixCore

/// CSV reading and writing through CSV.swift (RFC 4180 quoting of commas, quotes and newlines).
///
/// Rows are encoded one at a time so a results file can be appended to and flushed after every
/// cascade: an interrupted run keeps every row it finished.
public enum CSVFile {
    /// One CSV line (fields quoted where needed) ending in "\n".
    public static func line(_ fields: [String]) throws -> String {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream)
        try writer.write(row: fields)
        stream.close()
        guard let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data,
              let text = String(data: data, encoding: .utf8) else {
            throw ExportError.encoding(detail: "CSV writer produced no UTF-8 text")
        }
        return text + "\n"
    }

    /// Writes a whole table (header first) to `path`, replacing the file.
    public static func write(header: [String], rows: [[String]], to path: String) throws {
        var text = try line(header)
        for row in rows { text += try line(row) }
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw ExportError.cannotWrite(path: path, reason: FileProblem.reason(error, path: path))
        }
    }

    /// Reads a table with a header row: (header, rows). Rows shorter than the header are padded.
    public static func read(path: String) throws -> (header: [String], rows: [[String]]) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ExportError.cannotRead(path: path, reason: "missing file or not UTF-8")
        }
        return try parse(text, source: path)
    }

    public static func parse(_ text: String, source: String) throws -> (header: [String], rows: [[String]]) {
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true)
        } catch {
            throw ExportError.cannotRead(path: source, reason: "not CSV: \(error)")
        }
        var rows: [[String]] = []
        while let row = reader.next() {
            if row.count == 1, row[0].isEmpty { continue }
            rows.append(row)
        }
        if let error = reader.error {
            throw ExportError.cannotRead(path: source, reason: "malformed CSV after row \(rows.count): \(error)")
        }
        guard let header = reader.headerRow else {
            throw ExportError.cannotRead(path: source, reason: "no header row")
        }
        let width = header.count
        return (header, rows.map { $0.count < width ? $0 + Array(repeating: "", count: width - $0.count) : $0 })
    }
}

/// Appends CSV rows to a file, each one written through to the OS before `append` returns.
///
/// `FileHandle.write` issues `write(2)` directly (no user-space buffer), so once `append` returns
/// the row survives the process being killed.
public final class CSVAppender {
    private let handle: FileHandle
    public let path: String

    /// Opens `path` for appending, writing `header` first when the file is new or empty.
    public init(path: String, header: [String]) throws {
        self.path = path
        let fm = FileManager.default
        let size = (try? fm.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        if size == nil || size == 0 {
            guard fm.createFile(atPath: path, contents: Data(try CSVFile.line(header).utf8)) else {
                throw ExportError.cannotWrite(path: path, reason: "cannot create the file")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw ExportError.cannotWrite(path: path, reason: "cannot open the file for appending")
        }
        self.handle = handle
        _ = try? handle.seekToEnd()
    }

    public func append(_ fields: [String]) throws {
        do {
            try handle.write(contentsOf: Data(try CSVFile.line(fields).utf8))
        } catch {
            throw ExportError.cannotWrite(path: path, reason: "\(error)")
        }
    }

    /// Bytes in the file so far (this appender is its only writer).
    public var byteCount: UInt64 {
        get throws { try handle.offset() }
    }

    deinit { try? handle.close() }
}

/// Failures writing or reading result files.
public enum ExportError: Sendable, ExplainedError {
    case cannotWrite(path: String, reason: String)
    case cannotRead(path: String, reason: String)
    case encoding(detail: String)
    case badColumn(path: String, row: Int, column: String, value: String)

    public var explanation: ErrorExplanation {
        switch self {
        case .cannotWrite(let path, let reason): return ErrorExplanation("Cannot write results: \(reason)", while: "writing \(path)", fix: "Check the folder exists and is writable.")
        case .cannotRead(let path, let reason): return ErrorExplanation("Cannot read results: \(reason)", while: "reading \(path)", fix: "Pass a run folder or its turns.csv.")
        case .encoding(let detail): return ErrorExplanation("CSV encoding failed: \(detail)", while: "encoding a row", fix: "Report this as a bug.")
        case .badColumn(let path, let row, let column, let value): return ErrorExplanation("Bad value '\(value)' in column '\(column)': not of the expected type", while: "reading row \(row) of \(path)", fix: "Regenerate the file with `harmonix run`.")
        }
    }
}
