import HarmonixCore
import Testing
@testable import Harness

/// Quickselect must give exactly what sorting gives: the bootstrap's intervals depend on it.
@Suite struct StatisticsSelectionTests {

    /// Values with many ties (as in bootstrap resamples) or all distinct.
    static func sample(count: Int, distinctValues: Int, seed: UInt64) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Double(rng.nextInt(below: distinctValues)) * 0.37 }
    }

    @Test(arguments: [1, 2, 3, 10, 33])
    func everyRankMatchesTheSortedOrder(count: Int) {
        for (distinct, seed) in [(2, UInt64(1)), (5, 2), (1000, 3)] {
            let values = Self.sample(count: count, distinctValues: distinct, seed: seed)
            let sorted = values.sorted()
            for k in 0..<count {
                var copy = values
                copy.withUnsafeMutableBufferPointer { buffer in
                    let selected = Selection.select(buffer, k)
                    #expect(selected == sorted[k])
                    #expect(buffer[..<k].allSatisfy { $0 <= selected })
                    #expect(buffer[(k + 1)...].allSatisfy { $0 >= selected })
                }
                #expect(copy.sorted() == sorted)   // a permutation, nothing lost
            }
        }
    }

    @Test func medianEqualsTheType7MedianBitForBit() {
        for count in 1...60 {
            for (distinct, seed) in [(3, UInt64(count)), (10_000, UInt64(100 + count))] {
                var values = Self.sample(count: count, distinctValues: distinct, seed: seed)
                let expected = Quantiles.median(values)
                let got = values.withUnsafeMutableBufferPointer { Selection.median($0) }
                #expect(got == expected, "n \(count): \(got) vs \(expected)")
            }
        }
        var constant = [Double](repeating: 4.2, count: 9)
        #expect(constant.withUnsafeMutableBufferPointer { Selection.median($0) } == 4.2)
    }
}
