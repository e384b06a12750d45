import Dispatch
import Foundation
import HarmonixCore
import Testing

/// The machinery of the model-reader fuzz tests (`GGUFFuzzTests`, `NpzFuzzTests`): seeded mutants of a
/// model file, each loaded by the `ModelProbe` helper in a child process under `setrlimit(RLIMIT_AS)`,
/// and the verdict on how the child ended.
///
/// The npz suite lives in this target too: to the test the npz is only bytes handed to the child, and
/// the child harness has one home.
enum ModelFuzz {
    /// One mutated file. `preservesContent`: the mutation touches only bytes the format does not use
    /// for the model (padding, ZIP timestamps), so a load must give the original's result.
    struct Mutant {
        var name: String
        var bytes: [UInt8]
        var kind: Kind
        enum Kind: String, CaseIterable { case truncation, bitFlip, extremeField, preserving }
    }

    /// How a child ended.
    enum Outcome: Equatable {
        /// Exit 0 with its one stdout line.
        case loaded(String)
        /// Exit 1 with a one-line message on stderr.
        case refused(String)
        /// A signal, a hang, another exit code or a message that is not one line: a defect.
        case defect(String)
    }

    /// A field of the original file: where it is and how wide (2, 4 or 8 bytes).
    struct Field {
        var offset: Int
        var width: Int
    }

    /// The extreme values a size, count, offset or type field is set to.
    static func extremes(width: Int) -> [UInt64] {
        switch width {
        case 2: return [0, 1, 0x7FFF, 0x8000, 0xFFFF]
        case 4: return [0, 1, 0x7FFF_FFFF, 1 << 31, 0xFFFF_FFFF, 0x7FC0_0000 /* f32 NaN */, 0x7F80_0000 /* +inf */, 0xBF80_0000 /* -1.0 */]
        default: return [0, 1, 1 << 31, 1 << 32, 1 << 40, 1 << 62, 1 << 63, UInt64.max, UInt64.max - 7]
        }
    }

    /// `count` truncations (half inside `focus`, half anywhere), `count` flips of 1–3 bits (same split),
    /// `count` extreme values written into `fields`.
    static func mutants(of original: [UInt8], fields: [Field], focus: Range<Int>, count: Int, seed: UInt64) -> [Mutant] {
        var rng = SeededGenerator(seed: seed)
        func offset(_ i: Int) -> Int {
            i % 2 == 0 && !focus.isEmpty ? focus.lowerBound + rng.nextInt(below: focus.count) : rng.nextInt(below: original.count)
        }
        var out: [Mutant] = []
        for i in 0..<count {
            let cut = offset(i)
            out.append(Mutant(name: "truncated to \(cut) bytes", bytes: Array(original.prefix(cut)), kind: .truncation))
        }
        for i in 0..<count {
            var b = original
            var flips: [String] = []
            for _ in 0..<(1 + rng.nextInt(below: 3)) {
                let at = offset(i), bit = rng.nextInt(below: 8)
                b[at] ^= UInt8(1 << bit)
                flips.append("\(at).\(bit)")
            }
            out.append(Mutant(name: "bits flipped at \(flips.joined(separator: ", "))", bytes: b, kind: .bitFlip))
        }
        for _ in 0..<count where !fields.isEmpty {
            let field = fields[rng.nextInt(below: fields.count)]
            let values = extremes(width: field.width)
            let value = values[rng.nextInt(below: values.count)]
            var b = original
            for k in 0..<field.width { b[field.offset + k] = UInt8(truncatingIfNeeded: value >> (8 * k)) }
            out.append(Mutant(name: "field at \(field.offset) (\(field.width) bytes) set to 0x\(String(value, radix: 16))",
                              bytes: b, kind: .extremeField))
        }
        return out
    }

    /// The `ModelProbe` executable built next to this test bundle (`$HARMONIX_MODEL_PROBE` overrides).
    static func probeBinary() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["HARMONIX_MODEL_PROBE"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        var folders = [URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()]
        if let exe = Bundle.main.executableURL { folders.append(exe.deletingLastPathComponent()) }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            folders.append(bundle.bundleURL.deletingLastPathComponent())
        }
        for folder in folders {
            let url = folder.appendingPathComponent("ModelProbe")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw ProbeMissing(description: "ModelProbe not found next to the test bundle (looked in \(folders.map(\.path))) - while starting the fuzz children. `swift build --build-tests` builds it, or set HARMONIX_MODEL_PROBE.")
    }

