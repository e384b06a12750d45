import Foundation

/// The git-ignored `.harmonix-local` file at the repository root, written by
/// `scripts/setup.sh --harmonix-home DIR`: `KEY=VALUE` lines (shell syntax, `#` comments) whose
/// keys act as defaults for the `HARMONIX_*` variables that are not set in the environment.
///
/// `HARMONIX_LOCAL_CONFIG` names another file; set to the empty string, no file is read (tests).
public struct LocalConfig: Sendable, Hashable {
    public static let fileName = ".harmonix-local"
    public static let variable = "HARMONIX_LOCAL_CONFIG"

    /// The file read (nil when none was found).
    public var path: String?
    public var values: [String: String]

    public init(path: String? = nil, values: [String: String] = [:]) {
        self.path = path
        self.values = values
    }

    /// Reads the file `environment` names, else `repositoryRoot/.harmonix-local`; absent = empty.
    public static func load(environment: [String: String], repositoryRoot: String) -> LocalConfig {
        let path: String
        if let named = environment[variable] {
            guard !named.isEmpty else { return LocalConfig() }
            path = named
        } else {
            path = (repositoryRoot as NSString).appendingPathComponent(fileName)
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return LocalConfig() }
        return LocalConfig(path: path, values: parse(text))
    }

    /// `KEY=VALUE` lines; surrounding single or double quotes are removed; other lines are ignored.
    static func parse(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            guard key.hasPrefix("HARMONIX_"), !key.contains(" ") else { continue }
            values[key] = value
        }
        return values
    }
}
