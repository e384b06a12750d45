import Foundation
import MachineProbeC

/// The facts about the CPU that decide whether two latency figures are comparable (issue 8):
/// model name, family/model, the instruction-set flags the kernels care about, and the clock as a
/// short probe measures it (the nominal clock in `/proc/cpuinfo` says nothing about a boosted VM).
///
/// Written into `run.json` (`machine`) and into every `bench … --json` object.
public struct MachineFacts: Codable, Sendable, Hashable {
    public var modelName: String
    /// CPU family and model as `/proc/cpuinfo` numbers them (e.g. 25/17 = Zen 4, 23/1 = Zen 1).
    public var family: Int?
    public var model: Int?
    /// The flags among ``relevantFlags`` (avx2, fma, f16c, avx512*) this CPU has, sorted.
    public var flags: [String]
    /// Effective clock from dependent adds, GHz; nil when not measured.
    public var clockGHz: Double?
    public var cores: Int

    enum CodingKeys: String, CodingKey {
        case modelName = "cpu", family, model, flags, clockGHz = "clock_ghz", cores
    }

    public init(modelName: String, family: Int?, model: Int?, flags: [String], clockGHz: Double?, cores: Int) {
        self.modelName = modelName
        self.family = family
        self.model = model
        self.flags = flags
        self.clockGHz = clockGHz
        self.cores = cores
    }

    /// Flags that change which kernel runs or how fast a SIMD kernel can be.
    public static func isRelevant(flag: String) -> Bool {
        ["avx", "avx2", "fma", "f16c"].contains(flag) || flag.hasPrefix("avx512") || flag == "avx_vnni"
    }

    /// Same CPU for latency purposes: same model name, family, model and relevant flags. The
    /// clock is not compared (it varies with boost and load); it is printed.
    public func sameCPU(as other: MachineFacts) -> Bool {
        modelName == other.modelName && family == other.family && model == other.model && flags == other.flags
    }

    /// "AMD EPYC 9R14 (family 25 model 17, 3.30 GHz, avx512)" — the label printed and used in tables.
    public var label: String {
        var parts: [String] = []
        if let family, let model { parts.append("family \(family) model \(model)") }
        if let clockGHz { parts.append(String(format: "%.2f GHz", clockGHz)) }
        parts.append(flags.contains { $0.hasPrefix("avx512") } ? "AVX-512" : (flags.contains("avx2") ? "AVX2" : "no AVX2"))
        return "\(modelName) (\(parts.joined(separator: ", ")))"
    }

    /// A file-name slug of the CPU: "amd-epyc-9r14-f25m17".
    public var slug: String {
        let base = modelName.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
        let squeezed = base.split(separator: "-").joined(separator: "-")
        return squeezed + (family.map { "-f\($0)" } ?? "") + (model.map { "m\($0)" } ?? "")
    }

    /// This machine: `/proc/cpuinfo` (first processor) and, when `measureClock`, a ~0.2 s probe.
    public static func current(measureClock: Bool = true) -> MachineFacts {
        let text = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        return parse(cpuinfo: text, clockGHz: measureClock ? measureClockGHz() : nil,
                     cores: ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Reads the first processor block of a `/proc/cpuinfo` text.
    public static func parse(cpuinfo: String, clockGHz: Double?, cores: Int) -> MachineFacts {
        var fields: [String: String] = [:]
        for line in cpuinfo.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).isEmpty, !fields.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if fields[key] == nil { fields[key] = value }
        }
        let flags = (fields["flags"] ?? "").split(separator: " ").map(String.init).filter(isRelevant).sorted()
        return MachineFacts(modelName: fields["model name"] ?? "unknown CPU", family: fields["cpu family"].flatMap { Int($0) },
                            model: fields["model"].flatMap { Int($0) }, flags: flags, clockGHz: clockGHz, cores: cores)
    }

    /// Effective clock in GHz: best of 3 × 2·10⁸ dependent adds (≈ 60 ms each at 3 GHz).
    public static func measureClockGHz() -> Double {
        let adds: UInt64 = 200_000_000
        let best = (0..<3).map { _ in hx_dependent_add_seconds(adds) }.filter { $0 > 0 }.min() ?? 0
        return best > 0 ? Double(adds) / best / 1e9 : 0
    }

    /// The clock by a second, independent chain (dependent 3-cycle multiplies), to check the add probe
    /// against: the two must agree on any x86-64 core (a renamer that folds adds would make them differ).
    public static func measureClockGHzByMultiplies() -> Double {
        let muls: UInt64 = 60_000_000
        let best = (0..<3).map { _ in hx_dependent_imul_seconds(muls) }.filter { $0 > 0 }.min() ?? 0
        return best > 0 ? 3 * Double(muls) / best / 1e9 : 0
    }

    /// Single-core 8-lane (256-bit) FMA peak in GFLOP/s: the best of 8 runs of 48 M FMAs after one
    /// discarded run. Why so many: the first runs after other work come out low (measured on the
    /// Emerald Rapids Xeon right after 512-bit code: 81–87 GFLOP/s for the first runs, then 93–95), and
    /// a peak read low makes every share against it read high.
    public static func measureFMAPeakGFLOPS() -> Double {
        let iterations: UInt64 = 4_000_000
        var sink: Float = 0
        let best = bestSeconds { hx_fma_peak_seconds(iterations, &sink) }
        return best > 0 ? Double(iterations) * 12 * 8 * 2 / best / 1e9 : 0
    }

    /// Single-core 16-lane (512-bit) FMA peak in GFLOP/s (as above), or nil without AVX-512 F.
    public static func measureFMA512PeakGFLOPS() -> Double? {
        guard hx_cpu_has_avx512f() != 0 else { return nil }
        let iterations: UInt64 = 4_000_000
        var sink: Float = 0
        let best = bestSeconds { hx_fma512_peak_seconds(iterations, &sink) }
        return best > 0 ? Double(iterations) * 12 * 16 * 2 / best / 1e9 : nil
    }

    /// The shortest of 8 timed runs after one warm-up run (0 when the probe is unavailable).
    static func bestSeconds(_ run: () -> Double) -> Double {
        _ = run()
        return (0..<8).map { _ in run() }.filter { $0 > 0 }.min() ?? 0
    }

    /// The 1, 5 and 15 minute load averages from `/proc/loadavg`, or nil.
    public static func loadAverage() -> [Double]? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        let values = text.split(separator: " ").prefix(3).compactMap { Double($0) }
        return values.count == 3 ? values : nil
    }
}
