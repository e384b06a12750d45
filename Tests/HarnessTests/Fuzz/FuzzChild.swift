import Foundation
import Testing

/// Runs `harmonix` on mutants in child processes under an address-space limit
/// (`setrlimit(RLIMIT_AS)`, set by the shell's `ulimit -v` just before `exec`), and judges how each
/// one ended: a named error (exit 1 or the command's documented code, a clear message on stderr)
/// or a correct result, never a signal, a hang, a Swift runtime trap or a raw Foundation error.
enum FuzzChild {
    /// Address-space bound of a child: harmonix validates ci.yaml and checks the CI baseline in
    /// under 256 MiB of address space (measured), so this is twice what a correct run needs; the
    /// unbounded allocations of issue 12 (2.2 GB after 20 s) die against it.
    static let addressSpaceKiB = 512 * 1024
    /// A child still running after this is a hang.
    static let timeout: TimeInterval = 60

    struct Outcome: Sendable {
        var label: String
        var status: Int32
        var signalled: Bool
        var timedOut: Bool
        var stdout: String
        var stderr: String
    }

    static func run(_ binary: URL, _ arguments: [String], label: String, in directory: URL,
                    timeout: TimeInterval = FuzzChild.timeout) throws -> Outcome {
        let out = directory.appendingPathComponent("\(label).out"), err = directory.appendingPathComponent("\(label).err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "ulimit -v \(addressSpaceKiB) && exec \"$0\" \"$@\"", binary.path] + arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["CI"] = "true"
        environment["PATH"] = "/nonexistent"   // no gnuplot: `chart` writes its scripts and warns once
        process.environment = environment
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                kill(process.processIdentifier, SIGKILL)
                break
            }
            usleep(2000)
        }
        process.waitUntilExit()
        try outHandle.close(); try errHandle.close()
        let stdout = (try? String(contentsOf: out, encoding: .utf8)) ?? "<stdout not UTF-8>"
        let stderr = (try? String(contentsOf: err, encoding: .utf8)) ?? "<stderr not UTF-8>"
        try? FileManager.default.removeItem(at: out)
        try? FileManager.default.removeItem(at: err)
        return Outcome(label: label, status: process.terminationStatus,
                       signalled: process.terminationReason == .uncaughtSignal, timedOut: timedOut,
                       stdout: stdout, stderr: stderr)
    }

    /// Why `outcome` is not a named error or a result; nil when it is one. `allowed` lists the exit
    /// codes the command documents.
    static func problem(_ outcome: Outcome, allowed: Set<Int32>) -> String? {
        if outcome.timedOut { return "hang" }
        if outcome.signalled { return "killed by signal \(outcome.status)" }
        guard allowed.contains(outcome.status) else { return "exit \(outcome.status) (allowed \(allowed.sorted()))" }
        for marker in ["Fatal error", "NSCocoaErrorDomain", "YAML syntax error: YAML syntax error", "Illegal instruction",
                       "Stack dump", "Swift runtime failure"]
        where outcome.stderr.contains(marker) || outcome.stdout.contains(marker) {
            return "output holds '\(marker)'"
        }
        // `check`'s regression (exit 2) is a result: its table on stdout says so.
        if outcome.status == 2 { return outcome.stdout.contains("Result: REGRESSION") ? nil : "exit 2 without a verdict" }
        if outcome.status != 0 {
            let first = outcome.stderr.split(separator: "\n").first.map(String.init) ?? ""
            if first.trimmingCharacters(in: .whitespaces).isEmpty { return "failed without a message" }
            if first.count > 2000 { return "error line of \(first.count) characters" }
        }
        return nil
    }

    /// Runs `count` mutants, two at a time (the CI machines have two cores), and returns the
    /// failures as "label: problem — first stderr line".
    static func campaign(count: Int, make: @escaping @Sendable (Int, URL) throws -> (label: String, arguments: [String]),
                         allowed: Set<Int32>, directory: URL) throws -> (failures: [String], statuses: [Int32: Int]) {
        let binary = try Fixtures.harmonixBinary()
        let lock = NSLock()
        nonisolated(unsafe) var failures: [String] = []
        nonisolated(unsafe) var statuses: [Int32: Int] = [:]
        nonisolated(unsafe) var errors: [String] = []
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            for index in stride(from: worker, to: count, by: 2) {
                do {
                    let (label, arguments) = try make(index, directory)
                    let outcome = try run(binary, arguments, label: label, in: directory)
                    let problem = problem(outcome, allowed: allowed)
                    lock.lock()
                    statuses[outcome.status, default: 0] += 1
                    if let problem {
                        let line = outcome.stderr.split(separator: "\n").first.map(String.init) ?? ""
                        failures.append("\(label): \(problem) — \(line.prefix(300))")
                    }
                    lock.unlock()
                } catch {
                    lock.lock(); errors.append("mutant \(index): \(error)"); lock.unlock()
                }
            }
        }
        return (failures + errors, statuses)
    }
}
