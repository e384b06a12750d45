import Foundation
import Testing
@testable import NanoGPTEngine
@testable import Sonnet

/// The npz reader on the real file, a truncated copy, foreign files and missing arrays.
@Suite("Weights loader")
struct WeightsLoaderTests {
    static func bytes() throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: try Fixtures.sonnetFile("shakespeare_gpt.npz"))))
    }

    @Test("the original npz: 110 members, 816,705 parameters, first embedding values")
    func realFile() throws {
        let data = try Self.bytes()
        #expect(data.count == 3_065_344)
        let zip = try ZipArchive(bytes: data, path: "npz")
        #expect(zip.entries.count == 110)
        #expect(zip.entries.allSatisfy { $0.method == 8 })
        let weights = try Fixtures.weights.get()
        #expect(weights.parameterCount == 816_705)
        #expect(weights.tokenEmbedding.count == 65 * 128 && weights.blocks.count == 4)
        #expect(weights.blocks[3].query.count == 4 && weights.blocks[3].query[0].count == 32 * 128)
        #expect(weights.headBias.count == 65)
    }

    @Test("a truncated npz names what is missing")
    func truncated() throws {
        let data = try Self.bytes()
        // Cut inside the member data: the central directory (at the end) is gone.
        #expect(throws: SonnetError.truncatedArchive(
            path: "cut.npz",
            detail: "the file starts like a ZIP archive but its end-of-central-directory record is missing")) {
            try SonnetWeights(npzBytes: Array(data.prefix(1_000_000)), path: "cut.npz")
        }
        // Keep the directory but drop the middle of the data: a member's data runs past the end.
        var shifted = Array(data.prefix(40_000))
        shifted += data.suffix(from: data.count - 12_000)
        do {
            _ = try SonnetWeights(npzBytes: shifted, path: "holes.npz")
            Issue.record("a damaged archive loaded")
        } catch let error as SonnetError {
            guard case .truncatedArchive(let path, let detail) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(path == "holes.npz" && detail.contains("central directory"))
            #expect(error.description.hasPrefix("Truncated npz archive: "))
        }
    }

    @Test("a foreign file is not an npz archive")
    func foreign() throws {
        let text = Array("This is a plain text file, not a numpy archive.\n".utf8)
        #expect(throws: SonnetError.notAnNpzArchive(path: "notes.txt", detail: "no ZIP end-of-central-directory record")) {
            try SonnetWeights(npzBytes: text, path: "notes.txt")
        }
        #expect(throws: SonnetError.notAnNpzArchive(path: "tiny", detail: "only 3 bytes, smaller than any ZIP archive")) {
            try SonnetWeights(npzBytes: [1, 2, 3], path: "tiny")
        }
        let missing = "/nonexistent/shakespeare_gpt.npz"
        #expect {
            try SonnetWeights(contentsOf: missing)
        } throws: { error in
            guard case SonnetError.weightsUnreadable(let path, _) = error else { return false }
            return path == missing
        }
    }

    @Test("a valid ZIP without the model's arrays lists the missing names")
    func missingArrays() throws {
        // A one-member stored ZIP ("x.npy", empty), built by hand.
        let name = Array("x.npy".utf8)
        func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func le32(_ v: Int) -> [UInt8] { le16(v & 0xFFFF) + le16(v >> 16) }
        var zip: [UInt8] = le32(0x0403_4b50) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0)
            + le32(0) + le32(0) + le32(0) + le16(name.count) + le16(0) + name
        let directoryOffset = zip.count
        zip += le32(0x0201_4b50) + le16(20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0)
            + le32(0) + le32(0) + le16(name.count) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(0) + name
        let directorySize = zip.count - directoryOffset
        zip += le32(0x0605_4b50) + le16(0) + le16(0) + le16(1) + le16(1) + le32(directorySize) + le32(directoryOffset) + le16(0)
        do {
            _ = try SonnetWeights(npzBytes: zip, path: "other.npz")
            Issue.record("a foreign archive loaded")
        } catch let SonnetError.missingArrays(path, names) {
            #expect(path == "other.npz")
            #expect(names.count == 94)
            #expect(names.first == "embedding_table.weight" && names.last == "lm_head.bias")
        }
    }

    @Test("NPY headers: dtype and order are checked")
    func npyHeader() throws {
        func npy(_ header: String, data: [UInt8]) -> [UInt8] {
            var h = Array(header.utf8)
            while (10 + h.count + 1) % 64 != 0 { h.append(0x20) }
            h.append(0x0A)
            return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(h.count & 0xFF), UInt8(h.count >> 8)] + h + data
        }
        let ok = try NpyArray(bytes: npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", data: [0, 0, 128, 63, 0, 0, 0, 64]),
                              member: "m", path: "p")
        #expect(ok.shape == [2] && ok.values == [1, 2])
        #expect(throws: SonnetError.badArray(path: "p", member: "m", detail: "dtype '<f8', expected '<f4' (little-endian float32)")) {
            try NpyArray(bytes: npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", data: Array(repeating: 0, count: 8)),
                         member: "m", path: "p")
        }
        #expect(throws: SonnetError.badArray(path: "p", member: "m", detail: "fortran_order True, expected False (C order)")) {
            try NpyArray(bytes: npy("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }", data: [0, 0, 0, 0]),
                         member: "m", path: "p")
        }
        #expect(throws: SonnetError.badArray(path: "p", member: "m", detail: "4 data bytes for shape [2] (needs 8)")) {
            try NpyArray(bytes: npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", data: [0, 0, 0, 0]),
                         member: "m", path: "p")
        }
    }

    @Test("vocabulary: 65 characters in code-point order, unknowns map to space, round trip")
    func vocabulary() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: try Fixtures.sonnetFile("vocab.json")))
        let shipped = try #require(try JSONSerialization.jsonObject(with: data) as? [String])
        #expect(Vocabulary.characters.map(String.init) == shipped)
        #expect(Vocabulary.encode("To be or not to be").count == 18)
        #expect(Vocabulary.decode(Vocabulary.encode("To be or not to be")) == "To be or not to be")
        #expect(Vocabulary.encode("\"7é\t") == [1, 1, 1, 1])
        #expect(Vocabulary.encode("Hello, world!\n") == [20, 43, 50, 50, 53, 6, 1, 61, 53, 56, 50, 42, 2, 0])
    }
}
