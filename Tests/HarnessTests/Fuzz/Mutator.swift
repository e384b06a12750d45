import Foundation
import HarmonixCore

/// Seeded mutations of a file's bytes for the fuzz tests (issue 12): truncation, bit flips, byte
/// insertions, deletions, and size or count fields set to extremes. The same seed gives the same
/// mutant, so a failure names a seed that reproduces it.
struct Mutator {
    enum Kind: String, CaseIterable {
        case truncate, flipBits, insertBytes, deleteRange, extremeNumber, duplicateLine, extremeSQLiteField
    }

    /// Numbers a text field may be set to: zero, negative, past every integer width, float extremes.
    static let extremeNumbers = ["0", "-1", "-0", "4294967296", "18446744073709551616", "99999999999999999999999",
                                 "1e308", "1e12", "nan", "inf", "-inf", "0.0000001", "9223372036854775807"]
    /// Bytes that break text formats in interesting ways.
    static let nastyBytes: [UInt8] = [0x00, 0xFF, 0xC3, 0x0A, 0x0D, 0x22, 0x27, 0x2C, 0x3A, 0x5B, 0x7B, 0x26, 0x2A, 0x09, 0x7C]

    var rng: SeededGenerator

    init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

    /// One mutant of `bytes`; `kind` cycles so every kind is exercised.
    mutating func mutate(_ bytes: [UInt8], kind: Kind, sqlite: Bool = false) -> [UInt8] {
        var out = bytes
        guard !out.isEmpty else { return [0xFF] }
        switch kind {
        case .truncate:
            out = Array(out.prefix(rng.nextInt(below: out.count)))
        case .flipBits:
            for _ in 0..<(1 + rng.nextInt(below: 8)) {
                let i = rng.nextInt(below: out.count)
                out[i] ^= UInt8(1) << UInt8(rng.nextInt(below: 8))
            }
        case .insertBytes:
            let at = rng.nextInt(below: out.count + 1)
            let count = 1 + rng.nextInt(below: 16)
            let inserted = (0..<count).map { _ in
                rng.nextInt(below: 2) == 0 ? rng.pick(from: Self.nastyBytes) : UInt8(truncatingIfNeeded: rng.next())
            }
            out.insert(contentsOf: inserted, at: at)
        case .deleteRange:
            let at = rng.nextInt(below: out.count)
            let count = min(out.count - at, 1 + rng.nextInt(below: max(1, out.count / 20)))
            out.removeSubrange(at..<(at + count))
        case .extremeNumber:
            out = sqlite ? extremeSQLiteField(out) : extremeNumber(out)
        case .duplicateLine:
            if sqlite { out = extremeSQLiteField(out); break }
            let lines = out.split(separator: 0x0A, omittingEmptySubsequences: false)
            let i = rng.nextInt(below: lines.count)
            var copy = lines.map(Array.init)
            copy.insert(copy[i], at: min(copy.count, i + 1 + rng.nextInt(below: 3)))
            out = Array(copy.joined(separator: [0x0A]))
        case .extremeSQLiteField:
            out = sqlite ? extremeSQLiteField(out) : extremeNumber(out)
        }
        return out
    }

    /// A run of ASCII digits replaced by an extreme number (a count, a size, a repeat, a latency).
    private mutating func extremeNumber(_ bytes: [UInt8]) -> [UInt8] {
        var runs: [Range<Int>] = []
        var i = 0
        while i < bytes.count {
            if (0x30...0x39).contains(bytes[i]) {
                let start = i
                while i < bytes.count, (0x30...0x39).contains(bytes[i]) { i += 1 }
                runs.append(start..<i)
            } else {
                i += 1
            }
        }
        guard !runs.isEmpty else { return bytes + Array(rng.pick(from: Self.extremeNumbers).utf8) }
        var out = bytes
        out.replaceSubrange(rng.pick(from: runs), with: Array(rng.pick(from: Self.extremeNumbers).utf8))
        return out
    }

    /// A size or count field of the SQLite format set to an extreme: the header's page size, page
    /// count, freelist trunk and count, schema cookie/format; or a b-tree page's cell count, first
    /// freeblock, cell content start or a cell pointer.
    private mutating func extremeSQLiteField(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        guard out.count >= 100 else { return out }
        let extremes16: [UInt16] = [0, 1, 0x00FF, 0x7FFF, 0xFFFF]
        let extremes32: [UInt32] = [0, 1, 0x7FFF_FFFF, 0xFFFF_FFFF]
        func put16(_ offset: Int, _ value: UInt16) {
            guard offset + 2 <= out.count else { return }
            out[offset] = UInt8(value >> 8); out[offset + 1] = UInt8(value & 0xFF)
        }
        func put32(_ offset: Int, _ value: UInt32) {
            guard offset + 4 <= out.count else { return }
            for k in 0..<4 { out[offset + k] = UInt8((value >> (24 - 8 * UInt32(k))) & 0xFF) }
        }
        let pageSize = Int(UInt16(out[16]) << 8 | UInt16(out[17])) == 1 ? 65536 : Int(UInt16(out[16]) << 8 | UInt16(out[17]))
        let pages = pageSize > 0 ? max(1, out.count / pageSize) : 1
        switch rng.nextInt(below: 8) {
        case 0: put16(16, rng.pick(from: extremes16))                  // page size
        case 1: put32(28, rng.pick(from: extremes32))                  // database size in pages
        case 2: put32(32, rng.pick(from: extremes32)); put32(36, rng.pick(from: extremes32))   // freelist
        case 3: put32(40, rng.pick(from: extremes32)); out[44] = UInt8(truncatingIfNeeded: rng.next())  // schema
        default:
            // A b-tree page header (page 1's starts after the 100-byte file header).
            let page = rng.nextInt(below: pages)
            let base = page * pageSize + (page == 0 ? 100 : 0)
            switch rng.nextInt(below: 4) {
            case 0: put16(base + 3, rng.pick(from: extremes16))        // cell count
            case 1: put16(base + 1, rng.pick(from: extremes16))        // first freeblock
            case 2: put16(base + 5, rng.pick(from: extremes16))        // cell content start
            default: put16(base + 8 + 2 * rng.nextInt(below: 8), rng.pick(from: extremes16))  // a cell pointer
            }
        }
        return out
    }
}
