import Foundation
import Testing

/// Paths and scratch folders for the runner, manifest, export and chart tests.
///
/// (The metrics tests' `Fixtures.swift` finds the shared Leo data; this file finds the repository's
/// own `Experiments/` and makes temporary folders.)
enum RunnerFixtures {
    /// The package root: the folder holding Package.swift, found from this file's path.
    static var repositoryRoot: URL {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
            url.deleteLastPathComponent()
        }
        fatalError("Package.swift not found above \(#filePath)")
    }

    static var experimentsDirectory: URL { repositoryRoot.appendingPathComponent("Experiments") }

    /// Shared data folder: `HARMONIX_SHARED_DATA` or root/../shared/data.
    static var sharedData: URL {
        if let override = ProcessInfo.processInfo.environment["HARMONIX_SHARED_DATA"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data").standardizedFileURL
    }

    /// A fresh, empty temporary folder unique to one test.
    static func temporaryDirectory(_ label: String = "harness") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` to `name` inside `directory` and returns its path.
    @discardableResult
    static func write(_ text: String, to name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}
