import Foundation
import GRDB

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
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                return try DatabaseQueue(path: path, configuration: config)
            }
            return try DatabaseQueue(configuration: config)
        } catch {
            throw FieldDatabaseError.cannotOpen(path: path ?? ":memory:", reason: "\(error)")
        }
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
        for suffix in ["", "-wal", "-shm", "-journal"] where fm.fileExists(atPath: destination + suffix) {
            try fm.removeItem(atPath: destination + suffix)
        }
        try fm.createDirectory(
            at: URL(fileURLWithPath: destination).deletingLastPathComponent(), withIntermediateDirectories: true)
        switch self {
        case .fresh:
            return
        case .copy(let source):
            guard fm.fileExists(atPath: source) else { throw FieldDatabaseError.missingSource(path: source) }
            // FileManager copies a symlink as a symlink: copy the file it points to instead.
            let target = URL(fileURLWithPath: source).resolvingSymlinksInPath().path
            try fm.copyItem(atPath: target, toPath: destination)
            try fm.setAttributes([.posixPermissions: 0o644], ofItemAtPath: destination)
        }
    }
}

public enum FieldDatabaseError: Error, CustomStringConvertible, Equatable {
    case cannotOpen(path: String, reason: String)
    case missingSource(path: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "Cannot open field database: \(reason) - while opening \(path). Check the path and its permissions."
        case .missingSource(let path):
            return "Field database to copy not found: \(path) - while preparing the initial field state. "
                + "Fix the path in the manifest's `fields` section or use `fresh`."
        }
    }
}
