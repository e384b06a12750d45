#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A memory-mapped GGUF file (versions 2 and 3): its metadata, its tensor table and raw tensor data.
///
/// The whole file is mapped read-only once; tensor data is never copied, so quantised weights stay
/// as they are on disk and the resident size is about the file size (pages are shared with the page
/// cache). Layout (little-endian): magic "GGUF", version u32, tensor count u64, KV count u64; KV pairs
/// (string key, value type u32, value); tensor infos (name, n_dims u32, dims u64…, type u32, offset
/// u64); then the data section, aligned to `general.alignment` (default 32).
///
/// - warning: the mapping lives as long as this object; tensor views must not outlive it.
public final class GGUFFile: @unchecked Sendable {
    public let path: String
    public let version: UInt32
    public let metadata: [String: GGUFValue]
    /// Metadata keys in file order (for dumps).
    public let metadataKeys: [String]
    public let tensors: [GGUFTensorInfo]
    public let alignment: Int
    /// File offset of the data section.
    public let dataOffset: Int
    public let fileSize: Int

    private let base: UnsafeRawPointer
    private let tensorIndex: [String: Int]

    /// Maps and parses the file.
    /// - throws: `GGUFError` naming the key or tensor for a truncated, unsupported or inconsistent file.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw GGUFError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw GGUFError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        let kind = Int(info.st_mode) & Int(S_IFMT)
        guard kind == Int(S_IFREG) else {
            throw GGUFError.cannotOpen(path: path, reason: kind == Int(S_IFDIR) ? "it is a directory" : "it is not a regular file")
        }
        let size = Int(info.st_size)
        guard size > 0 else { throw GGUFError.truncated(path: path, what: "the header", needed: 24, fileSize: 0) }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw GGUFError.cannotOpen(path: path, reason: "mmap failed: \(String(cString: strerror(errno)))")
        }
        let raw = UnsafeRawPointer(mapped)
        do {
            var reader = GGUFByteReader(base: raw, size: size, path: path)
            let header = try GGUFFile.parse(&reader)
            version = header.version
            metadata = header.metadata
            metadataKeys = header.keys
            tensors = header.tensors
            alignment = header.alignment
            dataOffset = header.dataOffset
        } catch {
            munmap(mapped, size)
            throw error
        }
        base = raw
        fileSize = size
        var index: [String: Int] = [:]
        for (i, t) in tensors.enumerated() { index[t.name] = i }
        tensorIndex = index
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), fileSize) }

    // MARK: - Metadata access

    public func value(_ key: String) throws -> GGUFValue {
        guard let v = metadata[key] else { throw GGUFError.missingKey(path: path, key: key) }
        return v
    }

    public func int(_ key: String) throws -> Int { try typed(key, "an integer", \.intValue) }

    public func int(_ key: String, default fallback: Int) throws -> Int {
        metadata[key] == nil ? fallback : try int(key)
    }

    public func double(_ key: String) throws -> Double { try typed(key, "a number", \.doubleValue) }

    public func double(_ key: String, default fallback: Double) throws -> Double {
        metadata[key] == nil ? fallback : try double(key)
    }

    public func string(_ key: String) throws -> String { try typed(key, "a string", \.stringValue) }

    public func bool(_ key: String, default fallback: Bool) throws -> Bool {
        metadata[key] == nil ? fallback : try typed(key, "a bool", \.boolValue)
    }

    public func stringArray(_ key: String) throws -> [String] {
        try typedArray(key, "an array of strings", \.stringValue)
    }

    public func floatArray(_ key: String) throws -> [Float] {
        try typedArray(key, "an array of numbers") { $0.doubleValue.map { Float($0) } }
    }

    public func intArray(_ key: String) throws -> [Int] { try typedArray(key, "an array of integers", \.intValue) }

    /// The value of `key` seen through `view` (one of ``GGUFValue``'s `…Value` properties).
    /// - throws: ``GGUFError/missingKey(path:key:)``, or ``GGUFError/wrongKeyType(path:key:expected:found:)``
    ///   with `expected` when the view gives nil.
    private func typed<T>(_ key: String, _ expected: String, _ view: (GGUFValue) -> T?) throws -> T {
        let v = try value(key)
        guard let typed = view(v) else { throw GGUFError.wrongKeyType(path: path, key: key, expected: expected, found: v.typeName) }
        return typed
    }

    /// Every element of the array at `key` seen through `view`. A wrong element reports the
    /// array's type as `found`, as a wrong container does: the message names the key, not the index.
    private func typedArray<T>(_ key: String, _ expected: String, _ view: (GGUFValue) -> T?) throws -> [T] {
        let v = try value(key)
        let wrongType = GGUFError.wrongKeyType(path: path, key: key, expected: expected, found: v.typeName)
        guard let items = v.arrayValue else { throw wrongType }
        return try items.map {
            guard let typed = view($0) else { throw wrongType }
            return typed
        }
    }

    // MARK: - Tensor access

    public func tensorInfo(_ name: String) throws -> GGUFTensorInfo {
        guard let i = tensorIndex[name] else { throw GGUFError.missingTensor(path: path, name: name) }
        return tensors[i]
    }

    public func hasTensor(_ name: String) -> Bool { tensorIndex[name] != nil }

    /// A view of one tensor's data in the mapping, with its supported type.
    /// - throws: `GGUFError.missingTensor` / `.unsupportedTensorType`.
    public func tensor(_ name: String) throws -> GGUFTensor {
        let info = try tensorInfo(name)
        guard let type = info.type else {
            throw GGUFError.unsupportedTensorType(path: path, name: name, typeName: GGMLType.name(ofRawType: info.rawType))
        }
        return GGUFTensor(info: info, type: type, data: base + dataOffset + info.offset)
    }

    // MARK: - Parsing

    private struct Header {
        var version: UInt32
        var metadata: [String: GGUFValue]
        var keys: [String]
        var tensors: [GGUFTensorInfo]
        var alignment: Int
        var dataOffset: Int
    }

    private static func parse(_ r: inout GGUFByteReader) throws -> Header {
        let magic = try r.bytes(4, what: "the magic number")
        guard magic == Array("GGUF".utf8) else {
            throw GGUFError.badMagic(path: r.path, found: String(decoding: magic, as: UTF8.self))
        }
        let version: UInt32 = try r.scalar(what: "the version")
        guard version == 2 || version == 3 else { throw GGUFError.unsupportedVersion(path: r.path, version: version) }
        let tensorCount = try r.count(what: "the tensor count")
        let kvCount = try r.count(what: "the metadata count")

        var metadata: [String: GGUFValue] = [:]
        var keys: [String] = []
        for i in 0..<kvCount {
            let key = try r.string(what: "metadata key #\(i)")
            let rawType: UInt32 = try r.scalar(what: "the value type of '\(key)'")
            guard let kind = GGUFValue.Kind(rawValue: rawType) else {
                throw GGUFError.badValueType(path: r.path, key: key, rawType: rawType)
            }
            let value = try r.value(kind, key: key)
            guard metadata.updateValue(value, forKey: key) == nil else {
                throw GGUFError.inconsistent(path: r.path, subject: "key '\(key)'", detail: "listed twice in the metadata")
            }
            keys.append(key)
        }

        var alignment = 32
        if let a = metadata["general.alignment"] {
            guard let v = a.intValue, v > 0, v & (v - 1) == 0, v <= GGUFByteReader.maximumAlignment else {
                throw GGUFError.inconsistent(path: r.path, subject: "key 'general.alignment'",
                                             detail: "\(a), expected a power of two in 1...\(GGUFByteReader.maximumAlignment)")
            }
            alignment = v
        }

        var tensors: [GGUFTensorInfo] = []
        // Reserve only what the bytes left can hold (a tensor info takes ≥ 32 bytes): a garbage count
        // in a large file then ends in a named error at the first missing entry, not in a huge allocation.
        tensors.reserveCapacity(min(tensorCount, r.room(bytesEach: GGUFByteReader.minimumTensorInfoBytes)))
        var tensorNames = Set<String>()
        for i in 0..<tensorCount {
            let name = try r.string(what: "the name of tensor #\(i)")
            let nDims: UInt32 = try r.scalar(what: "the rank of tensor '\(name)'")
            guard nDims >= 1, nDims <= 4 else {
                throw GGUFError.inconsistent(path: r.path, subject: "tensor '\(name)'", detail: "rank \(nDims) (must be 1…4)")
            }
            guard tensorNames.insert(name).inserted else {
                throw GGUFError.inconsistent(path: r.path, subject: "tensor '\(name)'", detail: "listed twice in the tensor table")
            }
            // Each dimension and their product are held to 8 × the file size (no ggml type packs a
            // value into fewer than 1.5 bits), so later sizes cannot overflow.
            var dims: [Int] = []
            var elements = 1
            for _ in 0..<nDims {
                let d: UInt64 = try r.scalar(what: "the dimensions of tensor '\(name)'")
                let (product, overflow) = elements.multipliedReportingOverflow(by: Int(truncatingIfNeeded: min(d, 1 << 62)))
                guard d > 0, d <= UInt64(r.size) * 8, !overflow, product <= r.size * 8 else {
                    throw GGUFError.inconsistent(path: r.path, subject: "tensor '\(name)'",
                                                 detail: "dimension \(d) (dimensions so far \(dims)): more values than a \(r.size)-byte file can hold")
                }
                elements = product
                dims.append(Int(d))
            }
            let type: UInt32 = try r.scalar(what: "the type of tensor '\(name)'")
            let offset: UInt64 = try r.scalar(what: "the data offset of tensor '\(name)'")
            guard offset <= UInt64(r.size), case let off = Int(offset), off % alignment == 0 else {
                throw GGUFError.inconsistent(path: r.path, subject: "tensor '\(name)'",
                                             detail: "data offset \(offset), expected a multiple of the alignment \(alignment) within the \(r.size)-byte file")
            }
            tensors.append(GGUFTensorInfo(name: name, dimensions: dims, rawType: type, offset: off))
        }

        let dataOffset = (r.position + alignment - 1) / alignment * alignment
        // Every tensor of a supported type must lie inside the file; a short file names the first tensor cut off.
        for t in tensors {
            guard let type = t.type else { continue }
            guard t.rowLength % type.blockSize == 0 else {
                throw GGUFError.inconsistent(path: r.path, subject: "tensor '\(t.name)'",
                                             detail: "row length \(t.rowLength) is not a multiple of the \(type) block size \(type.blockSize)")
            }
            // No term exceeds 32 × the file size (elements ≤ 8 × size, ≤ 4 bytes each): no overflow.
            let end = dataOffset + t.offset + type.byteCount(t.elementCount)
            guard end <= r.size else {
                throw GGUFError.truncated(path: r.path, what: "the data of tensor '\(t.name)'", needed: end, fileSize: r.size)
            }
        }
        return Header(version: version, metadata: metadata, keys: keys, tensors: tensors, alignment: alignment, dataOffset: dataOffset)
    }
}

