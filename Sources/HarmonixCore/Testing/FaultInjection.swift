import Foundation
import Synchronization

/// Deterministic crash points for the crash-safety tests (issue 10).
///
/// `HARMONIX_TEST_FAULT=<point>:<n>` makes the process kill itself with SIGKILL at the n-th call of
/// `FaultInjection.hit("<point>")` (1-based): a real SIGKILL, at an instant chosen by the test
/// rather than by a timer. Unset (always, outside the tests) the hook is inert: one read of a
/// lazily parsed constant and a nil check, so it may sit on hot-ish paths (per stage, per cell).
///
/// Points in use: `settle` (after each organism's settle in MetaHarmonix), `exhale` (after each
/// organism's absorb), `cell-rows` (a cell's rows are in `turns.csv`, its checkpoint not yet
/// written), `checkpoint-write` (inside a checkpoint, fields copied, not committed),
/// `checkpoint-commit` (just after a checkpoint's commit).
public enum FaultInjection {
    /// The variable's name.
    public static let variable = "HARMONIX_TEST_FAULT"

    private static let target: (point: String, count: Int)? =
        parse(ProcessInfo.processInfo.environment[variable])
    private static let hits = Mutex<Int>(0)

    /// `"point:n"` → (point, n); nil for anything else (n ≥ 1).
    public static func parse(_ text: String?) -> (point: String, count: Int)? {
        guard let text, let colon = text.lastIndex(of: ":"),
              let count = Int(text[text.index(after: colon)...]), count >= 1 else { return nil }
        let point = String(text[..<colon])
        return point.isEmpty ? nil : (point, count)
    }

    /// Counts a pass through `point`; kills the process when it is the configured one's n-th.
    @inline(__always)
    public static func hit(_ point: String) {
        guard let target, target.point == point else { return }
        let n = hits.withLock { value -> Int in
            value += 1
            return value
        }
        if n == target.count {
            FileHandle.standardError.write(Data("harmonix: test fault at \(point) #\(n): SIGKILL\n".utf8))
            kill(getpid(), SIGKILL)
        }
    }
}
