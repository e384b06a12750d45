import ArgumentParser
import Foundation
import Harness

/// `harmonix stress MANIFEST --cascades N --in-flight K`: overlapping cascades over shared fields.
struct StressCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stress",
        abstract: "Run N cascades with K in flight over shared fields; check the field invariants; measure throughput.",
        discussion: """
            Cascades cycle through the manifest's prompts (after its filter) and modes; each mode has one \
            shared set of fields. An observer reads the fields meanwhile. Then it prints one row per \
            invariant (counts conserved, units whole, units whole (observer), linearizable, progress) with \
            checked and violations, a `violations N` line, and throughput (cascades/min) with p50/p90 \
            latency at K and at K = 1 (fresh fields, same cascades, same command). With --repeat R the two \
            phases run R times in alternating order, each on fresh fields, and the throughput of each K and \
            their ratio (paired per round) are given as median [min, max].

            Exit codes: 0 no violation; 1 error (bad manifest or option, a cascade stalled); 3 violations.
            """
    )

    @Argument(help: "The experiment manifest, e.g. Experiments/ci.yaml.")
    var manifest: String
    @Option(help: "Cascades per K.")
    var cascades: Int = 60
    @Option(name: .customLong("in-flight"), help: "Cascades in flight at once (K).")
    var inFlight: Int = 10
    @Option(help: "Experiment seed (default: the manifest's).")
    var seed: UInt64?
    @Option(help: ArgumentHelp("Leave the fields in this folder (<dir>/k<K>/<mode>/).", valueName: "dir"))
    var keep: String?
    @Option(help: "Seconds a cascade may take (default: 300 at K = 1, then max(60, 4·K·p90 at K = 1)).")
    var bound: Double?
    @Option(name: .customLong("repeat"), help: "Rounds of the K and K = 1 phases, alternating their order (each figure then gets a range).")
    var rounds: Int = 1

    func run() async throws {
        let loaded = try ManifestLoader.load(path: manifest)
        var options = StressOptions(cascades: cascades, inFlight: inFlight, seed: seed, keepDirectory: keep, bound: bound)
        options.rounds = rounds
        let runner = StressRunner(manifest: loaded, options: options)
        let report: StressReport
        do {
            report = try await runner.run { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
        for line in report.lines(manifestPath: manifest, cascades: cascades, modes: loaded.modes.map(\.rawValue)) {
            print(line)
        }
        if report.totalViolations > 0 { throw ExitCode(3) }
    }
}
