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
        /// General-purpose flags: bit 0 encrypted (refused), bit 3 sizes in a data descriptor.
        let flags: UInt16
        let method: UInt16
        let crc32: UInt32
        let compressedSize: Int
        let uncompressedSize: Int
        let localHeaderOffset: Int
    }

    let path: String
    private let bytes: [UInt8]
    /// Members in central-directory order.
    let entries: [Entry]

    /// Parses the end record and the central directory; every count, size and offset is checked
    /// against the file's real size before anything is allocated.
    ///
    /// - throws: ``SonnetError/notAnNpzArchive(path:detail:)`` when there is no end-of-central-directory
    ///   record (or the archive is ZIP64, split or encrypted); ``SonnetError/truncatedArchive(path:detail:)``
    ///   when the directory runs past the end; ``SonnetError/inconsistentArchive(path:member:detail:)``
    ///   when the directory contradicts itself (a member named twice, a size no member can have).
    init(bytes: [UInt8], path: String) throws {
        self.bytes = bytes
        self.path = path
        let eocd = try Self.findEndOfCentralDirectory(bytes, path: path)
        let count = Int(Self.u16(bytes, eocd + 10))
        let directorySize = Int(Self.u32(bytes, eocd + 12))
        let directoryOffset = Int(Self.u32(bytes, eocd + 16))
        if count == 0xFFFF || directoryOffset == 0xFFFF_FFFF || directorySize == 0xFFFF_FFFF {
            throw SonnetError.notAnNpzArchive(path: path, detail: "ZIP64 archives are not supported")
        }
        guard Self.u16(bytes, eocd + 4) == 0, Self.u16(bytes, eocd + 6) == 0, Int(Self.u16(bytes, eocd + 8)) == count else {
            throw SonnetError.notAnNpzArchive(
                path: path, detail: "a split (multi-disk) archive: disk \(Self.u16(bytes, eocd + 4)), \(Self.u16(bytes, eocd + 8)) of \(count) entries on this disk")
        }
        guard directoryOffset + directorySize <= eocd else {
            throw SonnetError.truncatedArchive(
                path: path,
                detail: "central directory at \(directoryOffset)+\(directorySize) lies beyond byte \(eocd)")
        }
        // Each directory entry takes at least 46 bytes: a count the directory cannot hold is refused
        // before any list is sized by it.
        guard count * 46 <= directorySize else {
            throw SonnetError.inconsistentArchive(
                path: path, member: "the end record",
                detail: "\(count) entries cannot fit in a central directory of \(directorySize) bytes (46 bytes each at least)")
        }
        var list: [Entry] = []
        list.reserveCapacity(count)
        var names = Set<String>()
        var p = directoryOffset
        let directoryEnd = directoryOffset + directorySize
        for index in 0..<count {
            guard p + 46 <= directoryEnd, Self.u32(bytes, p) == 0x0201_4b50 else {
                throw SonnetError.truncatedArchive(
                    path: path, detail: "central directory entry \(index + 1) of \(count) is missing or damaged")
            }
            let nameLength = Int(Self.u16(bytes, p + 28))
            let extraLength = Int(Self.u16(bytes, p + 30))
            let commentLength = Int(Self.u16(bytes, p + 32))
            guard p + 46 + nameLength + extraLength + commentLength <= directoryEnd else {
                throw SonnetError.truncatedArchive(path: path, detail: "entry \(index + 1)'s name runs past the directory")
            }
            let name = String(decoding: bytes[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            let entry = Entry(
                name: name, flags: Self.u16(bytes, p + 8), method: Self.u16(bytes, p + 10), crc32: Self.u32(bytes, p + 16),
                compressedSize: Int(Self.u32(bytes, p + 20)), uncompressedSize: Int(Self.u32(bytes, p + 24)),
                localHeaderOffset: Int(Self.u32(bytes, p + 42)))
            try Self.check(entry, directoryOffset: directoryOffset, path: path)
            guard names.insert(name).inserted else {
                throw SonnetError.inconsistentArchive(path: path, member: name, detail: "the central directory lists this member twice")
            }
            list.append(entry)
            p += 46 + nameLength + extraLength + commentLength
        }
        entries = list
    }

    /// What the directory says about one member must be possible in this file: sizes within the
    /// bytes before the directory, a stored member as long as its data, no encryption, no ZIP64.
    private static func check(_ e: Entry, directoryOffset: Int, path: String) throws {
        func fail(_ detail: String) -> SonnetError { .inconsistentArchive(path: path, member: e.name, detail: detail) }
        if e.compressedSize == 0xFFFF_FFFF || e.uncompressedSize == 0xFFFF_FFFF || e.localHeaderOffset == 0xFFFF_FFFF {
            throw SonnetError.notAnNpzArchive(path: path, detail: "member \(e.name) is a ZIP64 entry (not supported)")
        }
        if e.flags & 1 != 0 {
            throw SonnetError.notAnNpzArchive(path: path, detail: "member \(e.name) is encrypted")
        }
        guard e.localHeaderOffset + 30 + e.compressedSize <= directoryOffset else {
            throw fail("local header at byte \(e.localHeaderOffset) with \(e.compressedSize) compressed bytes runs into the central directory at byte \(directoryOffset)")
        }
        if e.method == 0 && e.compressedSize != e.uncompressedSize {
            throw fail("stored member: compressed size \(e.compressedSize) must equal uncompressed size \(e.uncompressedSize)")
        }
        // DEFLATE expands at most 1032:1; a larger claim cannot come from these bytes.
        if e.method == 8 && e.uncompressedSize > e.compressedSize * 1032 + 64 {
            throw fail("uncompressed size \(e.uncompressedSize) cannot come from \(e.compressedSize) deflated bytes (at most \(e.compressedSize * 1032 + 64))")
        }
    }

    /// The decompressed bytes of one member, checked against its local header, its sizes and its CRC-32.
    ///
    /// - parameter limit: the most bytes the caller can use from this member; a larger uncompressed
    ///   size is refused before anything is allocated.
    /// - throws: ``SonnetError/truncatedArchive(path:detail:)`` when its data runs past the end of
    ///   the file; ``SonnetError/inconsistentArchive(path:member:detail:)`` when the local header
    ///   disagrees with the directory or the member is larger than `limit`;
    ///   ``SonnetError/memberUndecodable(path:member:detail:)`` for an unknown method or corrupt
    ///   DEFLATE data; ``SonnetError/checksumMismatch(path:member:expected:found:)``.
    func contents(of entry: Entry, limit: Int = Int.max) throws -> [UInt8] {
        func fail(_ detail: String) -> SonnetError { .inconsistentArchive(path: path, member: entry.name, detail: detail) }
        guard entry.uncompressedSize <= limit else {
            throw fail("uncompressed size \(entry.uncompressedSize) bytes, expected at most \(limit)")
        }
        let h = entry.localHeaderOffset
        guard h + 30 <= bytes.count, Self.u32(bytes, h) == 0x0403_4b50 else {
            throw SonnetError.truncatedArchive(
                path: path, detail: "local header of \(entry.name) at byte \(h) is missing (file has \(bytes.count) bytes)")
        }
        let nameLength = Int(Self.u16(bytes, h + 26))
        let start = h + 30 + nameLength + Int(Self.u16(bytes, h + 28))
        let end = start + entry.compressedSize
        guard end <= bytes.count else {
            throw SonnetError.truncatedArchive(
                path: path, detail: "data of \(entry.name) ends at byte \(end) but the file has \(bytes.count) bytes")
        }
        let localName = String(decoding: bytes[(h + 30)..<(h + 30 + nameLength)], as: UTF8.self)
        guard localName == entry.name else { throw fail("local header names it '\(localName)'") }
        let localMethod = Self.u16(bytes, h + 8)
        guard localMethod == entry.method else {
            throw fail("local header says compression method \(localMethod), the central directory \(entry.method)")
        }
        // With flag bit 3 the CRC and sizes follow the data (a data descriptor) and the local fields are 0.
        if entry.flags & 8 == 0 {
            var local = (crc: Self.u32(bytes, h + 14), compressed: Int(Self.u32(bytes, h + 18)), uncompressed: Int(Self.u32(bytes, h + 22)))
            // numpy writes every member with `force_zip64=True`: the local sizes are 0xFFFFFFFF and the
            // real ones sit in the local ZIP64 extra field (id 1: uncompressed u64, compressed u64).
            if local.compressed == 0xFFFF_FFFF || local.uncompressed == 0xFFFF_FFFF {
                guard let sizes = Self.zip64Sizes(bytes, extraStart: h + 30 + nameLength, extraEnd: start) else {
                    throw fail("local header says sizes 0xFFFFFFFF but has no ZIP64 extra field with the real sizes")
                }
                local.uncompressed = sizes.uncompressed
                local.compressed = sizes.compressed
            }
            guard local.crc == entry.crc32, local.compressed == entry.compressedSize, local.uncompressed == entry.uncompressedSize else {
                throw fail("local header says CRC \(local.crc), \(local.compressed) → \(local.uncompressed) bytes; "
                    + "the central directory CRC \(entry.crc32), \(entry.compressedSize) → \(entry.uncompressedSize) bytes")
            }
        }
        let output: [UInt8]
        switch entry.method {
        case 0:
            output = Array(bytes[start..<end])
        case 8:
            output = try inflateRaw(start: start, end: end, expected: entry.uncompressedSize, member: entry.name)
        default:
            throw SonnetError.memberUndecodable(
                path: path, member: entry.name, detail: "compression method \(entry.method) (only 0 and 8 are read)")
        }
        let crc = output.withUnsafeBufferPointer { buffer -> UInt32 in
            guard let base = buffer.baseAddress else { return 0 }
            return UInt32(truncatingIfNeeded: crc32(0, base, uInt(buffer.count)))
        }
        guard crc == entry.crc32 else {
            throw SonnetError.checksumMismatch(path: path, member: entry.name, expected: entry.crc32, found: crc)
        }
        return output
    }

    /// Raw DEFLATE (zlib window bits −15: no zlib header, as ZIP stores it) into a buffer of the
    /// size the directory promises; any size mismatch is an error.
    private func inflateRaw(start: Int, end: Int, expected: Int, member: String) throws -> [UInt8] {
        // One spare byte: inflate must end exactly at `expected`, and data that would go on is seen
        // as such instead of stopping at a full buffer.
        var output = [UInt8](repeating: 0, count: expected + 1)
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw SonnetError.memberUndecodable(path: path, member: member, detail: "zlib inflateInit2 failed")
        }
        defer { inflateEnd(&stream) }
        let status: Int32 = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                guard let inputBase = input.baseAddress else { return Z_DATA_ERROR }
                stream.next_in = UnsafeMutablePointer(mutating: inputBase + start)
                stream.avail_in = uInt(end - start)
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(expected + 1)
                return inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == expected else {
            let reason = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
            throw SonnetError.memberUndecodable(
                path: path, member: member,
                detail: "inflate gave \(stream.total_out) bytes, the directory says \(expected) (\(reason))")
        }
        output.removeLast()
        return output
    }

    /// The sizes in a ZIP64 extended-information extra field (id 0x0001) of a local header; values
    /// above Int.max (impossible sizes) come back as Int.max so that the comparison fails.
    private static func zip64Sizes(_ b: [UInt8], extraStart: Int, extraEnd: Int) -> (uncompressed: Int, compressed: Int)? {
        var p = extraStart
        while p + 4 <= extraEnd {
            let id = u16(b, p), length = Int(u16(b, p + 2))
            guard p + 4 + length <= extraEnd else { return nil }
            if id == 1 && length >= 16 {
                func u64(_ at: Int) -> Int {
                    let v = UInt64(u32(b, at)) | UInt64(u32(b, at + 4)) << 32
                    return v > UInt64(Int.max) ? Int.max : Int(v)
                }
                return (u64(p + 4), u64(p + 12))
            }
            p += 4 + length
        }
        return nil
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
