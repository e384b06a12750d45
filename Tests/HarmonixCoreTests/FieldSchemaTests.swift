import Foundation
import GRDB
import Testing
@testable import HarmonixCore

/// Issue 12: a field opens only an absent, empty or own database; anything else is refused
/// untouched. A copy source is checked (schema, `PRAGMA integrity_check`) and named on failure.
@Suite struct FieldSchemaTests {
    static let schema = FieldSchema(organism: "Test", tables: ["words", "trigrams"])

    func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    func makeDatabase(_ path: String, _ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: sql) }
        try queue.close()
    }

    /// Every file in `dir` with its bytes: "untouched" means this does not change.
    func snapshot(_ dir: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            out[name] = FileManager.default.contents(atPath: dir.appendingPathComponent(name).path)
        }
        return out
    }

    @Test func foreignDatabaseIsRefusedUntouched() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("unrelated.db").path
        try makeDatabase(path, "CREATE TABLE customers (id INTEGER, name TEXT); INSERT INTO customers VALUES (1, 'ada')")
        let before = try snapshot(dir)
        #expect(throws: FieldDatabaseError.foreignSchema(path: path, organism: "Test", tables: ["customers"])) {
            _ = try FieldDatabase.open(path: path, schema: Self.schema)
        }
        #expect(try snapshot(dir) == before)
    }

    @Test func ownPartialEmptyAndAbsentFilesOpen() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let own = dir.appendingPathComponent("own.db").path
        try makeDatabase(own, "CREATE TABLE words (id INTEGER PRIMARY KEY AUTOINCREMENT, w TEXT); INSERT INTO words (w) VALUES ('a')")
        #expect(try FieldDatabase.inspect(path: own, schema: Self.schema) == .ours)
        let empty = dir.appendingPathComponent("empty.db").path
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        #expect(try FieldDatabase.inspect(path: empty, schema: Self.schema) == .empty)
        #expect(try FieldDatabase.inspect(path: dir.appendingPathComponent("new.db").path, schema: Self.schema) == .absent)
        let queue = try FieldDatabase.open(path: empty, schema: Self.schema)
        try queue.write { try $0.execute(sql: "CREATE TABLE trigrams (a TEXT)") }
        try queue.close()
        #expect(try FieldDatabase.inspect(path: empty, schema: Self.schema) == .ours)
    }

    @Test func directoryAndNonSQLiteFilesAreRefused() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: FieldDatabaseError.notAFile(path: dir.path)) {
            _ = try FieldDatabase.open(path: dir.path, schema: Self.schema)
        }
        let text = dir.appendingPathComponent("notes.db").path
        try Data(String(repeating: "plain text, not a database\n", count: 10).utf8).write(to: URL(fileURLWithPath: text))
        let before = try snapshot(dir)
        do {
            _ = try FieldDatabase.open(path: text, schema: Self.schema)
            Issue.record("a text file opened as a field")
        } catch let error as FieldDatabaseError {
            guard case .notADatabase(let path, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(path == text)
            #expect(error.description.contains("left untouched"))
        }
        #expect(try snapshot(dir) == before)
    }

    @Test func corruptCopySourceIsNamedBeforeAnythingRuns() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("source.db").path
        // Enough rows for several b-tree pages, then one interior page overwritten.
        try makeDatabase(source, """
            CREATE TABLE words (id INTEGER PRIMARY KEY, w TEXT);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
            INSERT INTO words (w) SELECT printf('word-%06d-padding-padding', i) FROM n;
            """)
        try FieldState.copy(of: source).verify(schema: Self.schema)   // intact: passes
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: source))
        let pageSize = 4096
        try handle.seek(toOffset: UInt64(pageSize * 3 + 120))
        try handle.write(contentsOf: Data(repeating: 0xFF, count: 600))
        try handle.close()
        do {
            try FieldState.copy(of: source).verify(schema: Self.schema)
            Issue.record("a damaged source passed")
        } catch let error as FieldDatabaseError {
            guard case .corrupt(let path, let detail) = error else { Issue.record("wrong error \(error)"); return }
            #expect(path == source)
            #expect(!detail.contains("\n"))
            #expect(!error.description.contains("--resume"))
        }
    }

    @Test func foreignCopySourceIsRefused() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("other.db").path
        try makeDatabase(source, "CREATE TABLE sonnets (id INTEGER)")
        #expect(throws: FieldDatabaseError.foreignSchema(path: source, organism: "Test", tables: ["sonnets"])) {
            try FieldState.copy(of: source).verify(schema: Self.schema)
        }
    }

    @Test func fileProblemNamesTheCauseNotFoundationsCode() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("file")
        try Data("x".utf8).write(to: file)
        do {
            try FileManager.default.createDirectory(at: file.appendingPathComponent("a/b"), withIntermediateDirectories: true)
            Issue.record("created a folder under a file")
        } catch {
            let reason = FileProblem.reason(error, path: file.appendingPathComponent("a/b").path)
            #expect(!reason.contains("NSCocoaErrorDomain"))
            #expect(reason.contains("is a file, not a folder") || reason.contains("Not a directory"))
        }
        do {
            _ = try String(contentsOfFile: dir.path, encoding: .utf8)
            Issue.record("read a directory as text")
        } catch {
            let reason = FileProblem.reason(error, path: dir.path)
            #expect(!reason.contains("NSCocoaErrorDomain"))
        }
    }
}
