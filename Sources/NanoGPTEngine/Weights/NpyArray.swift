/// One NPY (format v1.x) array of little-endian float32 in C order, as numpy writes it.
///
/// Layout: magic `\x93NUMPY`, major 1, minor 0, a little-endian UInt16 header length, then a
/// Python-literal dict `{'descr': '<f4', 'fortran_order': False, 'shape': (65, 128), }` padded
/// with spaces to a 64-byte boundary, then the raw data.
struct NpyArray {
    let shape: [Int]
    let values: [Float]

    /// The most bytes an NPY member of `count` float32 values can take: magic, version, length, a
    /// header of at most 65,535 bytes, then the data (what a member's uncompressed size is held to).
    static func maximumByteCount(values count: Int) -> Int { 10 + 65_535 + 4 * count }

    /// - parameter expectedShape: the shape the model needs; a header with another shape is refused
    ///   before its data is touched (nil: any shape whose data the member holds).
    /// - throws: ``SonnetError/badArray(path:member:detail:)`` naming what is wrong (magic,
    ///   version, dtype, order, shape, data length), ``SonnetError/wrongShape(path:name:expected:found:)``.
    init(bytes: [UInt8], member: String, path: String, expectedShape: [Int]? = nil) throws {
        func fail(_ detail: String) -> SonnetError { .badArray(path: path, member: member, detail: detail) }
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw fail("no NPY magic") }
        guard bytes[6] == 1 else { throw fail("NPY version \(bytes[6]).\(bytes[7]), only 1.x is read") }
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        let dataStart = 10 + headerLength
        guard dataStart <= bytes.count else { throw fail("header of \(headerLength) bytes runs past the member") }
        let header = String(decoding: bytes[10..<dataStart], as: UTF8.self)
        guard header.hasPrefix("{"), let close = header.lastIndex(of: "}"),
              header[header.index(after: close)...].allSatisfy({ $0 == " " || $0 == "\n" })
        else { throw fail("header is not a Python dict literal padded with spaces") }

        guard let descr = Self.value(of: "descr", in: header) else { throw fail("header has no 'descr'") }
        guard descr == "'<f4'" else { throw fail("dtype \(descr), expected '<f4' (little-endian float32)") }
        guard let order = Self.value(of: "fortran_order", in: header) else { throw fail("header has no 'fortran_order'") }
        guard order == "False" else { throw fail("fortran_order \(order), expected False (C order)") }
        guard let shapeText = Self.value(of: "shape", in: header),
              shapeText.hasPrefix("("), shapeText.hasSuffix(")")
        else { throw fail("header has no 'shape' tuple") }
        var dims: [Int] = []
        for part in shapeText.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false) {
            let t = part.trimmedSpaces()
            if t.isEmpty { continue }
            guard let d = Int(t), d >= 0 else { throw fail("shape \(shapeText) is not a tuple of integers") }
            dims.append(d)
        }
        if let expectedShape, dims != expectedShape {
            let name = member.hasSuffix(".npy") ? String(member.dropLast(4)) : member
            throw SonnetError.wrongShape(path: path, name: name, expected: expectedShape, found: dims)
        }
        // The product of the dimensions and its byte count, without overflow: a shape larger than the
        // member's data is refused before anything is allocated.
        var count = 1
        for d in dims {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, product <= (bytes.count - dataStart) / 4 + 1 else {
                throw fail("shape \(dims) needs more than the \(bytes.count - dataStart) data bytes of the member")
            }
            count = product
        }
        shape = dims
        guard bytes.count - dataStart == count * 4 else {
            throw fail("\(bytes.count - dataStart) data bytes for shape \(dims) (needs \(count * 4))")
        }
        var out = [Float](repeating: 0, count: count)
        out.withUnsafeMutableBytes { dst in
            bytes.withUnsafeBytes { src in
                dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[dataStart...]))
            }
        }
        #if _endian(big)
        for i in out.indices { out[i] = Float(bitPattern: UInt32(littleEndian: out[i].bitPattern)) }
        #endif
        values = out
    }

    /// The literal after `'key':` up to the next top-level comma (a tuple counts as one value).
    private static func value(of key: String, in header: String) -> String? {
        guard let keyRange = header.range(of: "'\(key)':") else { return nil }
        var depth = 0
        var text = ""
        for ch in header[keyRange.upperBound...] {
            if ch == "(" { depth += 1 }
            if ch == ")" { depth -= 1 }
            if depth == 0 && (ch == "," || ch == "}") { break }
            text.append(ch)
        }
        return text.trimmedSpaces()
    }
}

private extension String {
    func trimmedSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}

private extension Substring {
    func trimmedSpaces() -> String { String(self).trimmedSpaces() }
}