    struct ProbeMissing: Error, CustomStringConvertible { let description: String }

    /// Runs the probe on `path` with an address-space limit; a child still running after `timeout`
    /// seconds is killed and reported as a defect.
    static func probe(_ binary: URL, format: String, path: String, addressSpaceMiB: Int, timeout: Double = 60) -> Outcome {
        let dir = FileManager.default.temporaryDirectory
        let tag = UUID().uuidString
        let outURL = dir.appendingPathComponent("probe-\(tag).out"), errURL = dir.appendingPathComponent("probe-\(tag).err")
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        guard let out = try? FileHandle(forWritingTo: outURL), let err = try? FileHandle(forWritingTo: errURL) else {
            return .defect("cannot create the child's output files in \(dir.path)")
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = [format, path, "--address-space-mib", String(addressSpaceMiB), "--cpu-seconds", "30"]
        process.standardOutput = out
        process.standardError = err
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        do { try process.run() } catch { return .defect("cannot start \(binary.path): \(error)") }
        let finished = done.wait(timeout: .now() + timeout) == .success
        if !finished {
            process.terminate()
            done.wait()
        }
        try? out.close()
        try? err.close()
        let stdout = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        if !finished { return .defect("still running after \(Int(timeout)) s") }
        if process.terminationReason == .uncaughtSignal {
            return .defect("signal \(process.terminationStatus): \(stderr.suffix(400))")
        }
        let lines = { (s: String) in s.split(separator: "\n", omittingEmptySubsequences: true) }
        switch process.terminationStatus {
        case 0 where lines(stdout).count == 1: return .loaded(String(lines(stdout)[0]))
        case 1 where lines(stderr).count == 1: return .refused(String(lines(stderr)[0]))
        default: return .defect("exit \(process.terminationStatus), stdout \(stdout.prefix(200)), stderr \(stderr.suffix(400))")
        }
    }

    /// Writes every mutant to a temporary file and probes it, two children at a time.
    static func probeAll(_ mutants: [Mutant], format: String, addressSpaceMiB: Int) throws -> [Outcome] {
        let binary = try probeBinary()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("model-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let results = ResultBox(count: mutants.count)
        let next = NextIndex()
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            while let i = next.take(below: mutants.count) {
                let path = dir.appendingPathComponent("\(i).\(format)").path
                let outcome: Outcome
                if FileManager.default.createFile(atPath: path, contents: Data(mutants[i].bytes)) {
                    outcome = probe(binary, format: format, path: path, addressSpaceMiB: addressSpaceMiB)
                } else {
                    outcome = .defect("cannot write \(path)")
                }
                try? FileManager.default.removeItem(atPath: path)
                results.set(i, outcome)
            }
        }
        return results.values
    }

    /// Counts per mutation kind and outcome, for the test log (and the issue's closing note).
    static func summary(_ mutants: [Mutant], _ outcomes: [Outcome]) -> String {
        var counts: [String: Int] = [:]
        for (m, o) in zip(mutants, outcomes) {
            let verdict: String
            switch o {
            case .loaded: verdict = "loaded"
            case .refused: verdict = "refused"
            case .defect: verdict = "DEFECT"
            }
            counts["\(m.kind.rawValue) \(verdict)", default: 0] += 1
        }
        return "\(mutants.count) mutants: " + counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }

    private final class ResultBox: @unchecked Sendable {
        private let lock = NSLock()
        private var storage: [Outcome]
        init(count: Int) { storage = Array(repeating: .defect("not run"), count: count) }
        func set(_ i: Int, _ o: Outcome) { lock.withLock { storage[i] = o } }
        var values: [Outcome] { lock.withLock { storage } }
    }

    private final class NextIndex: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        func take(below n: Int) -> Int? {
            lock.withLock {
                guard next < n else { return nil }
                next += 1
                return next - 1
            }
        }
    }
}
