import Foundation

/// A peer program run once per measured round (a Python script in a virtual environment). The
/// peer times itself and prints JSON lines; process start-up and imports stay outside its figures.
public struct PeerProcess: Sendable {
    /// Shown in errors and progress ("llama.cpp", "numpy peer", "original Sonnet").
    public var name: String
    public var python: String
    public var script: String
    /// The script that makes `python`'s environment, named when it is missing.
    public var setupScript: String
    public var environment: [String: String]
    public var unsetVariables: [String]

    public init(name: String, python: String, script: String, setupScript: String,
                environment: [String: String] = [:], unsetVariables: [String] = []) {
        self.name = name
        self.python = python
        self.script = script
        self.setupScript = setupScript
        self.environment = environment
        self.unsetVariables = unsetVariables
    }

    /// Fails early, before anything is timed, with what to run to fix it.
    public func requireAvailable() throws {
        if python.contains("/") {
            guard FileManager.default.isExecutableFile(atPath: python) else {
                throw BenchError.peerMissing(name: name, what: "Python \(python)", setup: setupScript)
            }
        }
        guard FileManager.default.fileExists(atPath: script) else {
            throw BenchError.peerMissing(name: name, what: "script \(script)", setup: setupScript)
        }
    }

    /// Runs the script with `arguments` and returns the last stdout line that is a JSON object.
    public func run(_ arguments: [String]) throws -> [String: Any] {
        let process = Process()
        if python.contains("/") {
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = [script] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [python, script] + arguments
        }
        var env = ProcessInfo.processInfo.environment
        for name in unsetVariables { env.removeValue(forKey: name) }
        env.merge(environment) { _, new in new }
        process.environment = env
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch {
            throw BenchError.peerFailed(name: name, status: -1, detail: "\(error)")
        }
        // Read both pipes to the end before waiting, so a chatty peer cannot block on a full pipe.
        let errorData = ReadAll(errors.fileHandleForReading)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = errorData.wait()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let tail = errorText.split(separator: "\n").suffix(5).joined(separator: "\n")
            throw BenchError.peerFailed(name: name, status: Int(process.terminationStatus), detail: tail)
        }
        guard let object = PeerProcess.lastJSONObject(in: String(decoding: data, as: UTF8.self)) else {
            throw BenchError.peerOutput(name: name, detail: "no JSON object on its last lines")
        }
        return object
    }

    /// The last line of `text` that parses as a JSON object.
    public static func lastJSONObject(in text: String) -> [String: Any]? {
        for line in text.split(separator: "\n").reversed() where line.hasPrefix("{") {
            if let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] { return object }
        }
        return nil
    }

    /// A number field of a peer's JSON, or a clear error naming the field.
    public func number(_ object: [String: Any], _ key: String) throws -> Double {
        guard let value = object[key] as? Double ?? (object[key] as? Int).map(Double.init) else {
            throw BenchError.peerOutput(name: name, detail: "no number '\(key)' in its JSON")
        }
        return value
    }

    /// An array-of-numbers field of a peer's JSON, non-empty.
    public func numbers(_ object: [String: Any], _ key: String) throws -> [Double] {
        guard let values = object[key] as? [Double], !values.isEmpty else {
            throw BenchError.peerOutput(name: name, detail: "no non-empty list '\(key)' in its JSON")
        }
        return values
    }
}

/// Drains a pipe on a background thread (stderr of a peer) while the caller reads stdout.
private final class ReadAll: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}

/// Why a bench could not measure.
public enum BenchError: Error, Equatable, CustomStringConvertible {
    case peerMissing(name: String, what: String, setup: String)
    case peerFailed(name: String, status: Int, detail: String)
    case peerOutput(name: String, detail: String)
    case invalidSetting(String)

    public var description: String {
        switch self {
        case .peerMissing(let name, let what, let setup):
            return "The \(name) peer is missing: \(what) not found - while preparing the benchmark. "
                + "Run \(setup) (from the package root), or skip that peer with the bench's --skip option."
        case .peerFailed(let name, let status, let detail):
            return "The \(name) peer failed (exit status \(status)) - while timing it. Its last error lines:\n\(detail)"
        case .peerOutput(let name, let detail):
            return "The \(name) peer printed an unexpected result: \(detail) - while reading its figures."
        case .invalidSetting(let message):
            return message
        }
    }
}
