import Foundation
import Testing
@testable import Harness

/// Where the harness tests find their inputs: shared data outside the repository, and the built
/// `harmonix` binary.
enum Fixtures {

    /// Why a fixture is unavailable (the test then fails with this message).
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    /// The package root: the folder holding Package.swift, found upward from this file.
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url
            }
            url.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    }()

    /// `root/../shared/data`, or `$HARMONIX_SHARED_DATA` when set.
    static var sharedData: URL {
        if let override = ProcessInfo.processInfo.environment["HARMONIX_SHARED_DATA"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    }

    /// A file under the shared data folder, which must exist.
    static func sharedFile(_ relativePath: String) throws -> URL {
        let url = sharedData.appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw Missing(description: "Shared data file missing: \(url.path) - while loading a test fixture. Put the shared data at ../shared/data next to the package or set HARMONIX_SHARED_DATA.")
        }
        return url
    }

    /// The three Dec 31 sync runs (V3), in run order.
    static let syncTranscriptNames = [
        "HEYLEOGPT_RUN_20251231_133752.md",
        "HEYLEOGPT_RUN_20251231_134056.md",
        "HEYLEOGPT_RUN_20251231_134355.md",
    ]
    /// Async run A (V4).
    static let asyncTranscriptName = "ASYNC_HEYLEOGPT_RUN_20251231_143740.json"

    static func leoTranscript(_ name: String) throws -> LeoTranscript {
        try LeoTranscript.load(path: try sharedFile("leo/\(name)").path)
    }

    static func syncTranscripts() throws -> [LeoTranscript] {
        try syncTranscriptNames.map(leoTranscript)
    }

    /// The built `harmonix` executable in the build products folder that holds this test bundle
    /// (`$HARMONIX_BINARY` overrides).
    static func harmonixBinary() throws -> URL {
        if let override = ProcessInfo.processInfo.environment["HARMONIX_BINARY"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        var folders: [URL] = []
        // Linux: the test bundle is an executable in the products folder.
        folders.append(URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent())
        if let exe = Bundle.main.executableURL { folders.append(exe.deletingLastPathComponent()) }
        // macOS: <products>/X.xctest/Contents/MacOS/X; walk up out of the bundle.
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            folders.append(bundle.bundleURL.deletingLastPathComponent())
        }
        for folder in folders {
            let binary = folder.appendingPathComponent("harmonix")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: binary.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return binary
            }
        }
        throw Missing(description: "harmonix binary not found next to the test bundle (looked in \(folders.map(\.path))) - while locating the built executable. Build it with the tests (`swift build --build-tests` builds every product) or set HARMONIX_BINARY.")
    }

    /// Runs the binary to completion; returns exit status, stdout and stderr. Output goes through
    /// temporary files, so a chatty child can never block on a full pipe.
    /// `environment` nil inherits this process's environment.
    static func run(_ binary: URL, _ arguments: [String], environment: [String: String]? = nil,
                    in workingDirectory: URL? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outURL = dir.appendingPathComponent("stdout"), errURL = dir.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let workingDirectory { process.currentDirectoryURL = workingDirectory }
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close(); try err.close()
        return (process.terminationStatus,
                try String(contentsOf: outURL, encoding: .utf8), try String(contentsOf: errURL, encoding: .utf8))
    }

    /// A fresh temporary directory, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("harness-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}
