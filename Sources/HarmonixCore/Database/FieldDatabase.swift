import Foundation
import GRDB
import HarmonixBase

/// Opening the SQLite file behind an organism's field.
///
/// Fields are actors (overview decision 5); each owns one `DatabaseQueue` and calls it
/// synchronously from inside its isolated methods, so a read-then-write never spans an `await`.
/// A `DatabaseQueue` serialises access and suits one writer per file, which is what a field is.
public enum FieldDatabase {
    /// Opens (creating if needed) the database at `path`; `nil` opens a private in-memory database.
    ///
    /// - throws: ``FieldDatabaseError/cannotOpen(path:reason:)`` with the path and SQLite's reason.
    public static func open(path: String?) throws -> DatabaseQueue {
        var config = Configuration()
        config.label = path.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "memory"
        do {
            if let path {
                let dir = URL(fileURLWithPath: path).deletingLastPathComponent()
                do {
                    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                } catch {
                    throw FieldDatabaseError.cannotOpen(path: path, reason: FileProblem.reason(error, path: dir.path))
                }
                return try DatabaseQueue(path: path, configuration: config)
            }
            return try DatabaseQueue(configuration: config)
        } catch let error as FieldDatabaseError {
            throw error
        } catch {
            throw FieldDatabaseError.cannotOpen(path: path ?? ":memory:", reason: sqliteReason(error))
        }
    }

    /// Opens the field database of `schema` at `path` (nil: in memory) after ``inspect(path:schema:)``
    /// has found it absent, empty or ours: a foreign or non-SQLite file is refused untouched.
    ///
    /// - throws: ``FieldDatabaseError``.
    public static func open(path: String?, schema: FieldSchema) throws -> DatabaseQueue {
        if let path { try inspect(path: path, schema: schema) }
        return try open(path: path)
    }
}

/// The field state a run starts from (overview decision 6).
public enum FieldState: Sendable, Hashable {
    /// Empty fields: each organism creates its schema and seeds itself.
    case fresh
    /// A copy of the given database file.
    case copy(of: String)

    /// Materialises this state at `destination` (a file in the run's folder), replacing anything
    /// there. Each mode of a comparison calls this with its own destination, so all start identical.
    ///
    /// The copy is always a regular, writable file: a source that is a symlink (a harmonix home
    /// made of links to shared files) is followed, so the run never writes through it into the
    /// shared original.
    ///
    /// - throws: ``FieldDatabaseError/missingSource(path:)`` when the file to copy is absent.
    public func materialize(at destination: String) throws {
        let fm = FileManager.default
        do {
            for suffix in ["", "-wal", "-shm", "-journal"] where fm.fileExists(atPath: destination + suffix) {
                try fm.removeItem(atPath: destination + suffix)
            }
            try fm.createDirectory(
                at: URL(fileURLWithPath: destination).deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw FieldDatabaseError.cannotPrepare(path: destination, reason: FileProblem.reason(error, path: destination))
        }
        switch self {
        case .fresh:
            return
        case .copy(let source):
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: source, isDirectory: &isDirectory) else {
                throw FieldDatabaseError.missingSource(path: source)
            }
            if isDirectory.boolValue { throw FieldDatabaseError.notAFile(path: source) }
            // FileManager copies a symlink as a symlink: copy the file it points to instead.
            let target = URL(fileURLWithPath: source).resolvingSymlinksInPath().path
            do {
                try fm.copyItem(atPath: target, toPath: destination)
                try fm.setAttributes([.posixPermissions: 0o644], ofItemAtPath: destination)
            } catch {
                let readable = fm.isReadableFile(atPath: target)
                throw FieldDatabaseError.cannotPrepare(
                    path: readable ? destination : source,
                    reason: FileProblem.reason(error, path: readable ? destination : target))
            }
        }
    }
}

public enum FieldDatabaseError: ExplainedError, Equatable {
    case cannotOpen(path: String, reason: String)
    case missingSource(path: String)
    /// The path names a directory (or something else that is not a regular file).
    case notAFile(path: String)
    /// The file is not an SQLite database (or SQLite cannot read its header).
    case notADatabase(path: String, detail: String)
    /// An SQLite database holding tables that are not the organism's: someone else's file.
    case foreignSchema(path: String, organism: String, tables: [String])
    /// `PRAGMA integrity_check` failed; `path` is the file the user named.
    case corrupt(path: String, detail: String)
    /// The run's copy of a field could not be made at `path`.
    case cannotPrepare(path: String, reason: String)

    public var explanation: ErrorExplanation {
        switch self {
        case .cannotOpen(let path, let reason): return ErrorExplanation("Cannot open field database: \(reason)", while: "opening \(path)", fix: "Check the path and its permissions.")
        case .missingSource(let path): return ErrorExplanation("Field database to copy not found: \(path)", while: "preparing the initial field state", fix: "Fix the path in the manifest's `fields` section or use `fresh`.")
        case .notAFile(let path): return ErrorExplanation("Field database \(path) is a directory, not a file", while: "opening the field", fix: "Name a database file (it is created if missing).")
        case .notADatabase(let path, let detail): return ErrorExplanation("Field database \(path) is not an SQLite database: \(detail)", while: "opening the field", fix: "The file was left untouched; name a field database or a new file.")
        case .foreignSchema(let path, let organism, let tables):
            let shown = tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", …" : "")
            return ErrorExplanation("Field database \(path) holds tables that are not \(organism)'s (\(shown))", while: "opening the field", fix: "It looks like someone else's database and was left untouched; name a new file or a \(organism) field.")
        case .cannotPrepare(let path, let reason): return ErrorExplanation("Cannot prepare the field file \(path): \(reason)", while: "materializing the initial field state", fix: "Check the path and its permissions.")
        case .corrupt(let path, let detail): return ErrorExplanation("Field database \(path) is damaged (integrity check: \(detail))", while: "checking the initial field state", fix: "Restore it from a good copy, or use `fresh`; nothing was run.")
        }
    }
}