/// A typed view of one tensor's bytes inside the mapping (no copy).
public struct GGUFTensor: @unchecked Sendable {
    public let info: GGUFTensorInfo
    public let type: GGMLType
    public let data: UnsafeRawPointer

    public var rows: Int { info.rowCount }
    public var cols: Int { info.rowLength }
    public var rowBytes: Int { type.byteCount(info.rowLength) }
}

/// Bounds-checked little-endian cursor over the mapped header.
struct GGUFByteReader {
    let base: UnsafeRawPointer
    let size: Int
    let path: String
    var position = 0

    init(base: UnsafeRawPointer, size: Int, path: String) {
        self.base = base
        self.size = size
        self.path = path
    }

    mutating func need(_ n: Int, what: String) throws {
        guard n >= 0, position + n <= size else {
            throw GGUFError.truncated(path: path, what: what, needed: position + max(n, 0), fileSize: size)
        }
    }

    mutating func bytes(_ n: Int, what: String) throws -> [UInt8] {
        try need(n, what: what)
        let out = Array(UnsafeRawBufferPointer(start: base + position, count: n))
        position += n
        return out
    }

    mutating func scalar<T: FixedWidthInteger>(what: String) throws -> T {
        try need(MemoryLayout<T>.size, what: what)
        let v = base.loadUnaligned(fromByteOffset: position, as: T.self)
        position += MemoryLayout<T>.size
        return T(littleEndian: v)
    }

