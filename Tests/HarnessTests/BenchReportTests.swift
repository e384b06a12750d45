import Foundation
import Testing
@testable import Harness

/// The bench JSON shape, the ratio's direction and interval, and the interleaving order.
@Suite struct BenchReportTests {
    private let machine = BenchMachine(
        facts: MachineFacts(modelName: "Test CPU", family: 25, model: 17, flags: ["avx2", "fma"], clockGHz: 3.3, cores: 2),
        loadBefore: [1.5, 1.0, 0.5], loadAfter: [2.0, 1.2, 0.6])

    // Hand-made sample: the peer takes exactly 3× our time in every round.
    private let ours = [1.0, 2.0, 4.0, 1.5, 3.0]
    private var peer: [Double] { ours.map { $0 * 3 } }

    @Test func timeRatioIsPeerOverOursWithADegenerateIntervalWhenEveryRoundAgrees() throws {
        let r = try BenchRatio.time(peer: peer, ours: ours, bootstrap: Bootstrap(seed: 1, resamples: 500))
        #expect(abs(r.median - 3) < 1e-12)
        #expect(abs(r.lo - 3) < 1e-12 && abs(r.hi - 3) < 1e-12)
        // The rate form (tokens/s: higher is better) is ours / peer.
        let rate = try BenchRatio.rate(ours: peer, peer: ours, bootstrap: Bootstrap(seed: 1, resamples: 500))
        #expect(abs(rate.median - 3) < 1e-12)
        // Swapping the sides turns "ours better" into "ours worse".
        let swapped = try BenchRatio.time(peer: ours, ours: peer, bootstrap: Bootstrap(seed: 1, resamples: 500))
        #expect(abs(swapped.median - 1.0 / 3) < 1e-12)
    }

    @Test func timeRatioIntervalBracketsTheMedianAndIsSeeded() throws {
        // Per-round ratios 2, 2.5, 3, 3.5, 4: median 3, interval inside [2, 4].
        let theirs = zip(ours, [2.0, 2.5, 3.0, 3.5, 4.0]).map { $0 * $1 }
        let a = try BenchRatio.time(peer: theirs, ours: ours, bootstrap: Bootstrap(seed: 9))
        let b = try BenchRatio.time(peer: theirs, ours: ours, bootstrap: Bootstrap(seed: 9))
        #expect(abs(a.median - 3) < 1e-9)
        #expect(a.lo >= 2 - 1e-9 && a.hi <= 4 + 1e-9 && a.lo < a.median && a.median < a.hi)
        #expect(a == b)
    }

    @Test func ratioRefusesUnpairedOrNonPositiveTimes() {
        #expect(throws: StatisticsError.self) { try BenchRatio.time(peer: [1, 2], ours: [1], bootstrap: Bootstrap(seed: 1)) }
        #expect(throws: StatisticsError.self) { try BenchRatio.time(peer: [1, 0], ours: [1, 1], bootstrap: Bootstrap(seed: 1)) }
    }

    @Test func invertedRatioFlipsTheInterval() {
        let r = BenchRatio(median: 0.8, lo: 0.5, hi: 1.0).inverted
        #expect(r.median == 1.25 && r.lo == 1.0 && r.hi == 2.0)
    }

    @Test func sampleSummaryHasMedianQuartilesAndRange() throws {
        let s = try BenchSample([4, 1, 3, 2, 5], unit: "s")
        #expect(s.median == 3 && s.q1 == 2 && s.q3 == 4 && s.min == 1 && s.max == 5)
        #expect(throws: StatisticsError.self) { try BenchSample([], unit: "s") }
    }

