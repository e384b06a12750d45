import Foundation

/// Reads a manifest as UTF-8 text, telling apart the ways that fails: a missing path, a directory,
/// an unreadable file, a binary file and text in another encoding each get their own sentence
/// (they used to share "does not exist or is not UTF-8 text").
enum TextFileReader {
    /// Manifests are small; a larger file is not one (and is not read whole into memory).
    static let maximumBytes = 16 << 20

    static func read(path: String) -> Result<String, ManifestError> {
        func fail(_ reason: String) -> Result<String, ManifestError> { .failure(.unreadable(path: path, reason: reason)) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return fail("no such file")
        }
        if isDirectory.boolValue { return fail("it is a directory, not a manifest file") }
        let size = ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.intValue ?? 0
        if size > maximumBytes {
            return fail("the file has \(size) bytes, more than a manifest's \(maximumBytes)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return fail("the file cannot be read (check its permissions)")
        }
        if data.contains(0) {
            return fail("it is a binary file (it holds NUL bytes), not YAML text")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            let offset = firstInvalidUTF8(data)
            return fail("it is not UTF-8 text (invalid byte 0x\(String(format: "%02x", data[data.startIndex + offset])) at offset \(offset)); save it as UTF-8")
        }
        return .success(text)
    }

    /// Offset of the first byte that does not begin or continue a valid UTF-8 sequence.
    static func firstInvalidUTF8(_ data: Data) -> Int {
        let bytes = [UInt8](data)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            switch b {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return i
            }
            guard i + length <= bytes.count else { return i }
            for k in 1..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return max(0, min(i, bytes.count - 1))
    }
}
