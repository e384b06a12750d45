import Testing
@testable import Harness

@Suite struct MetricsScoreAggregateTests {

    /// values 0.1, 0.3, (empty), 0.2, (failed):
    /// ours over the 3 scored: mean 0.2, best 0.1, worst 0.3, SD = √(((−.1)² + .1² + 0)/2) = 0.1,
    /// optimal 1 (only 0.1; 0.2 is not < 0.2);
    /// Leo-compatible over 5 with 0.0 for empty/failed: mean 0.6/5 = 0.12, optimal 1 + 2 = 3.
    @Test func countsEmptyAndFailedApart() throws {
        let scores = [TurnScore(variant: .v4, value: 0.1), TurnScore(variant: .v4, value: 0.3),
                      TurnScore(variant: .v4, value: nil), TurnScore(variant: .v4, value: 0.2),
                      TurnScore.failed(variant: .v4)]
        let aggregate = ScoreAggregate(scores: scores)
        #expect(aggregate.variant == .v4)
        #expect(aggregate.turnCount == 5)
        #expect(aggregate.scoredCount == 3)
        #expect(aggregate.emptyCount == 1)
        #expect(aggregate.failedCount == 1)
        #expect(abs(try #require(aggregate.mean) - 0.2) < 1e-15)
        #expect(aggregate.best == 0.1)
        #expect(aggregate.worst == 0.3)
        #expect(abs(try #require(aggregate.standardDeviation) - 0.1) < 1e-15)
        #expect(aggregate.optimalCount == 1)
        #expect(abs(try #require(aggregate.optimalPercent) - 100.0 / 3) < 1e-12)
        #expect(abs(try #require(aggregate.leoCompatibleMean) - 0.12) < 1e-15)
        #expect(aggregate.leoCompatibleOptimalCount == 3)
        #expect(aggregate.leoCompatibleOptimalPercent == 60)
        // Wilson 95 % for 1/3: scipy 1.17.1
        // python3 -c "import scipy.stats as st; print(st.binomtest(1,3).proportion_ci(0.95,'wilson'))"
        let interval = try #require(aggregate.optimalInterval())
        #expect(abs(interval.lower - 0.06149194472039626) < 1e-12)
        #expect(abs(interval.upper - 0.7923403991979523) < 1e-12)
    }

    @Test func allEmptyHasNoOursFiguresButLeoZero() {
        let aggregate = ScoreAggregate(values: [nil, nil], variant: .v3)
        #expect(aggregate.mean == nil && aggregate.best == nil && aggregate.worst == nil)
        #expect(aggregate.optimalPercent == nil && aggregate.optimalInterval() == nil)
        #expect(aggregate.optimalCount == 0)
        #expect(aggregate.leoCompatibleMean == 0)
        #expect(aggregate.leoCompatibleOptimalCount == 2)
    }

    @Test func noTurnsAtAll() {
        let aggregate = ScoreAggregate(variant: .v5, scores: [])
        #expect(aggregate.turnCount == 0 && aggregate.scoredCount == 0)
        #expect(aggregate.mean == nil && aggregate.leoCompatibleMean == nil)
        #expect(aggregate.optimalPercent == nil && aggregate.leoCompatibleOptimalPercent == nil)
    }
}
