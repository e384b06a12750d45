import Foundation

/// Resident memory of this process from /proc/self/status (Linux); zeros elsewhere.
public struct ProcessMemory: Sendable {
    /// Current resident set (VmRSS), bytes.
    public let rss: Int
    /// Peak resident set (VmHWM), bytes.
    public let hwm: Int

    public static func current() -> ProcessMemory {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return ProcessMemory(rss: 0, hwm: 0) }
        func kib(_ key: String) -> Int {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") }) else { return 0 }
            return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
        }
        return ProcessMemory(rss: kib("VmRSS"), hwm: kib("VmHWM"))
    }
}
