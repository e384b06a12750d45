import Foundation
import Testing
@testable import Harness

/// The single-organism facade's input rules: model-format sniffing and prompt files.
struct SingleOrganismTests {
    private func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("single-organism-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Issue 12: `harmonix generate --model <a directory>` trapped in a `try!` (exit 132). A directory
    /// must be refused with a clear error instead.
    @Test func aDirectoryIsRefusedAsAModelFile() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: SingleOrganismError.self) { try ModelFileFormat.detect(path: directory.path) }
        do {
            _ = try ModelFileFormat.detect(path: directory.path)
        } catch {
            #expect("\(error)".contains("is a directory"))
        }
    }

    /// The same through the executable: exit 1 and the message on stderr (it was signal 4, exit 132).
    @Test func generateWithADirectoryExitsOneWithAClearError() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Fixtures.run(try Fixtures.harmonixBinary(), ["generate", "--model", directory.path, "--prompt", "x"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Model path is a directory, not a file: \(directory.path)"))
        #expect(result.stdout.isEmpty)
    }

    @Test func theRealModelsAreSniffedByTheirFirstBytes() throws {
        let npz = try Fixtures.sharedFile("sonnet/shakespeare_gpt.npz")
        #expect(try ModelFileFormat.detect(path: npz.path) == .npz)
        let gguf = Fixtures.packageRoot.appendingPathComponent("Models/SmolLM2-135M-Instruct.Q4_1.gguf")
        #expect(try ModelFileFormat.detect(path: gguf.path) == .gguf)
    }

    @Test func missingShortAndForeignFilesAreRefused() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: SingleOrganismError.self) { try ModelFileFormat.detect(path: directory.appendingPathComponent("absent").path) }
        let empty = directory.appendingPathComponent("empty.bin")
        try Data().write(to: empty)
        #expect(throws: SingleOrganismError.self) { try ModelFileFormat.detect(path: empty.path) }
        let text = directory.appendingPathComponent("model.gguf")
        try Data("not a model".utf8).write(to: text)
        #expect(throws: SingleOrganismError.self) { try ModelFileFormat.detect(path: text.path) }
    }

    @Test func aPromptFileGivesItsNonBlankLines() throws {
        let directory = try scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("prompts.txt")
        try Data("first\n   \n\nsecond\n".utf8).write(to: file)
        #expect(try HaikuPrompts.file(file.path).list() == ["first", "second"])
        #expect(try HaikuPrompts.single("only").list() == ["only"])
        try Data(" \n\n".utf8).write(to: file)
        #expect(throws: SingleOrganismError("The prompt file '\(file.path)' has no prompts; add one per line.")) {
            try HaikuPrompts.file(file.path).list()
        }
    }
}
