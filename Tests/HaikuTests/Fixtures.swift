import Foundation
import GRDB
import HarmonixCore
import Testing
@testable import Haiku

/// Shared data and temporary databases for the HAiKU tests.
///
/// Data lives outside the repository: root/../shared/data (root = the folder holding
/// Package.swift, found from this file), or `HARMONIX_SHARED_DATA` when set.
enum Fixtures {
    struct MissingFixture: Error, CustomStringConvertible {
        let path: String
        var description: String {
            "Test fixture not found: \(path) - while loading HAiKU test data. "
                + "Put the shared data at ../shared/data next to the package or set HARMONIX_SHARED_DATA."
        }
    }

    static var repositoryRoot: URL {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
            dir = dir.deletingLastPathComponent()
        }
        preconditionFailure("No Package.swift above \(#filePath)")
    }

    static var sharedData: URL {
        if let env = ProcessInfo.processInfo.environment["HARMONIX_SHARED_DATA"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    }

    /// A file under the shared data folder; throws a clear error when it is missing.
    static func file(_ relative: String) throws -> URL {
        let url = sharedData.appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else { throw MissingFixture(path: url.path) }
        return url
    }

    /// The 587-entry ordered seed list.
    static func seedWords() throws -> [String] {
        try SeedWords.read(path: try file("haiku/seed_words.txt").path)
    }

    /// (word, syllables) rows of syllables_reference.tsv, header skipped.
    static func syllableReference() throws -> [(String, Int)] {
        let text = try String(contentsOf: try file("haiku/syllables_reference.tsv"), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count == 2, let n = Int(parts[1].trimmingCharacters(in: .whitespaces)) else { return nil }
            return (String(parts[0]), n)
        }
    }
}

/// A fresh temporary folder, removed by ``remove()``.
struct TemporaryFolder {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("haiku-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var databasePath: String { url.appendingPathComponent("cloud.db").path }
    var shards: URL { url.appendingPathComponent("shards") }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// A field on its own temporary on-disk database, seeded with `seedWords` (none by default, so
/// the word counts of the original's field tests hold).
func makeField(seedWords: [String] = [], in folder: TemporaryFolder,
               clock: HaikuClock = .stepping(), dreamBootstrap: [String] = []) throws -> HaikuField {
    try HaikuField(database: try FieldDatabase.open(path: folder.databasePath), seedWords: seedWords, clock: clock,
                   shardsDirectory: folder.shards, dreamBootstrap: dreamBootstrap)
}

/// An organism on its own temporary database with the full seed list and a stepping clock.
func makeOrganism(in folder: TemporaryFolder, configure: (inout HaikuOptions) -> Void = { _ in }) throws -> HaikuOrganism {
    var options = HaikuOptions()
    options.clock = .stepping()
    options.shardsDirectory = folder.shards
    configure(&options)
    return try HaikuOrganism(seedWords: try Fixtures.seedWords(), databasePath: folder.databasePath, options: options)
}

func tri(_ a: String, _ b: String, _ c: String) -> Trigram { Trigram(a, b, c) }
