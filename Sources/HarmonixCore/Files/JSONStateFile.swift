import Foundation

/// A `Codable` state an organism keeps in a JSON file of its own, as the originals do with
/// `json.dump` (Prose's ProseBrain and phase machine): read at start when the file exists, written
/// whole every few updates.
public enum JSONStateFile {
    /// The state saved at `path`, or nil when there is no path or no file there (a fresh start).
    /// - throws: the decoding error when the file is not such a state.
    public static func load<State: Decodable>(_ type: State.Type, from path: String?) throws -> State? {
        guard let path, FileManager.default.fileExists(atPath: path) else { return nil }
        return try JSONDecoder().decode(State.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Writes `state` to `path`, creating its folder; atomically, so an interrupted save leaves the
    /// previous state. Nothing happens when `path` is nil (a state kept in memory only).
    public static func save(_ state: some Encodable, to path: String?) throws {
        guard let path else { return }
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSONEncoder().encode(state).write(to: url, options: .atomic)
    }
}