    @Test func jsonHasTheIssueShapeAndDecodesBack() throws {
        let bootstrap = Bootstrap(seed: 0x5EED, resamples: 1000)
        let report = BenchReport(
            bench: "sonnet", machine: machine, runs: ours.count, date: "2026-12-05T06:00:00Z", settings: ["chars": "200"],
            ours: ["seconds": .sample(try BenchSample(ours, unit: "s")), "gflops": .number(50), "peak_gflops": .number(100)],
            peer: ["seconds": .sample(try BenchSample(peer, unit: "s"))],
            ratio: ["generation": try .time(peer: peer, ours: ours, bootstrap: bootstrap)])
        let text = try report.json()
        #expect(!text.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        for key in ["bench", "machine", "runs", "ours", "peer", "ratio"] { #expect(object[key] != nil, "missing \(key)") }
        #expect(object["bench"] as? String == "sonnet")
        #expect(object["runs"] as? Int == 5)
        let m = try #require(object["machine"] as? [String: Any])
        #expect(m["cpu"] as? String == "Test CPU")
        #expect(m["flags"] as? [String] == ["avx2", "fma"])
        #expect(m["clock_ghz"] as? Double == 3.3)
        #expect(m["load_before"] as? [Double] == [1.5, 1.0, 0.5])
        #expect(m["load_after"] as? [Double] == [2.0, 1.2, 0.6])
        let ratio = try #require((object["ratio"] as? [String: Any])?["generation"] as? [String: Double])
        #expect(Set(ratio.keys) == ["median", "lo", "hi"])
        // ratio = peer / ours on the hand-made sample.
        let peerMedian = try #require(((object["peer"] as? [String: Any])?["seconds"] as? [String: Any])?["median"] as? Double)
        let ourMedian = try #require(((object["ours"] as? [String: Any])?["seconds"] as? [String: Any])?["median"] as? Double)
        #expect(abs((ratio["median"] ?? 0) - peerMedian / ourMedian) < 1e-12)
        #expect((object["ours"] as? [String: Any])?["gflops"] as? Double == 50)

        let decoded = try JSONDecoder().decode(BenchReport.self, from: Data(text.utf8))
        #expect(decoded == report)
    }

    @Test func noisySamplesOfRepeatedWorkAreWarnedAboutQuietOnesAreNot() throws {
        // The committed Sonnet run (quartiles 0.111–0.121 s, median 0.113: 8.7%) and the busy one of
        // the same stop (0.124–0.170 s, median 0.157: 29%), both 9 rounds.
        let quiet = try BenchSample([0.111057, 0.117814, 0.120396, 0.109055, 0.113025, 0.121692, 0.132141, 0.109481, 0.111266], unit: "s")
        let busy = try BenchSample([0.123648, 0.110495, 0.162824, 0.181564, 0.113730, 0.127838, 0.169667, 0.186942, 0.156805], unit: "s")
        #expect(abs((quiet.relativeSpread ?? 1) - (quiet.q3 - quiet.q1) / quiet.median) < 1e-15)
        #expect((quiet.relativeSpread ?? 1) < BenchReport.noisySpread)
        #expect((busy.relativeSpread ?? 0) > BenchReport.noisySpread)
        #expect(BenchReport.noiseWarnings([("ours", ["seconds": .sample(quiet)])], keys: ["seconds"]).isEmpty)
        let warnings = BenchReport.noiseWarnings([("ours", ["seconds": .sample(quiet)]), ("numpy", ["seconds": .sample(busy)])],
                                                 keys: ["seconds"])
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasPrefix("numpy seconds: quartiles 0.1236–0.1697 s are 29% of the median apart") == true)
        // Keys not named (work that differs per round, e.g. the cascade's per-cell latencies) are not judged.
        #expect(BenchReport.noiseWarnings([("ours", ["seconds": .sample(busy)])], keys: ["turn_seconds"]).isEmpty)
        // A median that is not positive has no relative spread.
        #expect(try BenchSample([0, 0, 1], unit: "s").relativeSpread == nil)

        // In the JSON and the text, and absent when empty.
        let report = BenchReport(bench: "sonnet", machine: machine, runs: 9, ours: ["seconds": .sample(busy)], peer: [:], ratio: [:],
                                 warnings: BenchReport.noiseWarnings([("ours", ["seconds": .sample(busy)])], keys: ["seconds"]))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(try report.json().utf8)) as? [String: Any])
        #expect((object["warnings"] as? [String])?.count == 1)
        #expect(BenchText.lines(report).contains { $0.hasPrefix("  Warning: ours seconds: quartiles") })
        let clean = BenchReport(bench: "sonnet", machine: machine, runs: 9, ours: ["seconds": .sample(quiet)], peer: [:], ratio: [:], warnings: [])
        #expect(!(try clean.json()).contains("warnings"))
        #expect(try JSONDecoder().decode(BenchReport.self, from: Data(try report.json().utf8)) == report)
    }

    @Test func textNamesTheMachineTheLoadAndEveryRatio() throws {
        let report = BenchReport(bench: "haiku", machine: machine, runs: 5, ours: ["turn_seconds": .number(0.003)],
                                 peer: ["turn_seconds": .number(0.3)], ratio: ["turn": BenchRatio(median: 100, lo: 90, hi: 110)])
        let text = BenchText.lines(report).joined(separator: "\n")
        #expect(text.contains("Test CPU"))
        #expect(text.contains("before 1.50, 1.00, 0.50, after 2.00, 1.20, 0.60"))
        #expect(text.contains("ratio turn") && text.contains("100.000× [90.000, 110.000]"))
    }
}

