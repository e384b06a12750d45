import Foundation
import Testing
@testable import Harness

/// Issue 12, item 6: seeded mutants of a manifest, a `turns.csv` and a field database, each fed to
/// `harmonix` in a child process under an address-space limit. Every mutant must end in a named
/// error or a correct result (``FuzzChild/problem(_:allowed:)``). The seeds are fixed: a failure
/// names the mutant (format, index, kind), which the same seed rebuilds.
@Suite("Fuzz: manifests, turns.csv, field databases", .serialized)
struct InputFuzzTests {
    /// Mutants per format: several hundred, about a minute per format on a loaded 2-core machine.
    static let mutants = 300

    static func scratch(_ label: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func kind(_ index: Int) -> Mutator.Kind { Mutator.Kind.allCases[index % Mutator.Kind.allCases.count] }

    /// A shipped manifest with its relative paths made absolute (the mutant lives elsewhere).
    static func manifestBytes(_ name: String) throws -> [UInt8] {
        let experiments = RunnerFixtures.experimentsDirectory.path
        let text = try String(contentsOfFile: "\(experiments)/\(name)", encoding: .utf8)
            .replacingOccurrences(of: "file: prompts/", with: "file: \(experiments)/prompts/")
        return Array(text.utf8)
    }

    static func report(_ format: String, _ result: (failures: [String], statuses: [Int32: Int])) {
        let statuses = result.statuses.sorted { $0.key < $1.key }.map { "exit \($0.key): \($0.value)" }.joined(separator: ", ")
        print("fuzz \(format): \(mutants) mutants, \(statuses), \(result.failures.count) failures")
        for failure in result.failures.prefix(30) { print("  \(failure)") }
    }

    @Test("Manifest mutants (ci.yaml, smoke.yaml) through validate")
    func manifests() throws {
        let dir = try Self.scratch("manifest")
        defer { try? FileManager.default.removeItem(at: dir) }
        let sources = [("ci", try Self.manifestBytes("ci.yaml")), ("smoke", try Self.manifestBytes("smoke.yaml"))]
        let result = try FuzzChild.campaign(count: Self.mutants, make: { index, dir in
            let (name, bytes) = sources[index % 2]
            let kind = Self.kind(index / 2)
            var mutator = Mutator(seed: 0x4D41_0000 + UInt64(index))
            let path = dir.appendingPathComponent("m\(index).yaml")
            try Data(mutator.mutate(bytes, kind: kind)).write(to: path)
            return ("manifest \(name) #\(index) \(kind.rawValue)", ["validate", path.path])
        }, allowed: [0, 1], directory: dir)
        Self.report("manifest", result)
        #expect(result.failures.isEmpty, "\(result.failures.prefix(10).joined(separator: "\n"))")
        #expect(result.statuses.values.reduce(0, +) == Self.mutants)
        #expect((result.statuses[1] ?? 0) > 0)   // the mutations do break manifests
    }

    @Test("turns.csv mutants (the CI baseline's) through check and chart")
    func turnsCSV() throws {
        let dir = try Self.scratch("turns")
        defer { try? FileManager.default.removeItem(at: dir) }
        let baseline = RunnerFixtures.repositoryRoot.appendingPathComponent("Results/baseline/ci")
        let bytes = Array(try Data(contentsOf: baseline.appendingPathComponent("turns.csv")))
        let runJSON = try Data(contentsOf: baseline.appendingPathComponent("run.json"))
        let result = try FuzzChild.campaign(count: Self.mutants, make: { index, dir in
            let kind = Self.kind(index / 2)
            var mutator = Mutator(seed: 0x5453_0000 + UInt64(index))
            let run = dir.appendingPathComponent("run\(index)")
            try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
            try Data(mutator.mutate(bytes, kind: kind)).write(to: run.appendingPathComponent("turns.csv"))
            try runJSON.write(to: run.appendingPathComponent("run.json"))
            return index % 2 == 0
                ? ("turns.csv check #\(index) \(kind.rawValue)", ["check", run.path, "--baseline", baseline.path])
                : ("turns.csv chart #\(index) \(kind.rawValue)", ["chart", run.path])
        }, allowed: [0, 1, 2], directory: dir)
        Self.report("turns.csv", result)
        #expect(result.failures.isEmpty, "\(result.failures.prefix(10).joined(separator: "\n"))")
        #expect((result.statuses[1] ?? 0) > 0)
    }

    @Test("Field database mutants (sonnets.db, prose.db) through validate's field check")
    func fieldDatabases() throws {
        let dir = try Self.scratch("field")
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = RunnerFixtures.sharedData
        let sources = [("sonnet", Array(try Data(contentsOf: data.appendingPathComponent("sonnet/sonnets.db")))),
                       ("prose", Array(try Data(contentsOf: data.appendingPathComponent("prose/prose.db"))))]
        let result = try FuzzChild.campaign(count: Self.mutants, make: { index, dir in
            let (organism, bytes) = sources[index % 2]
            let kind = Self.kind(index / 2)
            var mutator = Mutator(seed: 0x4442_0000 + UInt64(index))
            let db = dir.appendingPathComponent("f\(index).db")
            try Data(mutator.mutate(bytes, kind: kind, sqlite: true)).write(to: db)
            let manifest = """
                name: fuzz
                seed: 1
                warmup: 0
                modes: [sync]
                organisms:
                  \(organism): {field: {copy: \(db.path)}}
                prompts:
                  - topic: t
                    prompts: [what is resonance]

                """
            let path = dir.appendingPathComponent("m\(index).yaml")
            try Data(manifest.utf8).write(to: path)
            return ("\(organism).db #\(index) \(kind.rawValue)", ["validate", path.path])
        }, allowed: [0, 1], directory: dir)
        Self.report("field db", result)
        #expect(result.failures.isEmpty, "\(result.failures.prefix(10).joined(separator: "\n"))")
        #expect((result.statuses[1] ?? 0) > 0)
        #expect((result.statuses[0] ?? 0) > 0)   // some mutants stay valid databases
    }
}
