import Cascade
import Foundation
import Testing
@testable import Harness

/// Issue 12: `check` refuses to pass on what it could not compare; usage errors follow README's
/// exit-code table (0 ok, 1 error).
@Suite("check refuses what it cannot compare; usage errors exit 1")
struct CheckRefusalTests {
    static var baselinePath: String {
        RunnerFixtures.repositoryRoot.appendingPathComponent("Results/baseline/ci").path
    }

    func expectUnusable(_ baseline: BaselineRun, _ current: BaselineRun, mentioning words: [String]) {
        do {
            let check = try RunCheck.run(current: current, baseline: baseline)
            Issue.record("check judged (\(check.qualityDifferences.count) differences) instead of refusing")
        } catch let error as CheckError {
            guard case .unusable = error else { Issue.record("wrong error \(error)"); return }
            for word in words { #expect(error.description.contains(word), "\(word) in \(error.description)") }
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("A baseline without external_vocab_v4 is an error, not '0 differences'")
    func missingColumn() throws {
        let full = try BaselineRun.load(Self.baselinePath)
        #expect(full.variants.contains(.v4))
        var thin = full
        thin.variants.removeAll { $0 == .v4 }
        for i in thin.rows.indices { thin.rows[i].externalVocab[.v4] = nil }
        expectUnusable(thin, full, mentioning: ["baseline", "external_vocab_v4"])
        expectUnusable(full, thin, mentioning: ["the run", "external_vocab_v4"])
        #expect(try RunCheck.run(current: full, baseline: full).qualityDifferences.isEmpty)
    }

    @Test("Duplicated row keys are an error with their count")
    func duplicatedRows() throws {
        let full = try BaselineRun.load(Self.baselinePath)
        var doubled = full
        doubled.rows += [full.rows[5], full.rows[5], full.rows[9]]
        expectUnusable(doubled, full, mentioning: ["2 duplicated row key(s)", "3 extra row(s)"])
    }

    @Test("NaN or negative latencies are an error with their count")
    func badLatencies() throws {
        let full = try BaselineRun.load(Self.baselinePath)
        var broken = full
        broken.rows[7].latencySeconds = .nan
        broken.rows[8].latencySeconds = -1
        expectUnusable(full, broken, mentioning: ["the run", "2 row(s) whose latency_ms"])
    }

    @Test("Usage errors exit 1 (README), and '--seed -1' is named as a negative seed")
    func usageExitCodes() throws {
        let binary = try Fixtures.harmonixBinary()
        let missing = try Fixtures.run(binary, ["check"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("Missing expected argument"))
        let unknown = try Fixtures.run(binary, ["validate", "--no-such-option", "x.yaml"])
        #expect(unknown.status == 1)
        let seed = try Fixtures.run(binary, ["haiku", "--prompt", "hello there", "--seed", "-1"])
        #expect(seed.status == 1)
        #expect(!seed.stderr.contains("Missing value"))
        #expect(seed.stderr.contains("'-1'") && seed.stderr.contains("--seed"))
        #expect(try Fixtures.run(binary, ["--help"]).status == 0)
    }
}
