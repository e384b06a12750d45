import Testing
@testable import Harness

/// Mann–Whitney U and Wilcoxon signed-rank against scipy 1.17.1:
/// ```
/// import scipy.stats as st
/// a=[12.1,15.3,11.8,14.2,13.9,12.7,16.4,11.2,13.3,14.8,12.9,15.1]
/// b=[14.2,17.5,13.1,16.8,15.2,14.9,18.3,13.6,15.7,16.1,14.4,17.9,15.5]
/// t=[3.0,1.0,4.0,1.0,5.0,9.0,2.0,6.0,5.0,3.0,5.0]
/// st.mannwhitneyu(a,b,method='asymptotic',use_continuity=True)     # 29.5, 0.00901834211015254
/// st.mannwhitneyu(b,a,method='asymptotic',use_continuity=True)     # 126.5, 0.00901834211015254
/// st.mannwhitneyu(t,[2.0,5.0,7.0,7.0,8.0,1.0],method='asymptotic',use_continuity=False)  # 25.0, 0.41648256337378353
/// d=[0.8,-0.3,1.2,0.5,-0.5,0.9,0.0,0.3,1.2,-0.1,0.7,0.5,0.3]
/// st.wilcoxon(d,method='approx')                  # 10.0, 0.02243843304220799, z -2.2828631105280404
/// st.wilcoxon(d,method='approx',correction=True)  # 10.0, 0.02486437074506212, z -2.2435034017258326
/// ```
/// scipy's Wilcoxon z is computed from min(W⁺, W⁻), so it is always ≤ 0; ours is signed by
/// W⁺ − n(n+1)/4 (positive = first sample larger), so only |z| is compared.
@Suite struct StatisticsRankTestsTests {
    static let a = [12.1, 15.3, 11.8, 14.2, 13.9, 12.7, 16.4, 11.2, 13.3, 14.8, 12.9, 15.1]
    static let b = [14.2, 17.5, 13.1, 16.8, 15.2, 14.9, 18.3, 13.6, 15.7, 16.1, 14.4, 17.9, 15.5]
    static let t = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0]
    static let d = [0.8, -0.3, 1.2, 0.5, -0.5, 0.9, 0.0, 0.3, 1.2, -0.1, 0.7, 0.5, 0.3]

    static func close(_ x: Double, _ y: Double, _ relative: Double = 1e-10) -> Bool {
        abs(x - y) <= relative * max(abs(y), 1e-300)
    }

    @Test func mannWhitneyMatchesScipyWithTiesAndContinuity() throws {
        let ab = try RankTests.mannWhitneyU(Self.a, Self.b)
        #expect(ab.statistic == 29.5)
        #expect(Self.close(ab.pValue, 0.00901834211015254))
        #expect(ab.z < 0)   // a tends to be smaller than b
        let ba = try RankTests.mannWhitneyU(Self.b, Self.a)
        #expect(ba.statistic == 126.5)
        #expect(Self.close(ba.pValue, 0.00901834211015254))
        #expect(ba.z > 0)
        let heavyTies = try RankTests.mannWhitneyU(Self.t, [2.0, 5.0, 7.0, 7.0, 8.0, 1.0], continuityCorrection: false)
        #expect(heavyTies.statistic == 25.0)
        #expect(Self.close(heavyTies.pValue, 0.41648256337378353))
    }

    @Test func wilcoxonMatchesScipyDroppingZeros() throws {
        let plain = try RankTests.wilcoxonSignedRank(differences: Self.d)
        #expect(plain.statistic == 10.0)
        #expect(Self.close(plain.pValue, 0.02243843304220799))
        #expect(Self.close(abs(plain.z), 2.2828631105280404))
        #expect(plain.z > 0)   // mostly positive differences
        let corrected = try RankTests.wilcoxonSignedRank(differences: Self.d, continuityCorrection: true)
        #expect(Self.close(corrected.pValue, 0.02486437074506212))
        #expect(Self.close(abs(corrected.z), 2.2435034017258326))
        // Two-sample form = differences first − second.
        let second = Self.d.map { _ in 1.0 }
        let first = zip(Self.d, second).map { $0 + $1 }
        let paired = try RankTests.wilcoxonSignedRank(first, second)
        #expect(Self.close(paired.pValue, plain.pValue, 1e-9))
    }

    @Test func degenerateInputs() throws {
        #expect(throws: StatisticsError.tooFewObservations(sample: "non-zero differences", needed: 1, got: 0)) {
            try RankTests.wilcoxonSignedRank(differences: [0, 0, 0])
        }
        #expect(throws: StatisticsError.unpairedLengths(first: 2, second: 3)) {
            try RankTests.wilcoxonSignedRank([1, 2], [1, 2, 3])
        }
        // Everything tied: no evidence, p = 1.
        let tied = try RankTests.mannWhitneyU([5, 5, 5], [5, 5])
        #expect(tied.pValue == 1)
        // Average ranks with ties: [10, 20, 20, 30] → 1, 2.5, 2.5, 4; Σ(t³ − t) = 6.
        let (ranks, tieTerm) = RankTests.averageRanks([20, 10, 30, 20])
        #expect(ranks == [2.5, 1, 4, 2.5])
        #expect(tieTerm == 6)
    }
}