    /// Smallest encoding of a tensor info: name length u64 + rank u32 + one dimension u64 + type u32 + offset u64.
    static let minimumTensorInfoBytes = 32
    /// Arrays inside arrays are allowed this deep (GGUF allows nesting; llama files do not use it).
    static let maximumArrayDepth = 2
    static let maximumAlignment = 1 << 20

    /// A u64 count smaller than the file (guards against garbage counts in corrupt files; a count
    /// that fits the file but not the bytes left ends in a `truncated` error at the first missing item).
    mutating func count(what: String) throws -> Int {
        let v: UInt64 = try scalar(what: what)
        guard v < UInt64(size) else {
            throw GGUFError.inconsistent(path: path, subject: what, detail: "\(v), expected less than the file size (\(size) bytes)")
        }
        return Int(v)
    }

    /// How many items of at least `bytesEach` bytes the rest of the file can hold: the most any list
    /// is reserved for before its items are read.
    func room(bytesEach: Int) -> Int { (size - position) / max(bytesEach, 1) }

    mutating func string(what: String) throws -> String {
        let n = try count(what: "the length of \(what)")
        try need(n, what: what)
        let s = String(decoding: UnsafeRawBufferPointer(start: base + position, count: n), as: UTF8.self)
        position += n
        return s
    }

