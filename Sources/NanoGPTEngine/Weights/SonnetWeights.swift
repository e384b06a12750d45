import Foundation

/// The float32 parameters of the Sonnet NanoGPT (spec §1.3), read from the original
/// `shakespeare_gpt.npz` as users have it, names and shapes checked against §1.1.
///
/// Arrays keep PyTorch's Linear layout, (out, in); the model packs them for its kernels.
///
/// ```swift
/// let weights = try SonnetWeights(contentsOf: "../shared/data/sonnet/shakespeare_gpt.npz")
/// ```
public struct SonnetWeights: Sendable {
    public struct Block: Sendable {
        /// Per head h = 0..3: (out 32, in 128).
        public var query: [[Float]], key: [[Float]], value: [[Float]]
        public var projWeight: [Float], projBias: [Float]
        public var ffnInWeight: [Float], ffnInBias: [Float]
        public var ffnOutWeight: [Float], ffnOutBias: [Float]
        public var ln1Weight: [Float], ln1Bias: [Float], ln2Weight: [Float], ln2Bias: [Float]
    }

    public var tokenEmbedding: [Float]
    public var positionEmbedding: [Float]
    public var blocks: [Block]
    public var lnFWeight: [Float], lnFBias: [Float]
    public var headWeight: [Float], headBias: [Float]
    /// Where the weights were read from.
    public var path: String

    /// Every array the model uses with its expected shape (the 16 `tril` buffers are not needed).
    static var expectedShapes: [(String, [Int])] {
        let c = NanoGPTConfig.self
        var list: [(String, [Int])] = [
            ("embedding_table.weight", [c.vocabSize, c.embedding]),
            ("position_embedding_table.weight", [c.blockSize, c.embedding]),
        ]
        for i in 0..<c.layers {
            for h in 0..<c.heads {
                for kind in ["key", "query", "value"] {
                    list.append(("blocks.\(i).sa.heads.\(h).\(kind).weight", [c.headSize, c.embedding]))
                }
            }
            list += [
                ("blocks.\(i).sa.proj.weight", [c.embedding, c.embedding]),
                ("blocks.\(i).sa.proj.bias", [c.embedding]),
                ("blocks.\(i).ffwd.net.0.weight", [c.ffn, c.embedding]),
                ("blocks.\(i).ffwd.net.0.bias", [c.ffn]),
                ("blocks.\(i).ffwd.net.2.weight", [c.embedding, c.ffn]),
                ("blocks.\(i).ffwd.net.2.bias", [c.embedding]),
                ("blocks.\(i).ln1.weight", [c.embedding]), ("blocks.\(i).ln1.bias", [c.embedding]),
                ("blocks.\(i).ln2.weight", [c.embedding]), ("blocks.\(i).ln2.bias", [c.embedding]),
            ]
        }
        list += [
            ("ln_f.weight", [c.embedding]), ("ln_f.bias", [c.embedding]),
            ("lm_head.weight", [c.vocabSize, c.embedding]), ("lm_head.bias", [c.vocabSize]),
        ]
        return list
    }

    /// The largest npz read: 64 MiB, far above the 3.3 MB the architecture's arrays take uncompressed.
    public static let maximumFileSize = 64 << 20

    /// Reads and checks the npz at `path`.
    ///
    /// - throws: ``SonnetError/weightsUnreadable(path:reason:)`` (no such file),
    ///   ``SonnetError/notAnNpzArchive(path:detail:)`` (a foreign file),
    ///   ``SonnetError/truncatedArchive(path:detail:)`` (cut short),
    ///   ``SonnetError/badArray(path:member:detail:)``, ``SonnetError/missingArrays(path:names:)``,
    ///   ``SonnetError/wrongShape(path:name:expected:found:)``.
    public init(contentsOf path: String) throws {
        // The checkpoint's 816,705 floats take 3.3 MB even stored uncompressed: a larger file is not
        // this model, and is refused before it is read into memory.
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let type = attributes?[.type] as? FileAttributeType, type == .typeDirectory {
            throw SonnetError.weightsUnreadable(path: path, reason: "it is a directory, not an npz file")
        }
        if let size = (attributes?[.size] as? NSNumber)?.intValue, size > Self.maximumFileSize {
            throw SonnetError.notAnNpzArchive(
                path: path, detail: "\(size) bytes, more than the \(Self.maximumFileSize) any Sonnet checkpoint can take")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SonnetError.weightsUnreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        try self.init(npzBytes: [UInt8](data), path: path)
    }

    init(npzBytes: [UInt8], path: String) throws {
        let zip = try ZipArchive(bytes: npzBytes, path: path)
        var byName: [String: ZipArchive.Entry] = [:]
        for entry in zip.entries where entry.name.hasSuffix(".npy") {
            byName[String(entry.name.dropLast(4))] = entry
        }
        let expected = Self.expectedShapes
        let missing = expected.map(\.0).filter { byName[$0] == nil }
        if !missing.isEmpty { throw SonnetError.missingArrays(path: path, names: missing) }

        var arrays: [String: [Float]] = [:]
        for (name, shape) in expected {
            guard let entry = byName[name] else { throw SonnetError.missingArrays(path: path, names: [name]) }
            let values = shape.reduce(1, *)
            let bytes = try zip.contents(of: entry, limit: NpyArray.maximumByteCount(values: values))
            let array = try NpyArray(bytes: bytes, member: entry.name, path: path, expectedShape: shape)
            arrays[name] = array.values
        }
        // Every name below is in `expectedShapes`, hence in `arrays`; `take` still reports a gap by name.
        func take(_ name: String) throws -> [Float] {
            guard let values = arrays[name] else { throw SonnetError.missingArrays(path: path, names: [name]) }
            return values
        }
        self.path = path
        tokenEmbedding = try take("embedding_table.weight")
        positionEmbedding = try take("position_embedding_table.weight")
        blocks = try (0..<NanoGPTConfig.layers).map { i in
            let p = "blocks.\(i)."
            func heads(_ kind: String) throws -> [[Float]] {
                try (0..<NanoGPTConfig.heads).map { try take("\(p)sa.heads.\($0).\(kind).weight") }
            }
            return Block(
                query: try heads("query"), key: try heads("key"), value: try heads("value"),
                projWeight: try take(p + "sa.proj.weight"), projBias: try take(p + "sa.proj.bias"),
                ffnInWeight: try take(p + "ffwd.net.0.weight"), ffnInBias: try take(p + "ffwd.net.0.bias"),
                ffnOutWeight: try take(p + "ffwd.net.2.weight"), ffnOutBias: try take(p + "ffwd.net.2.bias"),
                ln1Weight: try take(p + "ln1.weight"), ln1Bias: try take(p + "ln1.bias"),
                ln2Weight: try take(p + "ln2.weight"), ln2Bias: try take(p + "ln2.bias"))
        }
        lnFWeight = try take("ln_f.weight")
        lnFBias = try take("ln_f.bias")
        headWeight = try take("lm_head.weight")
        headBias = try take("lm_head.bias")
    }

    /// Number of parameters read (816,705 for the original checkpoint).
    public var parameterCount: Int {
        Self.expectedShapes.reduce(0) { $0 + $1.1.reduce(1, *) }
    }
}
