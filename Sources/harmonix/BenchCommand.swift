import ArgumentParser
import Foundation
import Harness

/// `harmonix bench`: speed benchmarks of the organisms, each printed next to its peer's figure.
/// Each organism adds one subcommand to the list below.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark the organisms (release builds only; print the machine load with every figure).",
        subcommands: [
            BenchHaiku.self,
            BenchSonnet.self,
            BenchProse.self,
            BenchCascade.self,
        ])
}

/// Small order statistics for the bench commands (the harness has the full statistics).
enum BenchFigures {
    /// The `q` quantile (0…1), type 7 (numpy's default): the harness's statistics.
    static func quantile(_ values: [Double], _ q: Double) -> Double {
        Quantiles.quantile(values, probability: q)
    }

    static func median(_ values: [Double]) -> Double { quantile(values, 0.5) }
    static func p90(_ values: [Double]) -> Double { quantile(values, 0.9) }

    /// Seconds in one unit chosen for the block (µs, ms or s).
    static func unit(for seconds: Double) -> (name: String, scale: Double) {
        if seconds < 1e-3 { return ("µs", 1e6) }
        if seconds < 1 { return ("ms", 1e3) }
        return ("s", 1)
    }

    static func format(_ seconds: Double, unit: (name: String, scale: Double)) -> String {
        String(format: "%8.3f %@", seconds * unit.scale, unit.name)
    }

    /// CPU seconds (user + system) this process has used, all threads.
    static func processCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Benchmarks mean release builds (overview §3); a debug build's figures are 10–40× slower and
    /// say nothing about the product, so it is said on stderr before anything is measured.
    static func warnIfDebugBuild() {
        #if DEBUG
        FileHandle.standardError.write(Data("Warning: this is a debug build; benchmark figures need `swift run -c release harmonix bench …`.\n".utf8))
        #endif
    }

    /// The 1, 5 and 15 minute load averages, as `uptime` prints them.
    static func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "unknown" }
        return text.split(separator: " ").prefix(3).joined(separator: ", ")
    }
}
