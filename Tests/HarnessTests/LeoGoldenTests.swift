import Foundation
import Testing
@testable import Harness

/// The conformance tests of `metrics.md` §1.8: re-scoring Leo's Dec 31 transcripts reproduces every
/// logged value and the variant-sensitivity table.
@Suite struct LeoGoldenTests {

    /// 3-decimal rounding as Leo's logs print (`%.3f`, half away from zero is fine: no value sits on
    /// a half-way point at 4 decimals here).
    static func rounded3(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }

    @Test func syncTranscriptsParseToSixtyTurnsWithEveryParagraph() throws {
        let runs = try Fixtures.syncTranscripts()
        #expect(runs.map(\.turns.count) == [20, 20, 20])
        #expect(runs.allSatisfy { $0.loggedVariant == .v3 })
        let turns = runs.flatMap(\.turns)
        // metrics.md §1.8: 15 of the 60 observer messages span several paragraphs; 42 carry GPT's
        // own "Observer:" prefix inside the message.
        #expect(turns.count { $0.observer.contains("\n\n") } == 15)
        #expect(turns.count { $0.observer.hasPrefix("Observer:") } == 42)
        #expect(turns.allSatisfy { !$0.leo.contains("\n") })
        // Spot values read by eye from HEYLEOGPT_RUN_20251231_133752.md.
        #expect(turns[0].topic == "being_nothing")
        #expect(turns[0].loggedExternalVocab == 0.109)
        #expect(turns[1].loggedExternalVocab == 0.255)
        #expect(Set(turns.map(\.topic)).count == 5)
    }

    @Test func v3ReproducesAllSixtyLoggedSyncValues() throws {
        let runs = try Fixtures.syncTranscripts()
        var all: [TurnScore] = []
        var perRunMeans: [Double] = []
        for run in runs {
            let scores = run.scoreRequests().map { $0.score(.v3) }
            for (turn, score) in zip(run.turns, scores) {
                let value = try #require(score.value)
                #expect(Self.rounded3(value) == turn.loggedExternalVocab,
                        "\(run.source) \(turn.topic): \(value) vs logged \(turn.loggedExternalVocab)")
            }
            perRunMeans.append(try #require(ScoreAggregate(scores: scores).mean))
            all += scores
        }
        #expect(all.count == 60)
        // Per run 0.239 / 0.183 / 0.204 (metrics.md §1.7; the runs' "Average external_vocab").
        #expect(perRunMeans.map(Self.rounded3) == [0.239, 0.183, 0.204])
        let aggregate = ScoreAggregate(scores: all)
        #expect(Self.rounded3(try #require(aggregate.mean)) == 0.209)
        // metrics.md's "unrounded 0.2085" is the mean of the 60 logged 3-decimal values; ours
        // (from unrounded turns) may differ from it by at most the rounding, 0.0005.
        let loggedMean = runs.flatMap(\.turns).map(\.loggedExternalVocab).reduce(0, +) / 60
        #expect((loggedMean * 10000).rounded() == 2085)
        #expect(abs(try #require(aggregate.mean) - loggedMean) <= 0.0005)
        #expect(aggregate.optimalCount == 27 && aggregate.scoredCount == 60)
        #expect(Self.rounded3(try #require(aggregate.standardDeviation)) == 0.105)
        #expect(Self.rounded3(try #require(aggregate.worst)) == 0.423)
        #expect(aggregate.best == 0)
        // Per run optimal 7, 11, 9 (metrics.md §1.4).
        let perRunOptimal = runs.map { run in run.scoreRequests().count { $0.score(.v3).isOptimal } }
        #expect(perRunOptimal == [7, 11, 9])
        // Max of run 3 alone: 0.421.
        let run3Max = runs[2].scoreRequests().compactMap { $0.score(.v3).value }.max()!
        #expect(Self.rounded3(run3Max) == 0.421)
        // The 5 zeros are the canned fallbacks Yes. (3×), Listening., Continue.
        let zeros = zip(runs.flatMap(\.turns), all).filter { $0.1.value == 0 }.map(\.0.leo)
        #expect(zeros.sorted() == ["Continue.", "Listening.", "Yes.", "Yes.", "Yes."])
    }

