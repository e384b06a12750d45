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
        // What the inference engines share: seeded RNG, libm shims, clock, CPU feature check. No database.
        .target(name: "HarmonixBase"),
        // Shared core over the base: organism contract, field database helpers, shared organism concepts.
        .target(
            name: "HarmonixCore",
            dependencies: ["HarmonixBase", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // System zlib, used to inflate the deflated members of the Sonnet `.npz` weights.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),

        // The two inference engines, each readable alone (llama2.c's spirit): no database, no organism.
        // Sonnet's character-level NanoGPT: npz/ZIP/NPY reader, packed GEMM kernels, forward pass, sampling.
        .target(name: "NanoGPTEngine", dependencies: ["HarmonixBase", "CZlib", "NanoGPTKernelsC"], swiftSettings: kernelFlags),
        // Sonnet's AVX-512 GEMM path, chosen at run time (Swift has no per-function target attributes).
        // No FP contraction: its results must equal the Swift AVX2 kernel's bit for bit.
        .target(name: "NanoGPTKernelsC", cSettings: kernelCFlags + [.unsafeFlags(["-ffp-contract=off"])]),
        // AVX2 int8 dot products of the Llama engine (Swift SIMD cannot express vpmaddubsw/vpmaddwd).
        .target(name: "ProseKernelsC", cSettings: kernelCFlags),
        // Prose's Llama-architecture engine: GGUF reader, quantised kernels, tokenizers, sampler chain.
        .target(name: "LlamaGGUF", dependencies: ["HarmonixBase", "ProseKernelsC"], swiftSettings: kernelFlags),

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
            dependencies: ["HarmonixCore", "NanoGPTEngine", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: kernelFlags
        ),
        .target(
            name: "Prose",
            dependencies: ["HarmonixCore", "LlamaGGUF", .product(name: "GRDB", package: "GRDB.swift")],
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
                "HarmonixCore", "Haiku", "Sonnet", "Prose", "Cascade", "MachineProbeC",
                .product(name: "Yams", package: "Yams"),
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),

        // The thin command-line front end: argument parsing and printing only.
        .executableTarget(
            name: "harmonix",
            dependencies: [
                "Harness", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Test helper, not a user command: loads one model file under setrlimit for the reader fuzz tests
        // (a crash ends this child, not the test runner). See Sources/ModelProbe/main.swift.
        .executableTarget(name: "ModelProbe", dependencies: ["HarmonixCore", "Sonnet", "Prose"], swiftSettings: kernelFlags),

        .testTarget(name: "HarmonixCoreTests", dependencies: ["HarmonixCore"]),
        .testTarget(name: "HaikuTests", dependencies: ["Haiku", "HarmonixCore"]),
        .testTarget(name: "SonnetTests", dependencies: ["Sonnet", "NanoGPTEngine", "HarmonixCore"], swiftSettings: kernelFlags),
        .testTarget(name: "ProseTests", dependencies: ["Prose", "LlamaGGUF", "HarmonixCore"], swiftSettings: kernelFlags),
        .testTarget(name: "CascadeTests", dependencies: ["Cascade", "HarmonixCore"], swiftSettings: kernelFlags),
        .testTarget(name: "HarnessTests", dependencies: ["Harness", "HarmonixCore"]),
    ],
    swiftLanguageModes: [.v6]
)
