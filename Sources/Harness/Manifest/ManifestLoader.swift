import Cascade
import Foundation
import HarmonixCore
import Yams

/// Reads and validates manifests (YAML, or JSON, which YAML reads too).
///
/// All problems of a file are collected before failing, each with its file, line, column and key
/// path, so `harmonix validate` shows everything at once.
///
/// ```swift
/// let manifest = try ManifestLoader.load(path: "Experiments/smoke.yaml")
/// ```
public enum ManifestLoader {
    static let topLevelKeys = [
        "name", "description", "seed", "repeats", "warmup", "modes", "organisms", "prompts", "metrics",
        "targets", "output", "filter", "concurrency", "margin", "tolerance", "in_flight", "lineage",
    ]
    /// Largest `in_flight`: every cascade in flight holds its own Prose KV cache (up to ≈ 47 MiB for
    /// SmolLM2-135M at its 2048-token context) and its own texts in memory, and on 2 cores
    /// throughput stops growing long before (README "Throughput runs").
    public static let maxInFlight = 32
    /// Organisms in cascade (stage) order.
    public static let knownOrganisms = ["haiku", "sonnet", "prose"]
    static let organismKeys = ["model", "max_tokens", "temperature", "field"]
    /// Keys only one organism understands (data files it needs, engine threads).
    static let organismSpecificKeys: [String: [String]] = [
        "haiku": ["seeds"], "sonnet": ["brain", "phase_state"], "prose": ["threads"],
    ]
    static let promptSetKeys = ["file", "topic", "prompts", "optional"]
    /// Data files an organism cannot run without: resolved through ``DataResolver`` when omitted.
    static let requiredData: [String: (key: String, item: DataItem)] = [
        "haiku": ("seeds", .haikuSeeds), "sonnet": ("model", .sonnetWeights), "prose": ("model", .proseModel),
    ]
    static let metricKeys = ["variants"]
    static let targetKeys = ["variant", "mean_external_vocab", "optimal_share", "max_cascade_seconds"]
    public static let knownVariants = MetricVariant.allCases.map(\.rawValue)

    /// Reads the manifest at `path`.
    ///
    /// - parameter environment: variables for `${VAR}` expansion; the process environment by default.
    /// - parameter resolver: finds `data:` references and omitted data files; by default one over
    ///   `environment` (so `HARMONIX_HOME` and the `HARMONIX_*` file variables count).
    /// - throws: ``ManifestError``.
    public static func load(path: String,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            resolver: DataResolver? = nil) throws -> Manifest {
        let text = try TextFileReader.read(path: path).get()
        let absolute = ManifestPaths.resolve(path, against: FileManager.default.currentDirectoryPath)
        return try parse(text, file: path, sourcePath: absolute, environment: environment, resolver: resolver)
    }

