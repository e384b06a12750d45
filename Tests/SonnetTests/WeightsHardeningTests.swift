import Foundation
import HarmonixCore
import Testing
@testable import NanoGPTEngine
@testable import Sonnet

/// Issue 12: the npz reader checks what it reads — sizes against the file and against the model,
/// the local headers against the central directory, every member's CRC-32, NPY headers against
/// their data — and refuses, by name, what does not hold. Each case here loaded (or crashed) before.
@Suite("Weights hardening")
struct WeightsHardeningTests {
    static func original() throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: try Fixtures.sonnetFile("shakespeare_gpt.npz"))))
    }

    static func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
    static func le32(_ v: Int) -> [UInt8] { le16(v & 0xFFFF) + le16(v >> 16 & 0xFFFF) }
    static func put32(_ b: inout [UInt8], _ at: Int, _ v: Int) { b.replaceSubrange(at..<(at + 4), with: le32(v)) }
    static func get32(_ b: [UInt8], _ at: Int) -> Int { Int(b[at]) | Int(b[at + 1]) << 8 | Int(b[at + 2]) << 16 | Int(b[at + 3]) << 24 }

    /// Offset of the central-directory record of the first member.
    static func firstDirectoryEntry(_ b: [UInt8]) -> Int {
        var e = b.count - 22
        while get32(b, e) != 0x0605_4b50 { e -= 1 }
        return get32(b, e + 16)
    }

    /// The same members, stored (method 0) instead of deflated, with the original CRC-32s: what a
    /// user gets from `numpy.savez` (uncompressed).
    static func storedCopy(of b: [UInt8]) throws -> (bytes: [UInt8], dataStart: [String: Int]) {
        let zip = try ZipArchive(bytes: b, path: "orig")
        var out: [UInt8] = [], directory: [UInt8] = [], starts: [String: Int] = [:]
        for e in zip.entries {
            let data = try zip.contents(of: e)
            let name = Array(e.name.utf8), offset = out.count
            let sizes = le32(Int(e.crc32)) + le32(data.count) + le32(data.count)
            out += le32(0x0403_4b50) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + sizes + le16(name.count) + le16(0) + name
            starts[e.name] = out.count
            out += data
            directory += le32(0x0201_4b50) + le16(20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + sizes
                + le16(name.count) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) + name
        }
        let directoryOffset = out.count
        out += directory + le32(0x0605_4b50) + le16(0) + le16(0) + le16(zip.entries.count) + le16(zip.entries.count)
            + le32(directory.count) + le32(directoryOffset) + le16(0)
        return (out, starts)
    }

    @Test("a directory entry claiming a 4 GiB member is refused before anything is allocated")
    func hugeUncompressedSize() throws {
        var b = try Self.original()
        let entry = Self.firstDirectoryEntry(b)
        Self.put32(&b, entry + 24, 0xFFFF_FFF0)
        #expect {
            _ = try SonnetWeights(npzBytes: b, path: "huge.npz")
        } throws: { error in
            guard case let SonnetError.inconsistentArchive(path, member, detail) = error else { return false }
            return path == "huge.npz" && member.hasSuffix(".npy") && detail.contains("4294967280")
        }
    }

    @Test("a member larger than its array can be is refused by the size the model allows")
    func memberLargerThanItsArray() throws {
        let (stored, _) = try Self.storedCopy(of: try Self.original())
        // Within DEFLATE's ratio, but far more than lm_head.bias (65 floats) can take.
        let zip = try ZipArchive(bytes: stored, path: "s")
        let bias = try #require(zip.entries.first { $0.name == "lm_head.bias.npy" })
        #expect(throws: SonnetError.inconsistentArchive(path: "s", member: "lm_head.bias.npy",
                                                         detail: "uncompressed size \(bias.uncompressedSize) bytes, expected at most 10")) {
            _ = try zip.contents(of: bias, limit: 10)
        }
    }

    @Test("a stored npz loads as the original; one flipped weight byte fails its CRC-32")
    func storedCRC() throws {
        let (stored, starts) = try Self.storedCopy(of: try Self.original())
        let reference = try Fixtures.weights.get()
        let copy = try SonnetWeights(npzBytes: stored, path: "stored.npz")
        #expect(copy.tokenEmbedding == reference.tokenEmbedding && copy.headWeight == reference.headWeight)
        var flipped = stored
        let at = try #require(starts["lm_head.weight.npy"]) + 128 + 4 * 1000
        flipped[at] ^= 0x40
        #expect {
            _ = try SonnetWeights(npzBytes: flipped, path: "flipped.npz")
        } throws: { error in
            guard case let SonnetError.checksumMismatch(path, member, expected, found) = error else { return false }
            return path == "flipped.npz" && member == "lm_head.weight.npy" && expected != found
                && "\(error)".contains("CRC-32 mismatch in member lm_head.weight.npy: expected 0x")
        }
    }

    @Test("local headers must agree with the central directory")
    func localHeaderAgreement() throws {
        let original = try Self.original()
        let entry = Self.firstDirectoryEntry(original)
        let local = Self.get32(original, entry + 42)
        var b = original
        Self.put32(&b, local + 14, Self.get32(b, local + 14) ^ 1)   // local CRC
        #expect(throws: SonnetError.self) { _ = try SonnetWeights(npzBytes: b, path: "crc.npz") }
        do {
            _ = try SonnetWeights(npzBytes: b, path: "crc.npz")
        } catch let SonnetError.inconsistentArchive(_, _, detail) {
            #expect(detail.contains("local header says CRC"))
        }
        b = original
        b[local + 30] ^= 0x20   // the local name's first letter changes case
        #expect {
            _ = try SonnetWeights(npzBytes: b, path: "name.npz")
        } throws: { error in
            guard case let SonnetError.inconsistentArchive(_, _, detail) = error else { return false }
            return detail.hasPrefix("local header names it")
        }
    }

    @Test("a member listed twice is refused")
    func duplicateMember() throws {
        var b = try Self.original()
        let first = Self.firstDirectoryEntry(b)
        let nameLength = Int(b[first + 28]) | Int(b[first + 29]) << 8
        let second = first + 46 + nameLength + (Int(b[first + 30]) | Int(b[first + 31]) << 8)
        let secondLength = Int(b[second + 28]) | Int(b[second + 29]) << 8
        // Give the second entry the first one's name (when the lengths allow it).
        try #require(secondLength >= nameLength)
        b.replaceSubrange((second + 46)..<(second + 46 + secondLength),
                          with: Array(b[(first + 46)..<(first + 46 + nameLength)]) + Array(repeating: UInt8(ascii: " "), count: secondLength - nameLength))
        b.replaceSubrange((second + 28)..<(second + 30), with: Self.le16(nameLength))
        b.replaceSubrange((second + 30)..<(second + 32), with: Self.le16(secondLength - nameLength + (Int(b[second + 30]) | Int(b[second + 31]) << 8)))
        #expect {
            _ = try ZipArchive(bytes: b, path: "dup.npz")
        } throws: { error in
            guard case let SonnetError.inconsistentArchive(_, _, detail) = error else { return false }
            return detail.contains("twice")
        }
    }

    @Test("an entry count the directory cannot hold is refused before the list is sized")
    func entryCount() throws {
        var b = try Self.original()
        var e = b.count - 22
        while Self.get32(b, e) != 0x0605_4b50 { e -= 1 }
        b.replaceSubrange((e + 8)..<(e + 12), with: Self.le16(0xFFFE) + Self.le16(0xFFFE))
        #expect {
            _ = try ZipArchive(bytes: b, path: "count.npz")
        } throws: { error in
            guard case let SonnetError.inconsistentArchive(_, member, detail) = error else { return false }
            return member == "the end record" && detail.hasPrefix("65534 entries cannot fit")
        }
    }

    @Test("NPY: a shape whose size overflows, or that differs from the model's, is refused by name")
    func npyShapes() throws {
        func npy(_ shape: String, data: [UInt8]) -> [UInt8] {
            var h = Array("{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }".utf8)
            while (10 + h.count + 1) % 64 != 0 { h.append(0x20) }
            h.append(0x0A)
            return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(h.count & 0xFF), UInt8(h.count >> 8)] + h + data
        }
        // 2^62 × 4 values: the product overflowed Int (a trap) before.
        #expect {
            _ = try NpyArray(bytes: npy("(4611686018427387904, 4)", data: [0, 0, 0, 0]), member: "m.npy", path: "p")
        } throws: { error in
            guard case let SonnetError.badArray(_, _, detail) = error else { return false }
            return detail.contains("needs more than the 4 data bytes")
        }
        #expect(throws: SonnetError.wrongShape(path: "p", name: "m", expected: [2], found: [1, 2])) {
            _ = try NpyArray(bytes: npy("(1, 2)", data: Array(repeating: 0, count: 8)), member: "m.npy", path: "p", expectedShape: [2])
        }
    }

    @Test("generation counts and temperatures are range-checked")
    func generationArguments() throws {
        let model = try Fixtures.model()
        var rng = SeededGenerator(seed: 1)
        for bad in [Int.max, NanoGPT.maxTokensLimit + 1, -1] {
            #expect(throws: SonnetError.badGenerationArgument(detail: "max tokens \(bad), expected 0...\(NanoGPT.maxTokensLimit)")) {
                _ = try model.generate(prompt: "a", maxTokens: bad, temperature: 0, rng: &rng)
            }
        }
        for bad in [Double.nan, .infinity, -1] {
            #expect(throws: SonnetError.self) { _ = try model.generate(prompt: "a", maxTokens: 1, temperature: bad, rng: &rng) }
        }
    }

    @Test("a directory or an oversized file is named, not read")
    func notAFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("npz-dir-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: SonnetError.weightsUnreadable(path: dir.path, reason: "it is a directory, not an npz file")) {
            _ = try SonnetWeights(contentsOf: dir.path)
        }
        let big = dir.appendingPathComponent("big.npz")
        FileManager.default.createFile(atPath: big.path, contents: nil)
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: UInt64(SonnetWeights.maximumFileSize + 1))   // sparse
        try handle.close()
        #expect {
            _ = try SonnetWeights(contentsOf: big.path)
        } throws: { error in
            guard case let SonnetError.notAnNpzArchive(_, detail) = error else { return false }
            return detail.contains("more than the")
        }
    }
}
