import Foundation
import GRDB

/// The tables one organism's field owns: what makes a database file "ours".
///
/// A field opens a file only when it is absent, empty (no tables) or holds nothing but these
/// tables (SQLite's own `sqlite_*` tables aside): anything else belongs to someone else, and
/// creating our tables in it would modify a foreign file (issue 12: `haiku --db unrelated.db`
/// used to add fourteen tables to it).
public struct FieldSchema: Sendable, Hashable {
    /// The organism as messages name it ("HAiKU").
    public let organism: String
    /// Every table the organism creates.
    public let tables: Set<String>

    public init(organism: String, tables: some Sequence<String>) {
        self.organism = organism
        self.tables = Set(tables)
    }
}

/// What a database file holds, read without writing anything into it.
public enum FieldFileContents: Sendable, Equatable {
    /// No file at the path: the field will create it.
    case absent
    /// A file with no tables (zero bytes, or an SQLite file with an empty schema).
    case empty
    /// Only tables of the organism (possibly a subset, as an older build created).
    case ours
}

extension FieldDatabase {
    /// The first 16 bytes of every SQLite 3 database file.
    static let sqliteMagic = Array("SQLite format 3\0".utf8)

    /// Checks that the file at `path` may be opened as `schema`'s field, without creating or
    /// modifying anything: the file is read through a read-only connection.
    ///
    /// - throws: ``FieldDatabaseError/notAFile(path:)``, ``FieldDatabaseError/notADatabase(path:detail:)``
    ///   or ``FieldDatabaseError/foreignSchema(path:organism:tables:)``.
    @discardableResult
    public static func inspect(path: String, schema: FieldSchema) throws -> FieldFileContents {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return .absent }
        if isDirectory.boolValue { throw FieldDatabaseError.notAFile(path: path) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FieldDatabaseError.cannotOpen(path: path, reason: "the file is not readable (permissions)")
        }
        let head = (try? handle.read(upToCount: 100)) ?? Data()
        try? handle.close()
        if head.isEmpty { return .empty }
        guard head.count >= 100, Array(head.prefix(16)) == sqliteMagic else {
            throw FieldDatabaseError.notADatabase(path: path, detail: "it does not start with the SQLite 3 header")
        }
        let tables: [String]
        do {
            var config = Configuration()
            config.readonly = true
            config.label = "inspect"
            let queue = try DatabaseQueue(path: path, configuration: config)
            tables = try queue.read { db in
                try String.fetchAll(db, sql: """
                    SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
                    ORDER BY name
                    """)
            }
            try queue.close()
        } catch {
            throw FieldDatabaseError.notADatabase(path: path, detail: sqliteReason(error))
        }
        if tables.isEmpty { return .empty }
        let foreign = tables.filter { !schema.tables.contains($0) }
        guard foreign.isEmpty else {
            throw FieldDatabaseError.foreignSchema(path: path, organism: schema.organism, tables: foreign)
        }
        return .ours
    }

    /// Runs `PRAGMA integrity_check` on the file at `path` through a read-only connection.
    ///
    /// - parameter source: the file the user named (a field's `copy` source), used in the message.
    /// - throws: ``FieldDatabaseError/corrupt(path:detail:)`` naming `source`.
    public static func checkIntegrity(path: String, source: String) throws {
        do {
            var config = Configuration()
            config.readonly = true
            config.label = "integrity"
            let queue = try DatabaseQueue(path: path, configuration: config)
            let rows = try queue.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check(10)") }
            try queue.close()
            if rows != ["ok"] {
                // One row may hold several lines; keep the first finding on one line, count the rest.
                let findings = rows.flatMap { $0.split(separator: "\n").map(String.init) }
                    .filter { !$0.hasPrefix("*** in database") }
                let more = findings.count > 1 ? " (and \(findings.count - 1) more\(findings.count >= 10 ? " at least" : ""))" : ""
                throw FieldDatabaseError.corrupt(path: source, detail: (findings.first ?? "failed") + more)
            }
        } catch let error as FieldDatabaseError {
            throw error
        } catch {
            throw FieldDatabaseError.corrupt(path: source, detail: sqliteReason(error))
        }
    }

    /// Whether an error's text is SQLite saying a database file is damaged (SQLITE_CORRUPT,
    /// SQLITE_NOTADB): the run stops then rather than failing cell after cell.
    public static func reportsCorruption(_ text: String) -> Bool {
        ["database disk image is malformed", "file is not a database", "SQLITE_CORRUPT", "SQLITE_NOTADB"]
            .contains { text.contains($0) }
    }

    /// SQLite's own sentence for `error`, without GRDB's SQL echo.
    static func sqliteReason(_ error: Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }
}

extension FieldState {
    /// Checks the declared initial state before a run starts: a copy's source must exist, be an
    /// SQLite file whose tables are `schema`'s, and pass `PRAGMA integrity_check` (a corrupt source
    /// would otherwise run, writing into a malformed copy, or fail every cascade one by one).
    /// Nothing is written: the source is read through a read-only connection.
    ///
    /// - throws: ``FieldDatabaseError``, every case naming the source file.
    public func verify(schema: FieldSchema) throws {
        guard case .copy(let source) = self else { return }
        guard FileManager.default.fileExists(atPath: source) else { throw FieldDatabaseError.missingSource(path: source) }
        let target = URL(fileURLWithPath: source).resolvingSymlinksInPath().path
        if try FieldDatabase.inspect(path: target, schema: schema) == .ours {
            try FieldDatabase.checkIntegrity(path: target, source: source)
        }
    }
}
