import Foundation
import GRDB
import HarmonixCore
import MachineProbeC

/// The calibration workload a run times itself, before and after its matrix (harness.md §4.3), so
/// that latencies can be normalised across CPUs: a stage's time divided by the time of a fixed
/// piece of work *of the same kind* moves far less between a Zen 1 and a Zen 4 than the raw time.
///
/// Three parts, one per kind of work in the cascade, each ≈ 65 ms on the Zen 4 of this repository
/// (≈ 200 ms in all):
/// - `gemm`: single-precision FMA GEMM, 64×128 · 128×512, cache-resident (Sonnet's NanoGPT layers);
/// - `int8`: uint8×int8 dot products streamed over an 8 MiB buffer, larger than L2 (Prose's
///   quantised matvecs streaming their weights);
/// - `sqlite`: upserts, a trigram-like join and an ordered select in an in-memory SQLite database,
///   one transaction per round (HAiKU's field operations: scalar, branchy, allocation-heavy).
/// Each part runs in 3 equal chunks; its figure is 3 × the fastest chunk, so a preemption in one
/// chunk does not move it.
public struct CalibrationSpin: Codable, Sendable, Hashable {
    public var gemm: Double
    public var int8: Double
    public var sqlite: Double

    public var total: Double { gemm + int8 + sqlite }

    /// The part that resembles `stage`'s work; the total for everything else (cascade, meta, …).
    public func seconds(forStage stage: String) -> Double {
        switch stage {
        case "sonnet": return gemm
        case "prose": return int8
        case "haiku": return sqlite
        default: return total
        }
    }

    /// Fixed sizes of the work (never scaled by time: the point is a constant amount of work).
    static let gemmRepsPerChunk = 60
    static let int8RepsPerChunk = 150
    static let int8Bytes = 8 << 20
    static let sqliteRoundsPerChunk = 2

    /// Times the workload once (≈ 200 ms on the reference Zen 4).
    public static func measure() throws -> CalibrationSpin {
        CalibrationSpin(gemm: 3 * (0..<3).map { _ in gemmChunk() }.min()!,
                        int8: 3 * (0..<3).map { _ in int8Chunk() }.min()!,
                        sqlite: 3 * (try (0..<3).map { _ in try sqliteChunk() }).min()!)
    }

    private static func gemmChunk() -> Double {
        var a = [Float](repeating: 0, count: 64 * 128), b = [Float](repeating: 0, count: 128 * 512)
        var c = [Float](repeating: 0, count: 64 * 512)
        var rng = SeededGenerator(seed: 1)
        for i in a.indices { a[i] = Float(rng.nextUnit()) - 0.5 }
        for i in b.indices { b[i] = Float(rng.nextUnit()) - 0.5 }
        let watch = Stopwatch()
        let sum = hx_calibration_gemm(a, b, &c, Int32(gemmRepsPerChunk))
        let seconds = watch.elapsed
        withExtendedLifetime(sum) {}
        return seconds
    }

    private static func int8Chunk() -> Double {
        var weights = [UInt8](repeating: 0, count: int8Bytes)
        var activations = [Int8](repeating: 0, count: 4096)
        var rng = SeededGenerator(seed: 2)
        for i in stride(from: 0, to: weights.count, by: 1) { weights[i] = UInt8(truncatingIfNeeded: i &* 2654435761 >> 13) }
        for i in activations.indices { activations[i] = Int8(truncatingIfNeeded: Int(rng.nextInt(below: 255)) - 127) }
        let watch = Stopwatch()
        let sum = hx_calibration_int8(weights, activations, weights.count, Int32(int8RepsPerChunk))
        let seconds = watch.elapsed
        withExtendedLifetime(sum) {}
        return seconds
    }

    private static let words = ["river", "stone", "light", "echo", "field", "night", "wave", "ember", "hollow", "quiet",
                                "lantern", "thread", "salt", "morning", "glass", "orbit", "wind", "door", "cloud", "rain"]

    private static func sqliteChunk() throws -> Double {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE words (word TEXT PRIMARY KEY, count INTEGER NOT NULL, weight REAL NOT NULL);
                CREATE TABLE trigrams (a TEXT, b TEXT, c TEXT, n INTEGER NOT NULL, PRIMARY KEY (a, b, c));
                """)
        }
        var rng = SeededGenerator(seed: 3)
        let watch = Stopwatch()
        for round in 0..<sqliteRoundsPerChunk {
            try queue.write { db in
                var previous = ["", ""]
                for step in 0..<240 {
                    let word = words[rng.nextInt(below: words.count)] + String(step % 17)
                    try db.execute(sql: """
                        INSERT INTO words (word, count, weight) VALUES (?, 1, ?)
                        ON CONFLICT(word) DO UPDATE SET count = count + 1, weight = weight * 0.99 + excluded.weight
                        """, arguments: [word, rng.nextUnit()])
                    try db.execute(sql: """
                        INSERT INTO trigrams (a, b, c, n) VALUES (?, ?, ?, 1)
                        ON CONFLICT(a, b, c) DO UPDATE SET n = n + 1
                        """, arguments: [previous[0], previous[1], word])
                    previous = [previous[1], word]
                }
                _ = try Row.fetchAll(db, sql: """
                    SELECT w.word, w.count, SUM(t.n) FROM words w JOIN trigrams t ON t.c = w.word
                    GROUP BY w.word ORDER BY w.count DESC, w.weight LIMIT 50
                    """)
                _ = round
            }
        }
        return watch.elapsed
    }
}

/// A run's calibration: one spin before the matrix, one after (nil while the run is going).
public struct RunCalibration: Codable, Sendable, Hashable {
    public var before: CalibrationSpin
    public var after: CalibrationSpin?

    public init(before: CalibrationSpin, after: CalibrationSpin? = nil) {
        self.before = before
        self.after = after
    }

    /// The run's figure for `stage`: the mean of before and after (before alone if no after).
    public func seconds(forStage stage: String) -> Double {
        guard let after else { return before.seconds(forStage: stage) }
        return (before.seconds(forStage: stage) + after.seconds(forStage: stage)) / 2
    }

    /// |after/before − 1| of the total; harness.md §4.3 flags a run whose spin moved by > 20 %.
    public var drift: Double? { after.map { abs($0.total / before.total - 1) } }

    public static let driftLimit = 0.20
}
