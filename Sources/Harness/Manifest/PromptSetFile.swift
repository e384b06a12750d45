import Foundation
import Yams

/// Reads a prompt-set file in the format of `../shared/data/leo/topics_paradoxes.json`:
/// `{"topics": [{"name": "...", "prompts": ["...", ...]}, ...]}` plus optional `source`,
/// `description` and `turns_per_topic`. JSON or YAML; problems are reported with the file's own
/// line numbers.
enum PromptSetFile {
    static let topLevelKeys = ["description", "source", "topics", "turns_per_topic"]
    static let topicKeys = ["name", "prompts"]

    /// The topics of the file as (name, prompts) pairs, or nil after reporting to `reader`'s issues.
    static func read(path: String, displayName: String, into issues: inout [ManifestIssue],
                     at keyPath: String, manifestNode: Node) -> [(String, [String])]? {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let mark = manifestNode.mark
            issues.append(ManifestIssue(
                file: displayName, line: mark?.line ?? 0, column: mark?.column ?? 0, keyPath: keyPath,
                problem: "prompt file not found or unreadable: \(path)",
                fix: "Fix the path (relative paths start at the manifest's folder)."))
            return nil
        }
        let reader = ManifestNodeReader(file: path)
        let node: Node
        do {
            guard let composed = try Yams.compose(yaml: text) else {
                reader.report(nil, "", "the prompt file is empty", fix: "Add a `topics:` list.")
                issues += reader.issues
                return nil
            }
            node = composed
        } catch {
            var issue = ManifestLoader.syntaxIssue(error, file: path, text: text)
            issue.problem = "YAML syntax error: " + issue.problem
            issues.append(issue)
            return nil
        }
        defer { issues += reader.issues }
        guard let top = reader.mapping(node, at: "", allowed: topLevelKeys) else { return nil }
        guard let topicsNode = top["topics"] else {
            reader.report(node, "topics", "missing required key 'topics'", fix: "Add a list of {name, prompts}.")
            return nil
        }
        guard let topicNodes = reader.sequence(topicsNode, at: "topics") else { return nil }
        var topics: [(String, [String])] = []
        for (i, topicNode) in topicNodes.enumerated() {
            let path = "topics[\(i)]"
            guard let entries = reader.mapping(topicNode, at: path, allowed: topicKeys) else { continue }
            guard let name = reader.required("name", in: entries, of: topicNode, at: path, reader.string),
                  let prompts = reader.required("prompts", in: entries, of: topicNode, at: path, reader.stringList) else {
                continue
            }
            topics.append((name, prompts))
        }
        return topics
    }
}
