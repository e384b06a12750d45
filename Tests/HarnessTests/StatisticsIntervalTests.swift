import Testing
@testable import Harness

/// Wilson intervals and the normal distribution against scipy 1.17.1:
/// ```
/// import scipy.stats as st
/// st.binomtest(k,n).proportion_ci(level,'wilson')   # for (k,n,level) below
/// [st.norm.ppf(p) for p in [1e-10,0.001,0.025,0.3,0.5,0.975,0.999999]]
/// [st.norm.cdf(z) for z in [-3.0,-1.0,0.0,0.5,2.5]]
/// ```
@Suite struct StatisticsIntervalTests {

    @Test(arguments: [
        (27, 60, 0.95, 0.3309365440675524, 0.5750806411466566),   // Leo sync 27/60
        (12, 14, 0.95, 0.6005862050302965, 0.9599060787285351),   // Leo async 12/14
        (0, 10, 0.95, 0.0, 0.27753279986288926),
        (14, 14, 0.95, 0.7846891972623642, 1.0),
        (3, 7, 0.90, 0.18644319036395607, 0.7105229089864071),
    ])
    func wilsonMatchesScipy(successes: Int, trials: Int, level: Double, lower: Double, upper: Double) {
        let interval = ProportionInterval.wilson(successes: successes, trials: trials, level: level)
        #expect(abs(interval.lower - lower) < 1e-12, "lower \(interval.lower) vs \(lower)")
        #expect(abs(interval.upper - upper) < 1e-12, "upper \(interval.upper) vs \(upper)")
        #expect(interval.level == level)
    }

    @Test func normalQuantileMatchesScipy() {
        let probabilities = [1e-10, 0.001, 0.025, 0.3, 0.5, 0.975, 0.999999]
        let expected = [-6.361340902404056, -3.090232306167813, -1.9599639845400545, -0.5244005127080409,
                        0.0, 1.959963984540054, 4.753424308817087]
        for (p, want) in zip(probabilities, expected) {
            let got = NormalDistribution.quantile(p)
            #expect(abs(got - want) <= 1e-12 * max(1, abs(want)), "ppf(\(p)) = \(got) vs \(want)")
        }
        #expect(abs(NormalDistribution.criticalValue(level: 0.95) - 1.959963984540054) < 1e-13)
    }

    @Test func normalCumulativeMatchesScipy() {
        let z = [-3.0, -1.0, 0.0, 0.5, 2.5]
        let expected = [0.0013498980316300933, 0.15865525393145707, 0.5, 0.6914624612740131, 0.9937903346742238]
        for (x, want) in zip(z, expected) {
            #expect(abs(NormalDistribution.cumulative(x) - want) < 1e-15)
            #expect(abs(NormalDistribution.survival(-x) - want) < 1e-15)
        }
        #expect(NormalDistribution.twoSidedPValue(0) == 1)
    }
}
