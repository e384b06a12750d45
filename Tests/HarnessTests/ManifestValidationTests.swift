import Cascade
import Foundation
import HarmonixCore
import Testing
@testable import Harness

@Suite("Manifest validation")
struct ManifestValidationTests {
    /// Parses `text` as a manifest living in a temporary folder; returns the manifest or the issues.
    private func parse(_ text: String, environment: [String: String] = [:],
                       files: [String: String] = [:]) throws -> Result<Manifest, ManifestError> {
        let dir = try RunnerFixtures.temporaryDirectory("manifest")
        for (name, content) in files { try RunnerFixtures.write(content, to: name, in: dir) }
        let path = try RunnerFixtures.write(text, to: "m.yaml", in: dir)
        do {
            return .success(try ManifestLoader.parse(text, file: "m.yaml", sourcePath: path, environment: environment))
        } catch let error as ManifestError {
            return .failure(error)
        }
    }

    private func issues(_ result: Result<Manifest, ManifestError>) -> [ManifestIssue] {
        if case .failure(let error) = result { return error.issues }
        return []
    }

    private let minimal = """
        name: t
        seed: 1
        organisms:
          haiku: {}
        prompts:
          - topic: a
            prompts: [one, two, three, four, five]

        """

    @Test("Every manifest shipped in Experiments/ validates")
    func shippedManifestsValidate() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: RunnerFixtures.experimentsDirectory.path)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json") }
        #expect(files.contains("default.yaml"))
        #expect(files.contains("smoke.yaml"))
        for file in files {
            let path = RunnerFixtures.experimentsDirectory.appendingPathComponent(file).path
            do {
                _ = try ManifestLoader.load(path: path, environment: [:])
            } catch {
                Issue.record("\(file) failed to validate: \(error)")
            }
        }
    }

    @Test("default.yaml names the full cascade, all three modes and 40 prompts")
    func defaultManifestContent() throws {
        let path = RunnerFixtures.experimentsDirectory.appendingPathComponent("default.yaml").path
        let manifest = try ManifestLoader.load(path: path, environment: [:])
        #expect(manifest.organismNames == ["haiku", "sonnet", "prose"])
        #expect(manifest.modes == [.sync, .async, .asyncParity])
        // 20 Leo paradox prompts + 20 of our own thresholds set.
        #expect(manifest.prompts.count == 40)
        #expect(manifest.prompts.first?.id == "being_nothing/1")
        #expect(manifest.metricVariants == [.v3, .v4, .v5])
        let sonnet = try #require(manifest.organisms.first { $0.name == "sonnet" })
        // data:sonnet.weights and data:sonnet.field resolve to the shared data (no variable, no home).
        #expect(sonnet.model == RunnerFixtures.sharedData.appendingPathComponent("sonnet/shakespeare_gpt.npz").path)
        #expect(sonnet.field == .copy(of: RunnerFixtures.sharedData.appendingPathComponent("sonnet/sonnets.db").path))
        // Both prompt sets are listed; Leo's is found in the shared data, ours next to the manifest.
        #expect(manifest.promptSets.map(\.name) == ["data:leo.paradoxes", "prompts/thresholds.json"])
        #expect(manifest.promptSets.map(\.included) == [true, true])
        #expect(manifest.promptSets.map(\.source) == [.shared, .explicit])
        #expect(manifest.promptSets.map(\.promptCount) == [20, 20])
        #expect(manifest.dataFiles.first { $0.key == "organisms.sonnet.model" }?.source == .shared)
        #expect(manifest.dataFiles.first { $0.key == "organisms.haiku.seeds" }?.item == .haikuSeeds)
    }

    @Test("An unknown top-level key is rejected with its line and a suggestion")
    func unknownKeyWithSuggestion() throws {
        let result = try parse(minimal + "repeat: 3\n")
        let found = issues(result)
        #expect(found.count == 1)
        let issue = try #require(found.first)
        #expect(issue.line == 8)
        #expect(issue.column == 1)
        #expect(issue.keyPath == "repeat")
        #expect(issue.fix == "Did you mean 'repeats'?")
        #expect(issue.description == "m.yaml:8:1: unknown key 'repeat' - while validating the manifest. Did you mean 'repeats'?")
    }

    @Test("A wrong type names file, line and key")
    func wrongType() throws {
        let found = issues(try parse(minimal + "repeats: three\n"))
        let issue = try #require(found.first)
        #expect(found.count == 1)
        #expect(issue.line == 8)
        #expect(issue.column == 10)
        #expect(issue.keyPath == "repeats")
        #expect(issue.problem == "expected a whole number, found 'three'")
    }

    @Test("Nested unknown keys, unknown organisms and modes are all reported, in line order")
    func nestedProblems() throws {
        let text = """
            name: t
            seed: 1
            modes: [sync, asynch]
            organisms:
              haiku: {}
              prose:
                max_token: 20
              sonet: {}
            prompts:
              - topic: a
                prompts: [one]

            """
        let found = issues(try parse(text))
        #expect(found.map(\.line) == [3, 7, 8])
        #expect(found.map(\.keyPath) == ["modes[1]", "organisms.prose.max_token", "organisms.sonet"])
        #expect(found.map(\.fix) == ["Did you mean 'async'?", "Did you mean 'max_tokens'?", "Did you mean 'sonnet'?"])
    }

    @Test("Only existing cascades validate: one organism alone (sync only) or all three")
    func organismSets() throws {
        let pair = issues(try parse(minimal.replacingOccurrences(of: "haiku: {}", with: "{haiku: {}, sonnet: {}}")
            .replacingOccurrences(of: "organisms:\n  {", with: "organisms: {")))
        #expect(pair.map(\.keyPath) == ["organisms"])
        #expect(pair.first?.line == 3)
        #expect(pair.first?.problem == "no cascade runs organisms [haiku, sonnet]")

        let soloAsync = issues(try parse(minimal + "modes: [sync, async]\n"))
        #expect(soloAsync.map(\.keyPath) == ["modes"])
        #expect(soloAsync.first?.line == 8)
    }

    @Test("Missing required keys are reported")
    func missingRequired() throws {
        let found = issues(try parse("name: t\nseed: 1\n"))
        #expect(Set(found.map(\.keyPath)) == ["organisms", "prompts"])
    }

    @Test("A YAML syntax error carries its line")
    func syntaxError() throws {
        let result = try parse("name: t\nseed: [1, 2\nrepeats: 2\n")
        guard case .failure(.syntax(let file, let line, _, _)) = result else {
            Issue.record("expected a syntax error, got \(result)")
            return
        }
        #expect(file == "m.yaml")
        #expect(line == 3)
    }

    @Test("JSON manifests are accepted")
    func jsonManifest() throws {
        let json = """
            {"name": "j", "seed": 3, "modes": ["sync", "async-parity"], "organisms": {"haiku": {}, "sonnet": {}, "prose": {}},
             "prompts": [{"topic": "x", "prompts": ["a b c"]}]}
            """
        let manifest = try parse(json).get()
        #expect(manifest.modes == [.sync, .asyncParity])
        #expect(manifest.seed == 3)
        #expect(manifest.warmup == 3)
        #expect(manifest.repeats == 1)
    }

    @Test("Prompt ids, topics and the three-prompt V4 history")
    func promptHistory() throws {
        let manifest = try parse(minimal).get()
        #expect(manifest.prompts.map(\.id) == ["a/1", "a/2", "a/3", "a/4", "a/5"])
        #expect(manifest.prompts[0].history == [])
        #expect(manifest.prompts[2].history == ["one", "two"])
        #expect(manifest.prompts[4].history == ["two", "three", "four"])
    }

    @Test("Prompt files resolve against the manifest folder; their own errors carry their own lines")
    func promptFile() throws {
        let good = """
            {"topics": [{"name": "t1", "prompts": ["p1", "p2"]}]}
            """
        let manifest = try parse(minimal.replacingOccurrences(of: "  - topic: a\n    prompts: [one, two, three, four, five]\n",
                                                              with: "  - file: sets/good.json\n"),
                                 files: ["sets/good.json": good]).get()
        #expect(manifest.prompts.map(\.text) == ["p1", "p2"])

        let bad = "{\"topics\": [\n  {\"name\": \"t1\",\n   \"promts\": [\"p1\"]}]}\n"
        let found = issues(try parse(minimal + "  - file: bad.json\n", files: ["bad.json": bad]))
        #expect(found.contains { $0.file.hasSuffix("bad.json") && $0.line == 3 && $0.fix == "Did you mean 'prompts'?" })

        let missing = issues(try parse(minimal + "  - file: nowhere.json\n"))
        #expect(missing.first?.line == 8)
        #expect(missing.first?.problem.contains("prompt file not found") == true)
    }

    @Test("${VAR} expansion and fallbacks; an explicit model wins over HARMONIX_* variables")
    func environmentOverrides() throws {
        let text = """
            name: t
            seed: 1
            organisms:
              sonnet:
                model: ${WEIGHTS_DIR}/w.npz
              prose:
                model: ${NOPE:-models/m.gguf}
              haiku: {}
            prompts:
              - topic: a
                prompts: [one]

            """
        let manifest = try parse(text, environment: ["WEIGHTS_DIR": "/opt/w"]).get()
        #expect(manifest.organisms.map(\.name) == ["haiku", "sonnet", "prose"])
        #expect(manifest.organisms[1].model == "/opt/w/w.npz")
        let dir = (manifest.sourcePath as NSString).deletingLastPathComponent
        #expect(manifest.organisms[2].model == dir + "/models/m.gguf")

        // Resolution order rule 1: the manifest's explicit value is never replaced by a variable.
        let explicit = try parse(text, environment: ["WEIGHTS_DIR": "/opt/w", "HARMONIX_PROSE_MODEL": "/x/p.gguf",
                                                     "HARMONIX_SONNET_WEIGHTS": "/x/s.npz"]).get()
        let explicitDir = (explicit.sourcePath as NSString).deletingLastPathComponent
        #expect(explicit.organisms.map { $0.model ?? "" } == ["", "/opt/w/w.npz", explicitDir + "/models/m.gguf"])

        let unset = issues(try parse(text))
        #expect(unset.first?.line == 5)
        #expect(unset.first?.problem == "environment variable 'WEIGHTS_DIR' is not set")
    }

    @Test("Field states, targets, margins and filter are read and range-checked")
    func optionsAndRanges() throws {
        let text = minimal + """
            targets: {variant: v3, mean_external_vocab: 0.2, optimal_share: 0.5, max_cascade_seconds: 3}
            margin: 0.1
            tolerance: 0.3
            filter: "^a/"
            concurrency: 2

            """
        let manifest = try parse(text).get()
        #expect(manifest.targets == TargetSpec(variant: .v3, meanExternalVocab: 0.2, optimalShare: 0.5,
                                               maxCascadeSeconds: 3))
        #expect(manifest.margin == 0.1 && manifest.tolerance == 0.3 && manifest.concurrency == 2)
        #expect(manifest.filter == "^a/")

        let bad = issues(try parse(minimal + "margin: 2\nfilter: \"([\"\nmetrics: {variants: [v9]}\n"))
        #expect(bad.map(\.keyPath) == ["margin", "filter", "metrics.variants[0]"])
        #expect(bad.map(\.line) == [8, 9, 10])

        let field = issues(try parse(minimal.replacingOccurrences(of: "haiku: {}", with: "haiku: {field: stale}")))
        #expect(field.first?.keyPath == "organisms.haiku.field")
        #expect(field.first?.line == 4)
    }
}
