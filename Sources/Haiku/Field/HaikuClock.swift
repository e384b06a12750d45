import Foundation
import HarmonixCore

/// Where the field's timestamps come from (`last_used`, shard names, log times, dream times).
///
/// The system clock by default; tests use ``stepping(start:step:)`` so that two runs with the same
/// seed write identical databases, timestamps included.
public struct HaikuClock: Sendable {
    /// Seconds since the Unix epoch.
    public let now: @Sendable () -> Double

    public init(now: @escaping @Sendable () -> Double) { self.now = now }

    /// The wall clock.
    public static let system = HaikuClock { Date().timeIntervalSince1970 }

    /// A deterministic clock: `start`, then `start + step`, `start + 2·step`, … one tick per reading.
    public static func stepping(start: Double = 1_767_139_200, step: Double = 0.001) -> HaikuClock {
        let ticks = TickCounter()
        return HaikuClock { start + Double(ticks.next()) * step }
    }

    /// SQLite's `CURRENT_TIMESTAMP` text ("YYYY-MM-DD HH:MM:SS", UTC) for `seconds`.
    public static func sqliteTimestamp(_ seconds: Double) -> String {
        let total = Int64(seconds.rounded(.down))
        var days = total / 86_400
        var rem = total % 86_400
        if rem < 0 { rem += 86_400; days -= 1 }
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func pad(_ v: Int64, _ w: Int) -> String {
            let s = String(v)
            return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2)) \(pad(rem / 3600, 2)):\(pad(rem % 3600 / 60, 2)):\(pad(rem % 60, 2))"
    }
}

/// A thread-safe counter for ``HaikuClock/stepping(start:step:)``.
private final class TickCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int64 = 0
    func next() -> Int64 {
        lock.lock()
        defer { lock.unlock() }
        let v = value
        value += 1
        return v
    }
}