@Suite struct InterleavingTests {
    @Test func scheduleAlternatesSidesWarmUpFirst() {
        let order = Interleaving.schedule(sides: 2, warmup: 1, runs: 3).map(\.description)
        #expect(order == ["w0.0", "w0.1", "m0.0", "m0.1", "m1.0", "m1.1", "m2.0", "m2.1"])
        let three = Interleaving.schedule(sides: 3, warmup: 0, runs: 2).map(\.description)
        #expect(three == ["m0.0", "m0.1", "m0.2", "m1.0", "m1.1", "m1.2"])
    }

    @Test func runCallsSidesInTurnAndDiscardsWarmUps() async throws {
        var calls: [String] = []
        var counter = 0.0
        let results = try await Interleaving.run(sides: ["ours", "peer"], warmup: 2, runs: 3, progress: { _ in }) { slot in
            calls.append(slot.description)
            counter += 1
            return ["x": counter]
        }
        #expect(calls == ["w0.0", "w0.1", "w1.0", "w1.1", "m0.0", "m0.1", "m1.0", "m1.1", "m2.0", "m2.1"])
        // Warm-ups were calls 1…4; measured ours are calls 5, 7, 9 and peer 6, 8, 10.
        #expect(Interleaving.column(results[0], "x") == [5, 7, 9])
        #expect(Interleaving.column(results[1], "x") == [6, 8, 10])
    }

    @Test func peerJSONIsTheLastObjectLine() {
        let text = "run 0: 1.2 s\n{\"seconds\": [1.5]}\nnot json {\n{\"seconds\": [2.5], \"chars\": 10}\ntrailing text\n"
        let object = PeerProcess.lastJSONObject(in: text)
        #expect(object?["seconds"] as? [Double] == [2.5])
        #expect(PeerProcess.lastJSONObject(in: "no json here") == nil)
    }

    @Test func missingPeerNamesItsSetupScript() {
        let peer = PeerProcess(name: "original HAiKU", python: "/nonexistent/bin/python", script: "x.py",
                               setupScript: "Benchmarks/setup_original.sh")
        #expect(throws: BenchError.self) { try peer.requireAvailable() }
        do { try peer.requireAvailable() } catch {
            #expect("\(error)".contains("Benchmarks/setup_original.sh"))
        }
    }
}

/// `bench sonnet`'s own figures, on the real model with the peers skipped (a few characters).
@Suite struct SonnetBenchFiguresTests {
    @Test func peakSharesAndTheTimeBreakdownAgree() async throws {
        let weights = RunnerFixtures.sharedData.appendingPathComponent("sonnet/shakespeare_gpt.npz").path
        let bench = SonnetBench(weightsPath: weights, runs: 3, warmup: 0, chars: 20, temperature: 0.8, fullLastLayer: false,
                                numpy: nil, original: nil)
        let report = try await bench.run(progress: { _ in })
        func number(_ key: String) throws -> Double {
            guard case .number(let value)? = report.ours[key] else { throw StatisticsError.tooFewObservations(sample: key, needed: 1, got: 0) }
            return value
        }
        guard case .sample(let seconds)? = report.ours["seconds"] else { Issue.record("no seconds sample"); return }
        let gflop = try number("gflop"), peak = try number("peak_gflops")
        #expect(abs(try number("peak_share") - gflop / seconds.median / peak) < 1e-12)
        // The fastest run against the probe's best: never below the median's share.
        #expect(abs(try number("peak_share_best") - gflop / seconds.min / peak) < 1e-12)
        #expect(try number("peak_share_best") >= (try number("peak_share")))
        // The breakdown: every section reported, shares sum to 1, the bound is share / (1 − element-wise).
        let sections = ["linear", "attention_products", "gelu", "softmax", "layer_norm", "keys_transpose", "embedding"]
        let shares = try sections.map { try number("time_share_\($0)") }
        #expect(abs(shares.reduce(0, +) - 1) < 1e-9)
        let elementwise = try number("time_share_gelu") + number("time_share_softmax") + number("time_share_layer_norm")
        #expect(abs(try number("time_share_elementwise") - elementwise) < 1e-12)
        #expect(abs(try number("peak_share_elementwise_free") - (try number("peak_share")) / (1 - elementwise)) < 1e-12)
    }
}
