import Foundation
import Testing
@testable import HarmonixCore

@Suite struct FieldStateTests {
    @Test func copyReplacesLeftoversAndFreshRemovesThem() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let source = dir.appendingPathComponent("source.db").path
        let dest = dir.appendingPathComponent("run/field.db").path
        try Data("original".utf8).write(to: URL(fileURLWithPath: source))

        try FieldState.copy(of: source).materialize(at: dest)
        #expect(try String(contentsOfFile: dest, encoding: .utf8) == "original")

        try Data("leftover".utf8).write(to: URL(fileURLWithPath: dest))
        try FieldState.copy(of: source).materialize(at: dest)
        #expect(try String(contentsOfFile: dest, encoding: .utf8) == "original")

        try FieldState.fresh.materialize(at: dest)
        #expect(!FileManager.default.fileExists(atPath: dest))
    }

    @Test func missingSourceNamesThePath() {
        #expect(throws: FieldDatabaseError.missingSource(path: "/nonexistent/x.db")) {
            try FieldState.copy(of: "/nonexistent/x.db").materialize(at: NSTemporaryDirectory() + "/y.db")
        }
    }
}
