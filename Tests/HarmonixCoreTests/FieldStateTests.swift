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

    /// A harmonix home made of symlinks to shared files: the run's copy must be a file of its own,
    /// or the run writes into the shared original.
    @Test func copyOfASymlinkIsAnIndependentWritableFile() throws {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("fs-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: dir) }
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        let original = dir.appendingPathComponent("shared.db").path
        try Data("original".utf8).write(to: URL(fileURLWithPath: original))
        try fm.setAttributes([.posixPermissions: 0o444], ofItemAtPath: original)
        let link = dir.appendingPathComponent("home/sonnets.db").path
        try fm.createDirectory(atPath: (link as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: link, withDestinationPath: original)
        let dest = dir.appendingPathComponent("run/field.db").path

        try FieldState.copy(of: link).materialize(at: dest)
        let attributes = try fm.attributesOfItem(atPath: dest)
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o644)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: dest))
        try handle.write(contentsOf: Data("changed!".utf8))
        try handle.close()
        #expect(try String(contentsOfFile: dest, encoding: .utf8) == "changed!")
        #expect(try String(contentsOfFile: original, encoding: .utf8) == "original")
    }

    @Test func missingSourceNamesThePath() {
        #expect(throws: FieldDatabaseError.missingSource(path: "/nonexistent/x.db")) {
            try FieldState.copy(of: "/nonexistent/x.db").materialize(at: NSTemporaryDirectory() + "/y.db")
        }
    }
}
