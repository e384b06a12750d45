import Foundation
import Testing
@testable import NanoGPTEngine
@testable import Sonnet

/// Finds the shared data (../shared/data from the folder holding Package.swift, or
/// `$HARMONIX_SHARED_DATA`) and builds temporary databases. A missing file fails the test with
/// the path it expected.
enum Fixtures {
    static var repositoryRoot: URL {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
            url.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }

    static var sharedData: URL {
        if let env = ProcessInfo.processInfo.environment["HARMONIX_SHARED_DATA"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    }

    /// Path of `sonnet/<name>` in the shared data; records an issue naming it when absent.
    static func sonnetFile(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let path = sharedData.appendingPathComponent("sonnet").appendingPathComponent(name).path
        guard FileManager.default.fileExists(atPath: path) else {
            Issue.record("Shared data file missing: \(path) (set HARMONIX_SHARED_DATA to the shared/data folder)",
                         sourceLocation: sourceLocation)
            throw FixtureMissing(path: path)
        }
        return path
    }

    struct FixtureMissing: Error { let path: String }

    /// The weights, loaded once per process (3 MB inflate + pack).
    static let weights: Result<SonnetWeights, Error> = Result {
        try SonnetWeights(contentsOf: try sonnetFile("shakespeare_gpt.npz"))
    }

    static func model(skipUnusedLastLayerRows: Bool = true) throws -> NanoGPT {
        try NanoGPT(weights: try weights.get(), skipUnusedLastLayerRows: skipUnusedLastLayerRows)
    }

    static let engine: Result<SonnetEngine, Error> = Result { try SonnetEngine(weights: try weights.get()) }

    /// A fresh path for a temporary database (the directory is unique per call).
    static func temporaryDatabasePath() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sonnet-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("sonnets.db").path
    }

    /// The 14-line test sonnet of the original's async_harmonix.py / sonnetbrain.py demos
    /// (120 words), used for the worked dissonance values of sonnet.md §3.3 and cascade.md §3.4.
    static let hamletSonnet = """
        When winter winds do blow and summer's heat
        Doth make the flowers grow beneath our feet.
        The time is come to speak of love and woe.
        Proud mark your father's words, and let us go.
        To be or not to be, that is the question.
        Whether 'tis nobler in the mind to suffer
        The slings and arrows of outrageous fortune.
        Or to take arms against a sea of troubles.
        And by opposing end them. To die, to sleep.
        No more; and by a sleep to say we end.
        The heart-ache and the thousand natural shocks.
        That flesh is heir to: 'tis a consummation.
        Devoutly to be wished. To die, to sleep.
        To sleep, perchance to dream: ay, there's the rub.
        """

    /// Shakespeare's Sonnet 18, first quatrain (public domain).
    static let sonnet18Quatrain = [
        "Shall I compare thee to a summer's day?",
        "Thou art more lovely and more temperate:",
        "Rough winds do shake the darling buds of May,",
        "And summer's lease hath all too short a date:",
    ]
}

/// The golden values of reference_outputs.json (written by the unmodified numpy forward pass).
struct ReferenceOutputs {
    struct Case { let input: String; let tokens: [Int]; let logits: [Double]; let argmax: Int }
    let cases: [Case]
    let greedy200: String

    static func load() throws -> ReferenceOutputs {
        let data = try Data(contentsOf: URL(fileURLWithPath: try Fixtures.sonnetFile("reference_outputs.json")))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var cases: [Case] = []
        for key in ["\n", "\nTo be or not to be", "ROMEO:\nWhat light"] {
            // Keys are Python reprs of the inputs: '\\n' for "\n".
            let reprKey = "'" + key.replacingOccurrences(of: "\n", with: "\\n") + "'"
            let entry = try #require(json[reprKey] as? [String: Any], "reference_outputs.json lacks \(reprKey)")
            cases.append(Case(
                input: key, tokens: try #require(entry["tokens"] as? [Int]),
                logits: try #require(entry["last_logits"] as? [Double]), argmax: try #require(entry["argmax"] as? Int)))
        }
        return ReferenceOutputs(cases: cases, greedy200: try #require(json["greedy_200_from_newline"] as? String))
    }
}