    mutating func value(_ kind: GGUFValue.Kind, key: String, depth: Int = 0) throws -> GGUFValue {
        let what = "the value of '\(key)'"
        switch kind {
        case .uint8: return .uint8(try scalar(what: what))
        case .int8: return .int8(try scalar(what: what))
        case .uint16: return .uint16(try scalar(what: what))
        case .int16: return .int16(try scalar(what: what))
        case .uint32: return .uint32(try scalar(what: what))
        case .int32: return .int32(try scalar(what: what))
        case .float32: return .float32(Float(bitPattern: try scalar(what: what)))
        case .bool:
            let b: UInt8 = try scalar(what: what)
            return .bool(b != 0)
        case .string: return .string(try string(what: what))
        case .uint64: return .uint64(try scalar(what: what))
        case .int64: return .int64(try scalar(what: what))
        case .float64: return .float64(Double(bitPattern: try scalar(what: what)))
        case .array:
            let rawType: UInt32 = try scalar(what: "the element type of '\(key)'")
            guard let elementKind = GGUFValue.Kind(rawValue: rawType) else {
                throw GGUFError.badValueType(path: path, key: key, rawType: rawType)
            }
            guard depth < Self.maximumArrayDepth || elementKind != .array else {
                throw GGUFError.inconsistent(path: path, subject: "key '\(key)'",
                                             detail: "arrays nested deeper than \(Self.maximumArrayDepth) levels")
            }
            let n = try count(what: "the length of '\(key)'")
            var items: [GGUFValue] = []
            items.reserveCapacity(min(n, room(bytesEach: Self.minimumBytes(of: elementKind))))
            for _ in 0..<n { items.append(try value(elementKind, key: key, depth: depth + 1)) }
            return .array(items)
        }
    }
}

extension GGUFByteReader {
    /// The fewest bytes one value of `kind` takes in a file (a string its u64 length, an array its
    /// element type and length).
    static func minimumBytes(of kind: GGUFValue.Kind) -> Int {
        switch kind {
        case .uint8, .int8, .bool: 1
        case .uint16, .int16: 2
        case .uint32, .int32, .float32: 4
        case .uint64, .int64, .float64, .string: 8
        case .array: 12
        }
    }
}
