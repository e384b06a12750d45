import CZlib
import Foundation

/// A read-only view of a ZIP archive held in memory: the central directory parsed once, members
/// decompressed on request (stored, or raw DEFLATE through the system zlib).
///
/// numpy's `savez_compressed` writes exactly this: one DEFLATE member per array, no ZIP64, no
/// encryption. Only what such files need is supported; anything else is reported, never guessed.
///
/// ```swift
/// let zip = try ZipArchive(bytes: data, path: "shakespeare_gpt.npz")
/// let npy = try zip.contents(of: "lm_head.bias.npy")
/// ```
struct ZipArchive {
    struct Entry {
        let name: String
        let method: UInt16
        let compressedSize: Int
        let uncompressedSize: Int
        let localHeaderOffset: Int
    }

    let path: String
    private let bytes: [UInt8]
    /// Members in central-directory order.
    let entries: [Entry]

    /// - throws: ``SonnetError/notAnNpzArchive(path:detail:)`` when there is no end-of-central-directory
    ///   record; ``SonnetError/truncatedArchive(path:detail:)`` when the directory runs past the end.
    init(bytes: [UInt8], path: String) throws {
        self.bytes = bytes
        self.path = path
        let eocd = try Self.findEndOfCentralDirectory(bytes, path: path)
        let count = Int(Self.u16(bytes, eocd + 10))
        let directorySize = Int(Self.u32(bytes, eocd + 12))
        let directoryOffset = Int(Self.u32(bytes, eocd + 16))
        if count == 0xFFFF || directoryOffset == 0xFFFF_FFFF {
            throw SonnetError.notAnNpzArchive(path: path, detail: "ZIP64 archives are not supported")
        }
        guard directoryOffset + directorySize <= eocd else {
            throw SonnetError.truncatedArchive(
                path: path,
                detail: "central directory at \(directoryOffset)+\(directorySize) lies beyond byte \(eocd)")
        }
        var list: [Entry] = []
        list.reserveCapacity(count)
        var p = directoryOffset
        for index in 0..<count {
            guard p + 46 <= eocd, Self.u32(bytes, p) == 0x0201_4b50 else {
                throw SonnetError.truncatedArchive(
                    path: path, detail: "central directory entry \(index + 1) of \(count) is missing or damaged")
            }
            let nameLength = Int(Self.u16(bytes, p + 28))
            let extraLength = Int(Self.u16(bytes, p + 30))
            let commentLength = Int(Self.u16(bytes, p + 32))
            guard p + 46 + nameLength <= eocd else {
                throw SonnetError.truncatedArchive(path: path, detail: "entry \(index + 1)'s name runs past the directory")
            }
            let name = String(decoding: bytes[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            list.append(Entry(
                name: name, method: Self.u16(bytes, p + 10),
                compressedSize: Int(Self.u32(bytes, p + 20)), uncompressedSize: Int(Self.u32(bytes, p + 24)),
                localHeaderOffset: Int(Self.u32(bytes, p + 42))))
            p += 46 + nameLength + extraLength + commentLength
        }
        entries = list
    }

    /// The decompressed bytes of one member.
    ///
    /// - throws: ``SonnetError/truncatedArchive(path:detail:)`` when its data runs past the end of
    ///   the file; ``SonnetError/memberUndecodable(path:member:detail:)`` for an unknown method or
    ///   corrupt DEFLATE data.
    func contents(of entry: Entry) throws -> [UInt8] {
        let h = entry.localHeaderOffset
        guard h + 30 <= bytes.count, Self.u32(bytes, h) == 0x0403_4b50 else {
            throw SonnetError.truncatedArchive(
                path: path, detail: "local header of \(entry.name) at byte \(h) is missing (file has \(bytes.count) bytes)")
        }
        let start = h + 30 + Int(Self.u16(bytes, h + 26)) + Int(Self.u16(bytes, h + 28))
        let end = start + entry.compressedSize
        guard end <= bytes.count else {
            throw SonnetError.truncatedArchive(
                path: path, detail: "data of \(entry.name) ends at byte \(end) but the file has \(bytes.count) bytes")
        }
        switch entry.method {
        case 0:
            return Array(bytes[start..<end])
        case 8:
            return try inflateRaw(start: start, end: end, expected: entry.uncompressedSize, member: entry.name)
        default:
            throw SonnetError.memberUndecodable(
                path: path, member: entry.name, detail: "compression method \(entry.method) (only 0 and 8 are read)")
        }
    }

    /// Raw DEFLATE (zlib window bits −15: no zlib header, as ZIP stores it) into a buffer of the
    /// size the directory promises; any size mismatch is an error.
    private func inflateRaw(start: Int, end: Int, expected: Int, member: String) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: expected)
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw SonnetError.memberUndecodable(path: path, member: member, detail: "zlib inflateInit2 failed")
        }
        defer { inflateEnd(&stream) }
        let status: Int32 = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + start)
                stream.avail_in = uInt(end - start)
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(expected)
                return inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == expected else {
            let reason = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
            throw SonnetError.memberUndecodable(
                path: path, member: member,
                detail: "inflate gave \(stream.total_out) of \(expected) bytes (\(reason))")
        }
        return output
    }

    private static func findEndOfCentralDirectory(_ b: [UInt8], path: String) throws -> Int {
        guard b.count >= 22 else {
            throw SonnetError.notAnNpzArchive(path: path, detail: "only \(b.count) bytes, smaller than any ZIP archive")
        }
        let lowest = max(0, b.count - 22 - 65_535)
        var p = b.count - 22
        while p >= lowest {
            if u32(b, p) == 0x0605_4b50 { return p }
            p -= 1
        }
        if u32(b, 0) == 0x0403_4b50 {
            throw SonnetError.truncatedArchive(
                path: path, detail: "the file starts like a ZIP archive but its end-of-central-directory record is missing")
        }
        throw SonnetError.notAnNpzArchive(path: path, detail: "no ZIP end-of-central-directory record")
    }

    @inline(__always) static func u16(_ b: [UInt8], _ p: Int) -> UInt16 {
        UInt16(b[p]) | UInt16(b[p + 1]) << 8
    }

    @inline(__always) static func u32(_ b: [UInt8], _ p: Int) -> UInt32 {
        UInt32(b[p]) | UInt32(b[p + 1]) << 8 | UInt32(b[p + 2]) << 16 | UInt32(b[p + 3]) << 24
    }
}
