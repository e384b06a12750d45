import Foundation

/// A JSON file a run folder holds under a fixed name (`run.json`, `in_flight.json`).
///
/// Both files are written the same way on purpose: pretty-printed with sorted keys and unescaped
/// slashes, so two runs' files diff line by line and paths read as typed.
protocol RunFolderJSON: Codable {
    /// The file's name inside the run folder.
    static var fileName: String { get }
}

extension RunFolderJSON {
    /// Writes `self` as `<directory>/<fileName>`.
    /// - throws: ``ExportError/cannotWrite(path:reason:)``.
    func writeJSON(to directory: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let path = (directory as NSString).appendingPathComponent(Self.fileName)
        do {
            try encoder.encode(self).write(to: URL(fileURLWithPath: path))
        } catch {
            throw ExportError.cannotWrite(path: path, reason: "\(error)")
        }
    }

    /// The file in `directory`, or nil when there is none.
    /// - throws: ``ExportError/cannotRead(path:reason:)`` reading "not a<n> <fileName>: …" when it
    ///   does not decode.
    static func readJSON(from directory: String) throws -> Self? {
        let path = (directory as NSString).appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try JSONDecoder().decode(Self.self, from: data)
        } catch {
            let article = fileName.first.map { "aeiou".contains($0) } == true ? "an" : "a"
            throw ExportError.cannotRead(path: path, reason: "not \(article) \(fileName): \(error)")
        }
    }
}