    @Test func v4ReproducesAllFourteenLoggedAsyncValues() throws {
        let run = try Fixtures.leoTranscript(Fixtures.asyncTranscriptName)
        #expect(run.loggedVariant == .v4)
        #expect(run.turns.count == 14)
        let scores = run.scoreRequests().map { $0.score(.v4) }
        for (turn, score) in zip(run.turns, scores) {
            let value = try #require(score.value)
            #expect(Self.rounded3(value) == turn.loggedExternalVocab,
                    "\(turn.topic): \(value) vs logged \(turn.loggedExternalVocab)")
        }
        let aggregate = ScoreAggregate(scores: scores)
        #expect(Self.rounded3(try #require(aggregate.mean)) == 0.112)
        let loggedMean = run.turns.map(\.loggedExternalVocab).reduce(0, +) / 14
        #expect((loggedMean * 10000).rounded() == 1121)               // metrics.md's "unrounded 0.1121"
        #expect(abs(try #require(aggregate.mean) - loggedMean) <= 0.0005)
        #expect(aggregate.optimalCount == 12 && aggregate.scoredCount == 14)
        #expect(Self.rounded3(try #require(aggregate.optimalPercent)) == 85.714)
        #expect(aggregate.best == 0)
        #expect(Self.rounded3(try #require(aggregate.worst)) == 0.205)
        #expect(Self.rounded3(try #require(aggregate.standardDeviation)) == 0.060)
        // Topic turn counts and broken_whole turn 4 (shown 0.200) not optimal.
        var counts: [String: Int] = [:]
        for turn in run.turns { counts[turn.topic, default: 0] += 1 }
        #expect(counts == ["being_nothing": 1, "knowing_unknowing": 4, "silent_speaking": 4,
                           "broken_whole": 4, "controlled_chaos": 1])
        let brokenWhole = zip(run.turns, scores).filter { $0.0.topic == "broken_whole" }.map(\.1)
        #expect(brokenWhole.count == 4)
        #expect(Self.rounded3(brokenWhole[3].value!) == 0.200)
        #expect(!brokenWhole[3].isOptimal)
    }

    /// The variant-sensitivity table of metrics.md §1.8 (the brief calls it §2.4; it sits under
    /// "1.8 Golden data and conformance tests"). Leo's convention (an empty reply side scores 0.0)
    /// applies: under V5 three sync replies ("Yes.") have no content words.
    @Test(arguments: [
        // (dataset, variant, mean to 3 decimals, optimal k, n)
        ("sync", MetricVariant.v3, 0.209, 27, 60),
        ("sync", .v4, 0.215, 27, 60),
        ("sync", .v2, 0.157, 42, 60),
        ("sync", .v5, 0.122, 49, 60),
        ("async", .v3, 0.108, 13, 14),
        ("async", .v4, 0.112, 12, 14),
        ("async", .v2, 0.076, 14, 14),
        ("async", .v5, 0.063, 14, 14),
    ])
    func variantSensitivityTable(dataset: String, variant: MetricVariant, mean: Double, optimal: Int, turns: Int) throws {
        let runs = dataset == "sync" ? try Fixtures.syncTranscripts()
                                     : [try Fixtures.leoTranscript(Fixtures.asyncTranscriptName)]
        let scores = runs.flatMap { $0.scoreRequests() }.map { $0.score(variant) }
        let aggregate = ScoreAggregate(scores: scores)
        #expect(aggregate.turnCount == turns)
        #expect(Self.rounded3(try #require(aggregate.leoCompatibleMean)) == mean)
        #expect(aggregate.leoCompatibleOptimalCount == optimal)
    }

    /// Our convention on the same V5 data: the three empty "Yes." turns are counted apart.
    @Test func v5CountsContentlessRepliesApart() throws {
        let scores = try Fixtures.syncTranscripts().flatMap { $0.scoreRequests() }.map { $0.score(.v5) }
        let aggregate = ScoreAggregate(scores: scores)
        #expect(aggregate.emptyCount == 3)
        #expect(aggregate.scoredCount == 57)
        #expect(aggregate.optimalCount == 46)          // 49 Leo-compatible minus the 3 empties
        #expect(aggregate.leoCompatibleOptimalCount == 49)
        let expectedMean = try #require(aggregate.leoCompatibleMean) * 60 / 57
        #expect(abs(try #require(aggregate.mean) - expectedMean) < 1e-12)
    }

    /// V1 is V4's formula over the same previous-3 window, so on these data they agree turn by turn.
    @Test func v1EqualsV4OnTopicHistories() throws {
        let requests = try Fixtures.syncTranscripts().flatMap { $0.scoreRequests() }
        for request in requests {
            #expect(request.score(.v1) == TurnScore(variant: .v1, value: request.score(.v4).value))
        }
    }
}

extension LeoGoldenTests {
    /// A transcript saved with CRLF line ends parses to the same turns (Swift's "\r\n" is one
    /// Character, so a naive split would merge lines).
    @Test func crlfTranscriptParsesTheSame() throws {
        let url = try Fixtures.sharedFile("leo/\(Fixtures.syncTranscriptNames[0])")
        let text = try String(contentsOf: url, encoding: .utf8)
        let lf = try LeoTranscript.parseMarkdown(text, source: "lf.md")
        let crlf = try LeoTranscript.parseMarkdown(text.replacingOccurrences(of: "\n", with: "\r\n"), source: "lf.md")
        #expect(crlf.turns == lf.turns)
    }
}
