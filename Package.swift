// swift-tools-version: 6.0
import PackageDescription

// Kernels (Sonnet's NanoGPT, Prose's Llama) need AVX2/FMA/F16C: without them Swift's x86-64 code
// calls `fmaf` per lane and runs ~35x slower (see ../shared/spec/performance.md). The flags are
// guarded to x86-64; `CPUFeatures.requireKernelSupport()` turns a missing feature into a clear error.
#if arch(x86_64)
let kernelFlags: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-mavx2", "-Xcc", "-mfma", "-Xcc", "-mf16c"])]
let kernelCFlags: [CSetting] = [.unsafeFlags(["-mavx2", "-mfma", "-mf16c", "-O3"])]
#else
let kernelFlags: [SwiftSetting] = []
let kernelCFlags: [CSetting] = []
#endif

let package = Package(
    name: "HarmonixLab",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "harmonix", targets: ["harmonix"]),
        .library(name: "Harness", targets: ["Harness"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.0"),
    ],
    targets: [
        // Shared core: seeded RNG, organism contract, field database helpers, clocks. Imports nothing of ours.
        .target(
            name: "HarmonixCore",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift")]
        ),
        // System zlib, used to inflate the deflated members of the Sonnet `.npz` weights.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),

        // The three organisms. They never import each other: they meet only in `Cascade`.
        .target(
            name: "Haiku",
            dependencies: [
                "HarmonixCore", .product(name: "GRDB", package: "GRDB.swift"),
                // Prepared statements bound with sqlite3_bind_text when saving the Markov chain.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "Sonnet",
            dependencies: ["HarmonixCore", "CZlib", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: kernelFlags
        ),
        // AVX2 int8 dot products of the Prose engine (Swift SIMD cannot express vpmaddubsw/vpmaddwd).
        .target(name: "ProseKernelsC", cSettings: kernelCFlags),
        .target(
            name: "Prose",
            dependencies: ["HarmonixCore", "ProseKernelsC", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: kernelFlags
        ),

        // MetaHarmonix: sync / async / async-parity cascades over the organisms.
        .target(name: "Cascade", dependencies: ["HarmonixCore", "Haiku", "Sonnet", "Prose"]),

        // Clock and FMA-peak probes and the calibration kernels (C, so Swift's optimiser cannot fold them).
        .target(name: "MachineProbeC", cSettings: kernelCFlags),

        // Manifests, runner, Leo metrics, statistics, CSV, charts, report, regression check.
        .target(
            name: "Harness",
            dependencies: [
                "HarmonixCore", "Cascade", "MachineProbeC",
                .product(name: "Yams", package: "Yams"),
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),

        // The thin command-line front end: argument parsing and printing only.
        .executableTarget(
            name: "harmonix",
            dependencies: [
                "Harness", "Haiku", "Sonnet", "Prose", "HarmonixCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Test helper, not a user command: loads one model file under setrlimit for the reader fuzz tests
        // (a crash ends this child, not the test runner). See Sources/ModelProbe/main.swift.
        .executableTarget(name: "ModelProbe", dependencies: ["HarmonixCore", "Sonnet", "Prose"], swiftSettings: kernelFlags),

        .testTarget(name: "HarmonixCoreTests", dependencies: ["HarmonixCore"]),
        .testTarget(name: "HaikuTests", dependencies: ["Haiku", "HarmonixCore"]),
        .testTarget(name: "SonnetTests", dependencies: ["Sonnet", "HarmonixCore"], swiftSettings: kernelFlags),
        .testTarget(name: "ProseTests", dependencies: ["Prose", "HarmonixCore"], swiftSettings: kernelFlags),
        .testTarget(name: "CascadeTests", dependencies: ["Cascade", "HarmonixCore"], swiftSettings: kernelFlags),
        .testTarget(name: "HarnessTests", dependencies: ["Harness", "HarmonixCore"]),
    ],
    swiftLanguageModes: [.v6]
)