    /// Parses manifest `text`; `file` names it in messages, `sourcePath` anchors its relative paths.
    public static func parse(_ text: String, file: String, sourcePath: String,
                             environment: [String: String] = [:], resolver: DataResolver? = nil) throws -> Manifest {
        let node: Node
        do {
            guard let composed = try Yams.compose(yaml: text) else {
                throw ManifestError.invalid([ManifestIssue(
                    file: file, line: 1, column: 1, keyPath: "", problem: "the manifest is empty",
                    fix: "Start from Experiments/smoke.yaml.")])
            }
            node = composed
        } catch let error as ManifestError {
            throw error
        } catch {
            let issue = syntaxIssue(error, file: file, text: text)
            throw ManifestError.syntax(file: file, line: issue.line, column: issue.column, problem: issue.problem)
        }
        var builder = Builder(reader: ManifestNodeReader(file: file), file: file,
                              directory: (sourcePath as NSString).deletingLastPathComponent,
                              environment: environment, resolver: resolver ?? DataResolver(environment: environment))
        let manifest = builder.build(node, sourcePath: sourcePath)
        let issues = builder.reader.issues + builder.extraIssues
        if !issues.isEmpty || manifest == nil {
            throw ManifestError.invalid(issues.sorted { ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column) })
        }
        return manifest!
    }

    /// The position and sentence of a YAML error. The problem carries no "YAML syntax error" prefix:
    /// ``ManifestError/syntax(file:line:column:problem:)`` adds it once.
    static func syntaxIssue(_ error: Error, file: String, text: String) -> ManifestIssue {
        if let yaml = error as? YamlError {
            switch yaml {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
                 .composer(_, let problem, let mark, _):
                return ManifestIssue(file: file, line: mark.line, column: mark.column, keyPath: "",
                                     problem: problem, fix: "")
            case .reader(let problem, let offset, _, _):
                let (line, column) = position(ofUTF8Offset: offset ?? 0, in: text)
                return ManifestIssue(file: file, line: line, column: column, keyPath: "", problem: problem, fix: "")
            case .duplicatedKeysInMapping(let duplicates, let context):
                // Yams marks the first occurrence; the mistake is the repetition below it.
                let key = duplicates.first ?? ""
                let (line, column) = repeatedKey(key, after: context.mark.line, column: context.mark.column, in: text)
                    ?? (context.mark.line, context.mark.column)
                return ManifestIssue(file: file, line: line, column: column, keyPath: key,
                                     problem: "duplicate key '\(key)' (first at line \(context.mark.line))", fix: "")
            default:
                break
            }
        }
        return ManifestIssue(file: file, line: 1, column: 1, keyPath: "", problem: "\(error)", fix: "")
    }

    /// 1-based line and column of the byte at `offset` of `text`'s UTF-8.
    static func position(ofUTF8Offset offset: Int, in text: String) -> (Int, Int) {
        var line = 1, column = 1
        for byte in text.utf8.prefix(max(0, offset)) {
            if byte == UInt8(ascii: "\n") { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return (line, column)
    }

    /// The line and column where `key:` appears again at `column`, after line `first`.
    static func repeatedKey(_ key: String, after first: Int, column: Int, in text: String) -> (Int, Int)? {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where index + 1 > first {
            let characters = Array(line)
            guard column - 1 < characters.count else { continue }
            let rest = String(characters[(column - 1)...])
            let leading = characters.prefix(column - 1).allSatisfy { $0 == " " || $0 == "-" }
            if leading, rest.hasPrefix(key),
               rest.dropFirst(key.count).drop(while: { $0 == " " }).first == ":" {
                return (index + 1, column)
            }
        }
        return nil
    }
}

/// Builds a ``Manifest`` from the composed document, reporting problems to its reader.
private struct Builder {
    let reader: ManifestNodeReader
    let file: String
    let directory: String
    let environment: [String: String]
    let resolver: DataResolver
    var extraIssues: [ManifestIssue] = []
    var promptSets: [PromptSetRecord] = []
    var dataFiles: [DataRecord] = []
    var dataMarks: [String: ManifestMark] = [:]

    init(reader: ManifestNodeReader, file: String, directory: String, environment: [String: String],
         resolver: DataResolver) {
        self.reader = reader
        self.file = file
        self.directory = directory
        self.environment = environment
        self.resolver = resolver
    }

    mutating func build(_ root: Node, sourcePath: String) -> Manifest? {
        guard let top = reader.mapping(root, at: "", allowed: ManifestLoader.topLevelKeys) else { return nil }
        func required(_ key: String, _ hint: String) -> Node? {
            if let node = top[key] { return node }
            reader.report(root, key, "missing required key '\(key)'", fix: hint)
            return nil
        }

        var name = ""
        if let node = required("name", "Add `name: my-experiment` (it names the Results/ folder).") {
            if let text = reader.string(node, at: "name") {
                if text.isEmpty || text.range(of: "^[A-Za-z0-9._-]+$", options: .regularExpression) == nil || text.hasPrefix(".") {
                    reader.report(node, "name", "invalid experiment name '\(text)'",
                                  fix: "Use letters, digits, '.', '_' and '-' only (it becomes a folder name).")
                } else {
                    name = text
                }
            }
        }
        let description = top["description"].flatMap { reader.string($0, at: "description") }
        let seed = required("seed", "Add `seed: 42`.").flatMap { reader.unsigned($0, at: "seed") } ?? 0
        let repeats = top["repeats"].flatMap { reader.int($0, at: "repeats", minimum: 1, maximum: ManifestLimits.repeats) } ?? 1
        let warmup = top["warmup"].flatMap { reader.int($0, at: "warmup", minimum: 0, maximum: ManifestLimits.warmup) } ?? 3
        let concurrency = top["concurrency"].flatMap { reader.int($0, at: "concurrency", minimum: 1) } ?? 1
        var inFlight = 1
        if let node = top["in_flight"], let value = reader.int(node, at: "in_flight", minimum: 1) {
            if value > ManifestLoader.maxInFlight {
                reader.report(node, "in_flight", "must be at most \(ManifestLoader.maxInFlight), found \(value)",
                              fix: "Use 1 for latency, 2–\(ManifestLoader.maxInFlight) for a throughput run.")
            } else if value > 1 && concurrency > 1 {
                reader.report(node, "in_flight", "in_flight \(value) and concurrency \(concurrency) cannot be combined",
                              fix: "in_flight already overlaps cascades of every mode: drop `concurrency`.")
            } else {
                inFlight = value
            }
        }
        let margin = top["margin"].flatMap { reader.double($0, at: "margin", range: 0...0.99) } ?? 0.05
        let tolerance = top["tolerance"].flatMap { reader.double($0, at: "tolerance", range: 0...10) } ?? 0.25

        let modes = top["modes"].map { readModes($0) } ?? [.sync]
        let organisms = required("organisms", "Add e.g. `organisms: {haiku: {}}`.").map { readOrganisms($0) } ?? []
        let prompts = required("prompts", "Add a prompt set, e.g. `prompts: [{file: prompts/thresholds.json}]`.")
            .map { readPrompts($0) } ?? []
        let variants = top["metrics"].map { readMetrics($0) } ?? [.v3, .v4, .v5]
        let targets = top["targets"].map { readTargets($0) } ?? TargetSpec()

        var output = ManifestPaths.resolve("Results", against: FileManager.default.currentDirectoryPath)
        if let node = top["output"], let text = reader.string(node, at: "output"),
           let path = expandPath(text, node: node, keyPath: "output") {
            output = path
        }
        var filter: String?
        if let node = top["filter"], let text = reader.string(node, at: "filter") {
            if (try? NSRegularExpression(pattern: text)) == nil {
                reader.report(node, "filter", "invalid regular expression '\(text)'",
                              fix: "Use an ICU regular expression on prompt ids such as `being_nothing/.*`.")
            } else {
                filter = text
            }
        }

        let cascades = ManifestLimits.cascadeCount(prompts: prompts.count, modes: modes.count, repeats: repeats,
                                                   warmup: warmup)
        if cascades > ManifestLimits.cascades {
            reader.report(top["repeats"] ?? top["prompts"] ?? root, top["repeats"] != nil ? "repeats" : "prompts",
                          "the run would make \(cascades == Int.max ? "too many" : String(cascades)) cascades, more than the maximum of \(ManifestLimits.cascades)",
                          fix: "Lower `repeats`, the prompts or the modes (limits: Experiments/README.md).")
        }

        var lineage = Lineage.run
        if let node = top["lineage"], let text = reader.string(node, at: "lineage") {
            if let value = Lineage(rawValue: text) {
                lineage = value
            } else {
                reader.report(node, "lineage", "unknown lineage '\(text)'",
                              fix: Suggestion.fix(for: text, allowed: Lineage.allCases.map(\.rawValue)))
            }
        }
        // in_flight overlaps cascades over one shared field state per mode; topic and prompt lineages
        // give every unit its own state, so there is nothing shared to overlap over.
        if inFlight > 1 && lineage != .run, let node = top["lineage"] {
            reader.report(node, "lineage", "lineage '\(lineage.rawValue)' cannot be combined with in_flight \(inFlight)",
                          fix: "Throughput runs share one field state per mode: use `lineage: run` (the default) with in_flight.")
        }

        // The cascades that exist: one organism alone (a solo cascade, sync only) or all three.
        if let node = top["organisms"], !organisms.isEmpty,
           !reader.issues.contains(where: { $0.keyPath.hasPrefix("organisms") }) {
            let names = organisms.map(\.name)
            if names.count != 1 && names != ManifestLoader.knownOrganisms {
                reader.report(node, "organisms", "no cascade runs organisms [\(names.joined(separator: ", "))]",
                              fix: "Use one organism alone, or haiku, sonnet and prose together.")
            } else if names.count == 1, let node = top["modes"], modes.contains(where: { $0 != .sync }) {
                reader.report(node, "modes", "\(names[0]) alone runs only in mode 'sync'",
                              fix: "Use `modes: [sync]`, or add the other organisms for async modes.")
            }
        }

        return Manifest(
            name: name, description: description, seed: seed, repeats: repeats, warmup: warmup, modes: modes,
            organisms: organisms, prompts: prompts, metricVariants: variants, targets: targets,
            outputDirectory: output, filter: filter, concurrency: concurrency, margin: margin,
            tolerance: tolerance, sourcePath: sourcePath, promptSets: promptSets, dataFiles: dataFiles,
            dataMarks: dataMarks, inFlight: inFlight, lineage: lineage)
    }

    private func readModes(_ node: Node) -> [CascadeMode] {
        guard let items = reader.sequence(node, at: "modes") else { return [] }
        var modes: [CascadeMode] = []
        for (i, item) in items.enumerated() {
            guard let text = reader.string(item, at: "modes[\(i)]") else { continue }
            guard let mode = CascadeMode(rawValue: text) else {
                reader.report(item, "modes[\(i)]", "unknown mode '\(text)'",
                              fix: Suggestion.fix(for: text, allowed: CascadeMode.allCases.map(\.rawValue)))
                continue
            }
            if modes.contains(mode) {
                reader.report(item, "modes[\(i)]", "mode '\(text)' listed twice", fix: "Keep one.")
                continue
            }
            modes.append(mode)
        }
        if items.isEmpty { reader.report(node, "modes", "no modes listed", fix: "Add e.g. `[sync, async]`.") }
        return modes
    }

    private mutating func readOrganisms(_ node: Node) -> [OrganismConfiguration] {
        guard let entries = reader.namedEntries(node, at: "organisms") else { return [] }
        var specs: [OrganismConfiguration] = []
        for (name, keyNode, value) in entries {
            let path = "organisms.\(name)"
            guard ManifestLoader.knownOrganisms.contains(name) else {
                reader.report(keyNode, path, "unknown organism '\(name)'",
                              fix: Suggestion.fix(for: name, allowed: ManifestLoader.knownOrganisms))
                continue
            }
            var spec = OrganismConfiguration(name: name)
            var given: Set<String> = []
            if value.null == nil {
                let allowed = ManifestLoader.organismKeys + (ManifestLoader.organismSpecificKeys[name] ?? [])
                guard let options = reader.mapping(value, at: path, allowed: allowed) else { continue }
                given = Set(options.keys)
                for key in ["seeds", "brain", "phase_state", "model"] {
                    guard let node = options[key], let text = reader.string(node, at: "\(path).\(key)") else { continue }
                    let resolved = dataPath(text, node: node, keyPath: "\(path).\(key)")
                    switch key {
                    case "seeds": spec.seedsPath = resolved
                    case "brain": spec.brainPath = resolved
                    case "model": spec.model = resolved
                    default: spec.phaseStatePath = resolved
                    }
                }
                spec.threads = options["threads"].flatMap { reader.int($0, at: "\(path).threads", minimum: 1) }
                spec.maxTokens = options["max_tokens"].flatMap { reader.int($0, at: "\(path).max_tokens", minimum: 1) }
                spec.temperature = options["temperature"].flatMap {
                    reader.double($0, at: "\(path).temperature", range: 0...10)
                }
                if let field = options["field"] { spec.field = readField(field, at: "\(path).field") }
            }
            // A data file the organism needs and the manifest omits: the resolution order decides.
            if let needed = ManifestLoader.requiredData[name], !given.contains(needed.key) {
                let resolved = located(needed.item, node: keyNode, keyPath: "\(path).\(needed.key)")
                if needed.key == "seeds" { spec.seedsPath = resolved } else { spec.model = resolved }
            }
            specs.append(spec)
        }
        if entries.isEmpty {
            reader.report(node, "organisms", "no organisms listed", fix: "Add at least one of haiku, sonnet, prose.")
        }
        let order = ManifestLoader.knownOrganisms
        return specs.sorted { order.firstIndex(of: $0.name)! < order.firstIndex(of: $1.name)! }
    }

    private mutating func readField(_ node: Node, at keyPath: String) -> FieldState {
        if let text = node.scalar?.string {
            if text == "fresh" { return .fresh }
            reader.report(node, keyPath, "unknown field state '\(text)'",
                          fix: "Use `fresh` or `{copy: path/to/field.db}`.")
            return .fresh
        }
        guard let entries = reader.mapping(node, at: keyPath, allowed: ["copy"]) else { return .fresh }
        guard let copy = entries["copy"], let text = reader.string(copy, at: "\(keyPath).copy") else {
            if entries["copy"] == nil { reader.report(node, "\(keyPath).copy", "missing required key 'copy'") }
            return .fresh
        }
        guard let path = dataPath(text, node: copy, keyPath: "\(keyPath).copy") else { return .fresh }
        return .copy(of: path)
    }

    private mutating func readPrompts(_ node: Node) -> [ExperimentPrompt] {
        guard let sets = reader.sequence(node, at: "prompts") else { return [] }
        var topics: [(name: String, prompts: [String], node: Node)] = []
        for (i, setNode) in sets.enumerated() {
            let path = "prompts[\(i)]"
            guard let entries = reader.mapping(setNode, at: path, allowed: ManifestLoader.promptSetKeys) else { continue }
            var optional = false
            if let node = entries["optional"] {
                if node.bool == nil || node.scalar == nil {
                    reader.report(node, "\(path).optional", "expected true or false, found '\(node.scalar?.string ?? "a collection")'")
                } else if entries["file"] == nil {
                    reader.report(node, "\(path).optional", "'optional' applies to a prompt file (`file:`), not to inline prompts",
                                  fix: "Remove it, or move the prompts into a file.")
                } else {
                    optional = node.bool ?? false
                }
            }
            if let fileNode = entries["file"] {
                if entries["topic"] != nil || entries["prompts"] != nil {
                    reader.report(setNode, path, "a prompt set has either 'file' or 'topic' + 'prompts', not both")
                    continue
                }
                guard let text = reader.string(fileNode, at: "\(path).file") else { continue }
                guard let found = promptFile(text, node: fileNode, keyPath: "\(path).file", optional: optional) else {
                    continue
                }
                if let read = PromptSetFile.read(path: found.path, displayName: file, into: &extraIssues,
                                                 at: "\(path).file", manifestNode: fileNode) {
                    topics += read.map { ($0.0, $0.1, fileNode) }
                    promptSets.append(PromptSetRecord(name: text, path: found.path, source: found.source,
                                                      topics: read.map(\.0), promptCount: read.reduce(0) { $0 + $1.1.count }))
                }
            } else {
                guard let topicNode = entries["topic"], let topic = reader.string(topicNode, at: "\(path).topic") else {
                    if entries["topic"] == nil {
                        reader.report(setNode, "\(path).topic", "missing 'topic' (or 'file')",
                                      fix: "Write `- topic: name` with `prompts: [...]`, or `- file: prompts.json`.")
                    }
                    continue
                }
                guard let prompts = reader.required("prompts", in: entries, of: setNode, at: path, reader.stringList) else {
                    continue
                }
                topics.append((topic, prompts, topicNode))
                promptSets.append(PromptSetRecord(name: "topic \(topic)", topics: [topic], promptCount: prompts.count))
            }
        }
        var seen = Set<String>()
        var result: [ExperimentPrompt] = []
        for topic in topics {
            guard seen.insert(topic.name).inserted else {
                reader.report(topic.node, "prompts", "topic '\(topic.name)' appears twice",
                              fix: "Topic names must be unique: they form the prompt ids.")
                continue
            }
            if topic.prompts.isEmpty {
                reader.report(topic.node, "prompts", "topic '\(topic.name)' has no prompts")
            }
            // An empty prompt scores 0.000 and would count as optimal: refuse it.
            for (index, text) in topic.prompts.enumerated()
            where text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                reader.report(topic.node, "prompts", "prompt \(index + 1) of topic '\(topic.name)' is empty",
                              fix: "Remove it or write the prompt; an empty prompt has nothing to measure.")
            }
            for (index, text) in topic.prompts.enumerated() {
                let history = Array(topic.prompts[max(0, index - 3)..<index])
                result.append(ExperimentPrompt(id: "\(topic.name)/\(index + 1)", topic: topic.name, index: index,
                                               text: text, history: history))
            }
        }
        if sets.isEmpty { reader.report(node, "prompts", "no prompt sets listed") }
        return result
    }

    private func readMetrics(_ node: Node) -> [MetricVariant] {
        guard let entries = reader.mapping(node, at: "metrics", allowed: ManifestLoader.metricKeys),
              let variantsNode = entries["variants"] else { return [.v3, .v4, .v5] }
        guard let names = reader.stringList(variantsNode, at: "metrics.variants") else { return [] }
        var variants: [MetricVariant] = []
        let items = variantsNode.sequence.map(Array.init) ?? []
        for (i, name) in names.enumerated() {
            guard let variant = MetricVariant(name: name) else {
                reader.report(i < items.count ? items[i] : variantsNode, "metrics.variants[\(i)]",
                              "unknown external_vocab variant '\(name)'",
                              fix: "Allowed: \(ManifestLoader.knownVariants.joined(separator: ", ")) (metrics.md §1.3).")
                continue
            }
            if !variants.contains(variant) { variants.append(variant) }
        }
        if names.isEmpty { reader.report(variantsNode, "metrics.variants", "no variants listed") }
        return variants
    }

    private func readTargets(_ node: Node) -> TargetSpec {
        var targets = TargetSpec()
        guard let entries = reader.mapping(node, at: "targets", allowed: ManifestLoader.targetKeys) else { return targets }
        if let variantNode = entries["variant"], let text = reader.string(variantNode, at: "targets.variant") {
            if let variant = MetricVariant(name: text) {
                targets.variant = variant
            } else {
                reader.report(variantNode, "targets.variant", "unknown external_vocab variant '\(text)'",
                              fix: Suggestion.fix(for: text, allowed: ManifestLoader.knownVariants))
            }
        }
        if let value = entries["mean_external_vocab"].flatMap({
            reader.double($0, at: "targets.mean_external_vocab", range: 0...1)
        }) { targets.meanExternalVocab = value }
        if let value = entries["optimal_share"].flatMap({ reader.double($0, at: "targets.optimal_share", range: 0...1) }) {
            targets.optimalShare = value
        }
        if let node = entries["max_cascade_seconds"] {
            targets.maxCascadeSeconds = node.null != nil
                ? nil : reader.double(node, at: "targets.max_cascade_seconds", range: 0...1e6)
        }
        return targets
    }

    /// A data path as the manifest writes it: `data:<item>` goes through the resolution order (an
    /// issue listing every place tried when nothing is found); anything else is an explicit path.
    private mutating func dataPath(_ text: String, node: Node, keyPath: String) -> String? {
        if let reference = dataReference(text, node: node, keyPath: keyPath) {
            guard let item = reference else { return nil }
            return located(item, node: node, keyPath: keyPath)
        }
        guard let path = expandPath(text, node: node, keyPath: keyPath) else { return nil }
        dataFiles.append(DataRecord(key: keyPath, item: nil, path: path, source: .explicit, rule: "manifest"))
        if let mark = node.mark { dataMarks[keyPath] = ManifestMark(line: mark.line, column: mark.column) }
        return path
    }

    /// A `data:<item>` reference: nil when `text` is a plain path; `.some(nil)` after reporting an
    /// unknown item; `.some(item)` otherwise.
    private mutating func dataReference(_ text: String, node: Node, keyPath: String) -> DataItem?? {
        guard text.hasPrefix("data:") else { return nil }
        let name = String(text.dropFirst("data:".count))
        guard let item = DataItem(rawValue: name) else {
            reader.report(node, keyPath, "unknown data reference '\(text)'",
                          fix: Suggestion.fix(for: name, allowed: DataItem.allCases.map(\.rawValue)))
            return .some(nil)
        }
        return .some(item)
    }

    /// `item` through the resolver, recorded; nil after reporting when it is nowhere.
    private mutating func located(_ item: DataItem, node: Node, keyPath: String) -> String? {
        do {
            let location = try resolver.locate(item)
            dataFiles.append(DataRecord(key: keyPath, item: item, path: location.path, source: location.source,
                                        rule: location.rule))
            if let mark = node.mark { dataMarks[keyPath] = ManifestMark(line: mark.line, column: mark.column) }
            return location.path
        } catch {
            reader.report(node, keyPath, error.problem, fix: error.fix)
            return nil
        }
    }

    /// A prompt file: its path and rule, or nil (an issue, or a skipped record when `optional` and
    /// the file is nowhere).
    private mutating func promptFile(_ text: String, node: Node, keyPath: String,
                                     optional: Bool) -> (path: String, source: DataSource)? {
        if let reference = dataReference(text, node: node, keyPath: keyPath) {
            guard let item = reference else { return nil }
            do {
                let location = try resolver.locate(item)
                return (location.path, location.source)
            } catch {
                // Only a file found nowhere is skipped: a variable naming a missing file is a mistake.
                if optional, case .notFound(_, let tried) = error {
                    promptSets.append(PromptSetRecord(
                        name: text, included: false,
                        note: "not found; tried " + tried.map(\.description).joined(separator: "; ")))
                    return nil
                }
                reader.report(node, keyPath, error.problem, fix: error.fix)
                return nil
            }
        }
        guard let path = expandPath(text, node: node, keyPath: keyPath) else { return nil }
        if optional, !DataResolver.isFile(path) {
            promptSets.append(PromptSetRecord(name: text, included: false, note: "not found: \(path)"))
            return nil
        }
        return (path, .explicit)
    }

    private func expandPath(_ text: String, node: Node, keyPath: String) -> String? {
        do {
            return ManifestPaths.resolve(try ManifestPaths.expand(text, environment: environment), against: directory)
        } catch ManifestPaths.ExpansionError.unset(let name) {
            reader.report(node, keyPath, "environment variable '\(name)' is not set",
                          fix: "Set it, or write `${\(name):-fallback/path}`.")
        } catch {
            reader.report(node, keyPath, "unterminated '${' in '\(text)'", fix: "Close it with '}'.")
        }
        return nil
    }
}
