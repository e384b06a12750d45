// ModelProbe: a test helper, not a user command (it is not part of `harmonix` and not in its help).
//
// The model-reader fuzz tests (`NpzFuzzTests`, `GGUFFuzzTests`) load each mutated model file in a
// child process running this program, so that a crash, a trap or runaway memory ends one child and
// is seen as a signal instead of killing the test runner. The child limits its own address space
// (setrlimit RLIMIT_AS) and CPU time (RLIMIT_CPU) before touching the file.
//
//   ModelProbe npz  PATH [--address-space-mib N] [--cpu-seconds S]
//   ModelProbe gguf PATH [--address-space-mib N] [--cpu-seconds S]
//
// Exit 0: the model loaded; stdout is one line "ok <format> <digest> …" (npz: FNV-1a of every float
// the model uses, in load order, and 16 greedy characters; gguf: the configuration, the vocabulary
// size and 4 greedy token ids). Exit 1: a named error, printed as one line on stderr. Exit 2: usage.
// Anything else (a signal) is a defect in the readers.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import HarmonixCore
import Prose
import Sonnet

func fail(_ message: String, code: Int32) -> Never {
    let line = message.split(whereSeparator: \.isNewline).joined(separator: " ")
    FileHandle.standardError.write(Data((line + "\n").utf8))
    exit(code)
}

func limit(_ resource: Int32, _ value: UInt64) {
    var r = rlimit(rlim_cur: rlim_t(value), rlim_max: rlim_t(value))
    #if canImport(Glibc)
    let ok = setrlimit(__rlimit_resource_t(UInt32(resource)), &r) == 0
    #else
    let ok = setrlimit(resource, &r) == 0
    #endif
    if !ok { fail("setrlimit(\(resource), \(value)) failed: \(String(cString: strerror(errno)))", code: 2) }
}

/// FNV-1a over the bit patterns of `values`, folded into `hash`.
func fnv(_ hash: inout UInt64, _ values: [Float]) {
    for v in values {
        var b = v.bitPattern
        for _ in 0..<4 {
            hash = (hash ^ UInt64(b & 0xFF)) &* 0x100_0000_01b3
            b >>= 8
        }
    }
}

/// Removes `name VALUE` from `args` and returns VALUE.
func option(_ name: String, in args: inout [String]) -> UInt64? {
    guard let i = args.firstIndex(of: name) else { return nil }
    guard i + 1 < args.count, let v = UInt64(args[i + 1]) else { fail("\(name) needs a number", code: 2) }
    args.removeSubrange(i...(i + 1))
    return v
}
var args = Array(CommandLine.arguments.dropFirst())
let addressSpaceMiB = option("--address-space-mib", in: &args) ?? 1024
let cpuSeconds = option("--cpu-seconds", in: &args) ?? 30
guard args.count == 2, ["npz", "gguf"].contains(args[0]) else {
    fail("usage: ModelProbe npz|gguf PATH [--address-space-mib N] [--cpu-seconds S]", code: 2)
}
#if canImport(Glibc)
limit(Int32(RLIMIT_AS.rawValue), addressSpaceMiB << 20)
limit(Int32(RLIMIT_CPU.rawValue), cpuSeconds)
#else
limit(RLIMIT_AS, addressSpaceMiB << 20)
limit(RLIMIT_CPU, cpuSeconds)
#endif

let path = args[1]
do {
    switch args[0] {
    case "npz":
        let weights = try SonnetWeights(contentsOf: path)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        fnv(&hash, weights.tokenEmbedding)
        fnv(&hash, weights.positionEmbedding)
        for b in weights.blocks {
            for h in b.query + b.key + b.value { fnv(&hash, h) }
            for v in [b.projWeight, b.projBias, b.ffnInWeight, b.ffnInBias, b.ffnOutWeight, b.ffnOutBias,
                      b.ln1Weight, b.ln1Bias, b.ln2Weight, b.ln2Bias] { fnv(&hash, v) }
        }
        for v in [weights.lnFWeight, weights.lnFBias, weights.headWeight, weights.headBias] { fnv(&hash, v) }
        let engine = try SonnetEngine(weights: weights)
        var rng = SeededGenerator(seed: 1)
        let text = try engine.generateBlocking(prompt: "\n", maxTokens: 16, temperature: 0, rng: &rng)
        print("ok npz \(String(hash, radix: 16)) \(weights.parameterCount) \(Array(text.utf8))")
    default:
        let engine = try LlamaEngine(modelPath: path, threads: 1, contextLength: 64, useFastKernels: true)
        let c = engine.model.config
        let g = try engine.generate(prompt: "a", maxTokens: 4, temperature: 0, seed: 1, stopAtEndOfGeneration: false)
        print("ok gguf layers \(c.layerCount) dim \(c.dim) ffn \(c.ffnDim) heads \(c.headCount)/\(c.kvHeadCount) "
            + "rope \(c.ropeDim) \(c.ropeBase) eps \(c.rmsEpsilon) ctx \(c.trainedContext) vocab \(c.vocabSize) "
            + "tokens \(engine.tokenizer.vocabulary.tokens.count) prompt \(g.promptTokens) out \(g.tokens)")
    }
} catch {
    fail("error: \(error)", code: 1)
}
