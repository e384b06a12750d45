import Testing
@testable import Harness

/// Quantiles, MAD, IQR, Tukey fences and the summary, against numpy/scipy. Reference values:
/// numpy 2.4.6 / scipy 1.17.1, `python3 golden.py` with
/// ```
/// import numpy as np, scipy.stats as st
/// a=[12.1,15.3,11.8,14.2,13.9,12.7,16.4,11.2,13.3,14.8,12.9,15.1]
/// t=[3.0,1.0,4.0,1.0,5.0,9.0,2.0,6.0,5.0,3.0,5.0]
/// print([float(np.percentile(a,p)) for p in [0,10,25,50,75,90,99,100]])   # and for t
/// print(st.median_abs_deviation(a), st.median_abs_deviation(t), st.median_abs_deviation(t, scale='normal'))
/// print(st.iqr(a), st.iqr(t))
/// ```
@Suite struct StatisticsDescriptiveTests {
    static let a = [12.1, 15.3, 11.8, 14.2, 13.9, 12.7, 16.4, 11.2, 13.3, 14.8, 12.9, 15.1]
    static let t = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0]
    static let percents = [0.0, 10, 25, 50, 75, 90, 99, 100]

    static func close(_ x: Double, _ y: Double, _ tolerance: Double = 1e-12) -> Bool { abs(x - y) <= tolerance }

    @Test func type7PercentilesMatchNumpy() {
        let expectedA = [11.2, 11.83, 12.549999999999999, 13.600000000000001, 14.875, 15.280000000000001, 16.279, 16.4]
        let expectedT = [1.0, 1.0, 2.5, 4.0, 5.0, 6.0, 8.700000000000001, 9.0]
        for (got, want) in zip(Quantiles.percentiles(Self.a, percents: Self.percents), expectedA) {
            #expect(Self.close(got, want), "\(got) vs numpy \(want)")
        }
        for (got, want) in zip(Quantiles.percentiles(Self.t, percents: Self.percents), expectedT) {
            #expect(Self.close(got, want), "\(got) vs numpy \(want)")
        }
        // np.median(b) for the 13-value b of the rank tests: 15.5
        #expect(Quantiles.median([14.2, 17.5, 13.1, 16.8, 15.2, 14.9, 18.3, 13.6, 15.7, 16.1, 14.4, 17.9, 15.5]) == 15.5)
        // Hand cases: one value; even count = mean of the middle two; [1,2,3,4] at 0.25 = 1.75.
        #expect(Quantiles.median([7]) == 7)
        #expect(Quantiles.median([4, 1, 3, 2]) == 2.5)
        #expect(Quantiles.quantile([1, 2, 3, 4], probability: 0.25) == 1.75)
    }

    @Test func madAndIQRMatchScipy() {
        #expect(Self.close(Dispersion.medianAbsoluteDeviation(Self.a), 1.3499999999999988))
        #expect(Dispersion.medianAbsoluteDeviation(Self.t) == 1.0)
        #expect(Self.close(Dispersion.medianAbsoluteDeviation(Self.t, scale: Dispersion.normalConsistency), 1.482602218505602))
        #expect(Self.close(Dispersion.interquartileRange(Self.a), 2.325000000000003))
        #expect(Dispersion.interquartileRange(Self.t) == 2.5)
    }

    /// Quartiles of `a` 12.55 / 14.875, IQR 2.325: inner fences 9.0625 / 18.3625, outer 5.575 / 21.85.
    @Test func tukeyFencesClassifyStrictlyBeyond() {
        let fences = TukeyFences(Self.a)
        #expect(Self.close(fences.lowerInner, 9.0625, 1e-9) && Self.close(fences.upperInner, 18.3625, 1e-9))
        #expect(Self.close(fences.lowerOuter, 5.575, 1e-9) && Self.close(fences.upperOuter, 21.85, 1e-9))
        #expect(fences.classify(5.5) == .lowSevere)
        #expect(fences.classify(9.0) == .lowMild)
        #expect(fences.classify(13) == .normal)
        #expect(fences.classify(fences.upperInner) == .normal)
        #expect(fences.classify(18.4) == .highMild)
        #expect(fences.classify(21.9) == .highSevere)
        #expect(fences.outlierCounts(Self.a + [30, 19, 1]) == [.highSevere: 1, .highMild: 1, .lowSevere: 1])
    }

    @Test func summaryOfASample() throws {
        let summary = try SampleSummary(Self.a)
        #expect(summary.count == 12)
        #expect(Self.close(summary.median, 13.600000000000001))
        #expect(Self.close(summary.p25, 12.549999999999999) && Self.close(summary.p75, 14.875))
        #expect(Self.close(summary.p90, 15.280000000000001))
        #expect(summary.p99 == nil)                // n < 100: no tail figure
        #expect(summary.minimum == 11.2 && summary.maximum == 16.4)
        #expect(Self.close(summary.medianAbsoluteDeviation, 1.3499999999999988))
        #expect(Self.close(summary.interquartileRange, 2.325000000000003, 1e-9))
        // mean = 163.7 / 12; sample SD by hand from the definition.
        #expect(Self.close(summary.mean, 163.7 / 12, 1e-12))
        let m = 163.7 / 12
        let sd = (Self.a.map { ($0 - m) * ($0 - m) }.reduce(0, +) / 11).squareRoot()
        #expect(Self.close(try #require(summary.standardDeviation), sd))
        // 1...100: p99 = x[98] + 0.01·(x[99] − x[98]) = 99.01 (h = 99 · 0.99 = 98.01).
        let hundred = try SampleSummary((1...100).map(Double.init))
        #expect(Self.close(try #require(hundred.p99), 99.01, 1e-9))
    }

    @Test func summaryRejectsEmptyAndNonFinite() {
        #expect(throws: StatisticsError.tooFewObservations(sample: "sample", needed: 1, got: 0)) {
            try SampleSummary([])
        }
        #expect(throws: StatisticsError.nonFiniteValue(sample: "lat", index: 1)) {
            try SampleSummary([1, .nan], name: "lat")
        }
    }
}
