import Foundation
import HarmonixCore

/// How progress is shown on stderr.
public enum ProgressStyle: String, Sendable, CaseIterable {
    /// `tty` when stderr is a terminal and `CI` is not `true`, else `plain`.
    case auto
    /// One `\r`-rewritten line with count, percentage and ETA.
    case tty
    /// One line per finished cascade (logs, CI).
    case plain
    /// Nothing.
    case none

    /// `auto` decided for this process.
    public func resolved(environment: [String: String] = ProcessInfo.processInfo.environment) -> ProgressStyle {
        guard self == .auto else { return self }
        if environment["CI"]?.lowercased() == "true" { return .plain }
        return isatty(STDERR_FILENO) == 1 ? .tty : .plain
    }
}

/// Counts finished cascades and reports them with an ETA (progress goes to stderr, results to stdout).
actor RunProgress {
    private let total: Int
    private var done = 0
    private let style: ProgressStyle
    private let sink: @Sendable (String) -> Void
    private let watch = Stopwatch()

    init(total: Int, style: ProgressStyle, sink: @escaping @Sendable (String) -> Void) {
        self.total = total
        self.style = style.resolved()
        self.sink = sink
    }

    func note(_ message: String) {
        switch style {
        case .none: return
        case .tty: sink("\r\u{1B}[2K\(message)\n")
        case .plain, .auto: sink(message + "\n")
        }
    }

    func finished(_ cell: RunCell, seconds: Double, status: RowStatus) {
        done += 1
        let width = String(total).count
        let count = "[\(String(repeating: " ", count: width - String(done).count))\(done)/\(total)]"
        let what = "\(cell.prompt.id) \(cell.mode.rawValue) r\(cell.repeatIndex)"
        switch style {
        case .none:
            return
        case .plain, .auto:
            sink("\(count) \(what) \(status.rawValue) \(String(format: "%.3f", seconds)) s\n")
        case .tty:
            let elapsed = watch.elapsed
            let remaining = done > 0 ? elapsed / Double(done) * Double(total - done) : 0
            let percent = total > 0 ? 100 * done / total : 100
            sink("\r\u{1B}[2K\(count) \(percent)% ETA \(Self.duration(remaining))  \(what)")
            if done == total { sink("\n") }
        }
    }

    /// "45 s", "3 min 05 s", "1 h 02 min".
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s) s" }
        if s < 3600 { return String(format: "%d min %02d s", s / 60, s % 60) }
        return String(format: "%d h %02d min", s / 3600, (s % 3600) / 60)
    }
}
