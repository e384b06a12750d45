import Foundation

/// Runs a child process with a timeout, capturing its output (gnuplot, `git rev-parse`).
enum ChildProcess {
    struct Outcome: Sendable {
        var status: Int32
        var standardOutput: String
        var standardError: String
        var timedOut: Bool
    }

    enum Failure: Error {
        /// The executable could not be found or started.
        case notLaunched(String)
    }

    /// Runs `executable` (a name looked up through `/usr/bin/env`, or an absolute path) with
    /// `arguments` in `directory`, killing it after `timeout` seconds.
    static func run(_ executable: String, arguments: [String], in directory: String? = nil,
                    timeout: TimeInterval) throws -> Outcome {
        let process = Process()
        if executable.hasPrefix("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            throw Failure.notLaunched("\(error.localizedDescription)")
        }
        // Drain the pipes while waiting so a chatty child never blocks on a full pipe.
        let outData = LockedData(), errData = LockedData()
        let group = DispatchGroup()
        for (pipe, sink) in [(out, outData), (err, errData)] {
            group.enter()
            DispatchQueue.global().async {
                sink.set(pipe.fileHandleForReading.readDataToEndOfFile())
                group.leave()
            }
        }
        var timedOut = false
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            if finished.wait(timeout: .now() + 2) == .timedOut { kill(process.processIdentifier, SIGKILL); finished.wait() }
        }
        group.wait()
        return Outcome(status: process.terminationStatus,
                       standardOutput: String(decoding: outData.get(), as: UTF8.self),
                       standardError: String(decoding: errData.get(), as: UTF8.self), timedOut: timedOut)
    }
}

/// A `Data` box shared between the pipe readers and the waiting thread.
private final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data { lock.withLock { data } }
}
