import Cascade
import Foundation

extension ManifestLoader {
    /// Every data file of `manifest` checked the way its organism will read it (seed list, model
    /// header, SonnetBrain and phase files, field copies: schema and `PRAGMA integrity_check`), as
    /// issues at the key's line and column in `file` (the manifest as the user named it).
    ///
    /// `harmonix validate` lists them; `run` refuses to start on any (each names the file, never a
    /// copy of it), so a run never fails cascade after cascade on a file it could have checked.
    public static func inputIssues(_ manifest: Manifest, file: String) -> [ManifestIssue] {
        var issues: [ManifestIssue] = []
        var seen = Set<String>()
        for record in manifest.dataFiles {
            let parts = record.key.split(separator: ".", maxSplits: 2).map(String.init)
            guard parts.count == 3, parts[0] == "organisms",
                  let role = CascadeInputs.Role(rawValue: parts[2]) else { continue }
            guard seen.insert("\(parts[1])|\(role.rawValue)|\(record.path)").inserted else { continue }
            if let problem = CascadeInputs.problem(organism: parts[1], role: role, path: record.path) {
                let mark = manifest.dataMarks[record.key]
                issues.append(ManifestIssue(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0,
                                            keyPath: record.key, problem: problem, fix: ""))
            }
        }
        return issues
    }
}
