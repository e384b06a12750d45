import Foundation

/// Environment expansion and resolution of the paths a manifest names.
///
/// `${VAR}` is replaced by the variable's value and `${VAR:-fallback}` by the fallback when `VAR`
/// is unset or empty. A relative path is resolved against the manifest's folder, so a manifest can
/// be run from any working directory.
enum ManifestPaths {
    enum ExpansionError: Error {
        case unset(String)
        case unterminated
    }

    static func expand(_ text: String, environment: [String: String]) throws -> String {
        var output = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            output += rest[rest.startIndex..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else { throw ExpansionError.unterminated }
            let body = rest[start.upperBound..<end]
            let name: Substring, fallback: Substring?
            if let separator = body.range(of: ":-") {
                name = body[body.startIndex..<separator.lowerBound]
                fallback = body[separator.upperBound...]
            } else {
                name = body
                fallback = nil
            }
            if let value = environment[String(name)], !value.isEmpty {
                output += value
            } else if let fallback {
                output += fallback
            } else {
                throw ExpansionError.unset(String(name))
            }
            rest = rest[rest.index(after: end)...]
        }
        return output + rest
    }

    /// `path` made absolute against `directory` (unless already absolute), with `.`/`..` folded.
    static func resolve(_ path: String, against directory: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let url = expanded.hasPrefix("/")
            ? URL(fileURLWithPath: expanded)
            : URL(fileURLWithPath: directory).appendingPathComponent(expanded)
        return url.standardizedFileURL.path
    }
}
