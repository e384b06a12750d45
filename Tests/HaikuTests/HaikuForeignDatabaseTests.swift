import Foundation
import GRDB
import HarmonixCore
import Testing
@testable import Haiku

/// Issue 12: `haiku --db unrelated.db` added fourteen HAiKU tables to someone else's database.
@Suite struct HaikuForeignDatabaseTests {
    @Test func organismRefusesAForeignDatabaseAndLeavesItAlone() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("haiku-foreign-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("unrelated.db").path
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "CREATE TABLE invoices (id INTEGER, total REAL)") }
        try queue.close()
        let before = FileManager.default.contents(atPath: path)
        var options = HaikuOptions()
        options.shardsDirectory = dir.appendingPathComponent("shards")
        options.brainPath = dir.appendingPathComponent("mathbrain.json").path
        #expect(throws: FieldDatabaseError.foreignSchema(path: path, organism: "HAiKU", tables: ["invoices"])) {
            _ = try HaikuOrganism(seedWords: ["one", "two", "three", "four"], databasePath: path, options: options)
        }
        #expect(FileManager.default.contents(atPath: path) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["unrelated.db"])
    }
}
