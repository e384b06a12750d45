import Foundation
import HarmonixCore
import Testing

@testable import LlamaGGUF
@testable import Prose

/// Fixtures of the field-side Prose tests: shared data, temporary databases, a deterministic text
/// model. (The engine tests' fixtures live in `Fixtures.swift`; names here carry a `Field` prefix.)
enum FieldFixtures {
    /// The package root: the folder holding Package.swift, found from this file's path.
    static var packageRoot: URL {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
            url.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    }

    /// `../shared/data` from the package root, or env `HARMONIX_SHARED_DATA`.
    static var sharedData: URL {
        if let override = ProcessInfo.processInfo.environment["HARMONIX_SHARED_DATA"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    }

    /// A shared data file; a missing file fails the test with a message naming the path.
    static func sharedFile(_ relative: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> URL {
        let url = sharedData.appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else {
            Issue.record(
                "Shared data file missing: \(url.path). Set HARMONIX_SHARED_DATA or put the shared data next to the package.",
                sourceLocation: sourceLocation)
            throw FieldFixtureError.missing(url.path)
        }
        return url
    }

    /// A fresh temporary directory for one test.
    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("prose-field-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A new, empty field in its own temporary file.
    static func freshField() throws -> ProseField {
        try ProseField(path: temporaryDirectory().appendingPathComponent("prose.db").path)
    }

    /// A private writable copy of the shipped `prose.db`.
    static func shippedFieldCopy() throws -> (field: ProseField, path: String) {
        let source = try sharedFile("prose/prose.db")
        let destination = try temporaryDirectory().appendingPathComponent("prose.db")
        try FileManager.default.copyItem(at: source, to: destination)
        // The shared file is read-only; the copy must be writable.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: destination.path)
        return (try ProseField(path: destination.path), destination.path)
    }
}

enum FieldFixtureError: Error { case missing(String) }

/// A deterministic stand-in for the language model (tests only): replies with a function of the
/// prompt, temperature and seed, and records every call.
final class ScriptedTextModel: ProseTextModel, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [(prompt: String, maxTokens: Int, temperature: Float, seed: UInt64)] = []
    private let reply: @Sendable (String, Float, UInt64) throws -> String

    init(reply: @escaping @Sendable (String, Float, UInt64) throws -> String) {
        self.reply = reply
    }

    /// Replies "  Echo of <prompt> number <seed % 1000>. The field answers in turn!\n" (with the
    /// surrounding whitespace a real completion has, so the organism's strip is exercised).
    static func echo() -> ScriptedTextModel {
        ScriptedTextModel { prompt, _, seed in
            "  Echo of \(prompt) number \(seed % 1000). The field answers in turn!\n"
        }
    }

    var calls: [(prompt: String, maxTokens: Int, temperature: Float, seed: UInt64)] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    func complete(prompt: String, maxTokens: Int, temperature: Float, seed: UInt64) throws -> String {
        lock.lock()
        recorded.append((prompt, maxTokens, temperature, seed))
        lock.unlock()
        return try reply(prompt, temperature, seed)
    }
}

struct ScriptedModelFailure: Error, CustomStringConvertible {
    var description: String { "scripted failure" }
}

/// A scripted model that also reports token count, stop reason and timings (tests only).
struct DetailedScriptedModel: ProseTextModel {
    var completion: ProseCompletion

    func complete(prompt: String, maxTokens: Int, temperature: Float, seed: UInt64) throws -> String {
        completion.text
    }

    func completeWithDetails(prompt: String, maxTokens: Int, temperature: Float, seed: UInt64) throws -> ProseCompletion {
        completion
    }
}

extension FieldFixtures {
    /// The Prose model: env `HARMONIX_PROSE_MODEL`, else `Models/SmolLM2-135M-Instruct.Q4_1.gguf`
    /// in the package root.
    static var modelPath: String {
        if let path = ProcessInfo.processInfo.environment["HARMONIX_PROSE_MODEL"], !path.isEmpty { return path }
        return packageRoot.appendingPathComponent("Models/SmolLM2-135M-Instruct.Q4_1.gguf").path
    }

    /// `llama_cpp_greedy_30_tokens` of `prose/smollm2_golden.json`: llama.cpp's greedy 30 tokens after
    /// "The field resonates.".
    static func llamaCppGreedyText() throws -> String {
        let data = try Data(contentsOf: sharedFile("prose/smollm2_golden.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(json["llama_cpp_greedy_30_tokens"] as? String)
    }
}
