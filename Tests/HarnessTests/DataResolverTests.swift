import Foundation
import Testing
@testable import Harness

/// A fake checkout of the original harmonix project: its layout, with symlinks to the shared files.
enum HarmonixHomeFixture {
    /// A temporary folder laid out as `DataItem.homePath`, each entry a symlink to the shared file.
    static func make() throws -> URL {
        let home = try RunnerFixtures.temporaryDirectory("harmonix-home")
        for item in DataItem.allCases {
            guard let inHome = item.homePath, let inShared = item.sharedPath else { continue }
            let target = RunnerFixtures.sharedData.appendingPathComponent(inShared)
            guard FileManager.default.fileExists(atPath: target.path) else {
                throw Fixtures.Missing(description: "Shared data file missing: \(target.path) - while building a fake harmonix home.")
            }
            let link = home.appendingPathComponent(inHome)
            try FileManager.default.createDirectory(at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        }
        return home
    }
}

@Suite("Data resolution")
struct DataResolverTests {
    static let weightsFiles: Set<String> = [
        "/x/given.npz", "/env/w.npz", "/home/sonnet/state/shakespeare_gpt.npz", "/repo/Models/shakespeare_gpt.npz",
        "/shared/sonnet/shakespeare_gpt.npz",
    ]
    static let environment = ["HARMONIX_LOCAL_CONFIG": "", "HARMONIX_HOME": "/home", "HARMONIX_SHARED_DATA": "/shared",
                              "HARMONIX_SONNET_WEIGHTS": "/env/w.npz"]

    private func resolver(_ environment: [String: String]) -> DataResolver {
        DataResolver(environment: environment, repositoryRoot: "/repo", workingDirectory: "/cwd")
    }

    @Test("Order: explicit, variable, home, Models/, shared; each rule counts only when the earlier ones have nothing")
    func order() throws {
        var present = Self.weightsFiles
        var environment = Self.environment
        func locate(_ explicit: String? = nil) throws -> DataLocation {
            try resolver(environment).locate(.sonnetWeights, explicit: explicit, fileExists: { present.contains($0) })
        }
        #expect(try locate("/x/given.npz") == DataLocation(path: "/x/given.npz", source: .explicit, rule: "an explicit value"))
        #expect(try locate().path == "/env/w.npz")
        environment["HARMONIX_SONNET_WEIGHTS"] = nil
        #expect(try locate() == DataLocation(path: "/home/sonnet/state/shakespeare_gpt.npz", source: .home,
                                             rule: "harmonix checkout from $HARMONIX_HOME"))
        present.remove("/home/sonnet/state/shakespeare_gpt.npz")
        #expect(try locate().source == .repository)
        present.remove("/repo/Models/shakespeare_gpt.npz")
        #expect(try locate().path == "/shared/sonnet/shakespeare_gpt.npz")
        present.remove("/shared/sonnet/shakespeare_gpt.npz")
        let error = #expect(throws: DataError.self) { try locate() }
        #expect(error?.places == ["/home/sonnet/state/shakespeare_gpt.npz", "/repo/Models/shakespeare_gpt.npz",
                                  "/shared/sonnet/shakespeare_gpt.npz"])
        #expect(error?.description.contains("$HARMONIX_SONNET_WEIGHTS: not set") == true)
        // Relative values are taken against the working directory.
        #expect(try resolver(["HARMONIX_LOCAL_CONFIG": "", "HARMONIX_SONNET_WEIGHTS": "w.npz"])
            .locate(.sonnetWeights, fileExists: { $0 == "/cwd/w.npz" }).path == "/cwd/w.npz")
    }

    @Test("An explicit path or a variable naming a missing file is an error, never replaced by a later place")
    func explicitChoicesAreNotReplaced() throws {
        let present = Self.weightsFiles
        let all = resolver(Self.environment)
        #expect(throws: DataError.explicitMissing(.sonnetWeights, path: "/gone.npz", origin: "--weights")) {
            try all.locate(.sonnetWeights, explicit: "/gone.npz", origin: "--weights", fileExists: { present.contains($0) })
        }
        var environment = Self.environment
        environment["HARMONIX_SONNET_WEIGHTS"] = "/env/missing.npz"
        #expect(throws: DataError.explicitMissing(.sonnetWeights, path: "/env/missing.npz", origin: "$HARMONIX_SONNET_WEIGHTS")) {
            try resolver(environment).locate(.sonnetWeights, fileExists: { present.contains($0) })
        }
    }

    @Test("Items outside the harmonix layout skip the home rule; Leo's prompts come from the variable or shared data")
    func itemsWithoutHomePlaces() {
        let candidates = resolver(Self.environment).candidates(.leoParadoxes)
        #expect(candidates.map(\.source) == [.variable, .shared])
        #expect(candidates.last?.path == "/shared/leo/topics_paradoxes.json")
        #expect(resolver(Self.environment).candidates(.proseModel).map(\.source) == [.variable, .repository])
        // Every item the original layout holds has both a home and a shared place.
        for item in DataItem.allCases where item.homePath != nil { #expect(item.sharedPath != nil) }
    }

    @Test("--harmonix-home wins over HARMONIX_HOME, which wins over the local config file")
    func homePrecedenceAndLocalConfig() throws {
        // One level down, so that `../shared/data` lands in a folder of this test (never /tmp/shared).
        let root = try RunnerFixtures.temporaryDirectory("local-config").appendingPathComponent("repo")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try RunnerFixtures.write("# recorded\nHARMONIX_HOME=\"/cfg/home\"\nHARMONIX_SONNET_BRAIN=/cfg/b.json\nnot a line\nOTHER=1\n",
                                 to: LocalConfig.fileName, in: root)
        let fromFile = DataResolver(environment: [:], repositoryRoot: root.path, workingDirectory: "/cwd")
        #expect(fromFile.home?.path == "/cfg/home")
        #expect(fromFile.home?.origin.contains(LocalConfig.fileName) == true)
        #expect(fromFile.candidates(.sonnetBrain).first?.path == "/cfg/b.json")
        #expect(fromFile.variables["OTHER"] == nil)
        let fromEnvironment = DataResolver(environment: ["HARMONIX_HOME": "/env/home"], repositoryRoot: root.path)
        #expect(fromEnvironment.home?.path == "/env/home")
        let fromFlag = DataResolver(environment: ["HARMONIX_HOME": "/env/home"], home: "/flag/home", repositoryRoot: root.path)
        #expect(fromFlag.home?.path == "/flag/home" && fromFlag.home?.origin == "--harmonix-home")
        let ignored = DataResolver(environment: ["HARMONIX_LOCAL_CONFIG": ""], repositoryRoot: root.path)
        #expect(ignored.home == nil)
        #expect(ignored.sharedData.path == (root.deletingLastPathComponent().appendingPathComponent("shared/data").path))
    }
}

@Suite("Manifests through HARMONIX_HOME")
struct ManifestDataTests {
    /// A manifest naming its data only by reference (seeds omitted), with Leo's prompts optional.
    static let manifest = """
        name: home
        seed: 3
        organisms:
          haiku: {}
          sonnet:
            model: data:sonnet.weights
            brain: data:sonnet.brain
            phase_state: data:sonnet.phase_state
            field: {copy: data:sonnet.field}
          prose:
            model: data:prose.model
            field: {copy: data:prose.field}
        prompts:
          - file: data:leo.paradoxes
            optional: true
          - topic: ours
            prompts: [What does a lamp know about the dark?]

        """

    /// A resolver with `home` (or none), an empty shared folder and a repository holding a model file.
    static func resolver(home: URL?, extra: [String: String] = [:]) throws -> DataResolver {
        let root = try RunnerFixtures.temporaryDirectory("repo")
        try RunnerFixtures.write("", to: "Models/SmolLM2-135M-Instruct.Q4_1.gguf", in: root)
        let empty = try RunnerFixtures.temporaryDirectory("empty-shared")
        var environment = ["HARMONIX_LOCAL_CONFIG": "", "HARMONIX_SHARED_DATA": empty.path].merging(extra) { $1 }
        if let home { environment["HARMONIX_HOME"] = home.path }
        return DataResolver(environment: environment, repositoryRoot: root.path)
    }

    static func parse(_ text: String, resolver: DataResolver) throws -> Result<Manifest, ManifestError> {
        let dir = try RunnerFixtures.temporaryDirectory("manifest")
        let path = try RunnerFixtures.write(text, to: "m.yaml", in: dir)
        do {
            return .success(try ManifestLoader.parse(text, file: "m.yaml", sourcePath: path, resolver: resolver))
        } catch let error as ManifestError {
            return .failure(error)
        }
    }

    @Test("Every data file comes from the harmonix layout; the optional Leo set is skipped and listed")
    func resolvesThroughHome() throws {
        let home = try HarmonixHomeFixture.make()
        let manifest = try Self.parse(Self.manifest, resolver: try Self.resolver(home: home)).get()
        let byKey = Dictionary(uniqueKeysWithValues: manifest.dataFiles.map { ($0.key, $0) })
        #expect(Set(byKey.keys) == ["organisms.haiku.seeds", "organisms.sonnet.model", "organisms.sonnet.brain",
                                    "organisms.sonnet.phase_state", "organisms.sonnet.field.copy", "organisms.prose.model",
                                    "organisms.prose.field.copy"])
        #expect(byKey["organisms.sonnet.model"]?.path == home.appendingPathComponent("sonnet/state/shakespeare_gpt.npz").path)
        #expect(byKey["organisms.haiku.seeds"]?.path == home.appendingPathComponent("haiku/data/seed_words.txt").path)
        #expect(byKey.values.filter { $0.source == .home }.count == 6)
        #expect(byKey["organisms.prose.model"]?.source == .repository)
        let sonnet = try #require(manifest.organisms.first { $0.name == "sonnet" })
        #expect(sonnet.field == .copy(of: home.appendingPathComponent("sonnet/cloud/sonnets.db").path))
        #expect(sonnet.phaseStatePath == home.appendingPathComponent("sonnet/state/phase_transitions.json").path)
        #expect(manifest.prompts.map(\.id) == ["ours/1"])
        #expect(manifest.promptSets.map(\.included) == [false, true])
        #expect(manifest.promptSets[0].note?.contains("topics_paradoxes.json") == true)

        // With Leo's file named by its variable, the set runs.
        let leo = RunnerFixtures.sharedData.appendingPathComponent("leo/topics_paradoxes.json").path
        let withLeo = try Self.parse(Self.manifest, resolver: try Self.resolver(home: home, extra: ["HARMONIX_LEO_PROMPTS": leo])).get()
        #expect(withLeo.promptSets.map(\.included) == [true, true])
        #expect(withLeo.promptSets[0].source == .variable)
        #expect(withLeo.prompts.count == 21)
    }

    @Test("Without a home or shared data every missing file is an issue on its key, listing the places tried")
    func missingDataIsReported() throws {
        let result = try Self.parse(Self.manifest, resolver: try Self.resolver(home: nil))
        guard case .failure(let error) = result else { Issue.record("the manifest validated without its data"); return }
        #expect(error.issues.map(\.keyPath) == ["organisms.haiku.seeds", "organisms.sonnet.model", "organisms.sonnet.brain",
                                                "organisms.sonnet.phase_state", "organisms.sonnet.field.copy",
                                                "organisms.prose.field.copy"])
        let seeds = try #require(error.issues.first)
        #expect(seeds.line == 4)
        #expect(seeds.problem.contains("haiku/seed_words.txt (shared data from $HARMONIX_SHARED_DATA)"))
        #expect(seeds.problem.contains("HARMONIX_HOME/haiku/data/seed_words.txt"))
        #expect(seeds.fix.contains("HARMONIX_HAIKU_SEEDS"))
    }

    @Test("Typos in references, a variable naming a missing prompt file and a bad `optional` are issues")
    func badReferences() throws {
        let home = try HarmonixHomeFixture.make()
        let typo = Self.manifest.replacingOccurrences(of: "data:sonnet.weights", with: "data:sonnet.wieghts")
        guard case .failure(let error) = try Self.parse(typo, resolver: try Self.resolver(home: home)) else {
            Issue.record("a misspelt data reference validated"); return
        }
        #expect(error.issues.map(\.fix) == ["Did you mean 'sonnet.weights'?"])

        let named = try Self.resolver(home: home, extra: ["HARMONIX_LEO_PROMPTS": "/nowhere/topics.json"])
        guard case .failure(let leo) = try Self.parse(Self.manifest, resolver: named) else {
            Issue.record("a variable naming a missing optional file was skipped silently"); return
        }
        #expect(leo.issues.map(\.keyPath) == ["prompts[0].file"])
        #expect(leo.issues.first?.problem.contains("/nowhere/topics.json") == true)

        let flag = Self.manifest.replacingOccurrences(of: "optional: true", with: "optional: maybe")
        guard case .failure(let bad) = try Self.parse(flag, resolver: try Self.resolver(home: home)) else {
            Issue.record("optional: maybe validated"); return
        }
        // Not optional, Leo's set is then required, and it is found nowhere.
        #expect(bad.issues.map(\.keyPath) == ["prompts[0].file", "prompts[0].optional"])
    }
}

@Suite("HARMONIX_HOME end to end")
struct HarmonixHomeCommandTests {
    /// The environment of a researcher with a harmonix checkout and no `../shared`: no HARMONIX_*
    /// variable but the ones given, shared data hidden behind an empty folder, no local config.
    static func environment(home: URL?) throws -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("HARMONIX_") || $0.key == "HARMONIX_BINARY" }
        environment["HARMONIX_SHARED_DATA"] = try RunnerFixtures.temporaryDirectory("no-shared").path
        environment["HARMONIX_LOCAL_CONFIG"] = ""
        environment["CI"] = "true"
        if let home { environment["HARMONIX_HOME"] = home.path }
        return environment
    }

    @Test("validate: the shipped default experiment through HARMONIX_HOME alone, Leo's set skipped; nothing without it")
    func validateDefault() throws {
        let binary = try Fixtures.harmonixBinary()
        let home = try HarmonixHomeFixture.make()
        let manifest = RunnerFixtures.experimentsDirectory.appendingPathComponent("default.yaml").path
        let ok = try Fixtures.run(binary, ["validate", manifest], environment: try Self.environment(home: home))
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("experiment 'default', 20 prompts"))
        #expect(ok.stdout.contains("optional prompt set data:leo.paradoxes: skipped (not found"))

        let flag = try Fixtures.run(binary, ["validate", "--harmonix-home", home.path, manifest],
                                    environment: try Self.environment(home: nil))
        #expect(flag.status == 0, "\(flag.stderr)")

        let none = try Fixtures.run(binary, ["validate", manifest], environment: try Self.environment(home: nil))
        #expect(none.status == 1)
        #expect(none.stderr.contains("organisms.sonnet.model"))
        #expect(none.stderr.contains("HARMONIX_HOME/sonnet/state/shakespeare_gpt.npz (--harmonix-home or $HARMONIX_HOME): not set"))
    }

    @Test("haiku and sonnet alone read their files from HARMONIX_HOME; without it they name every place tried")
    func singleOrganismCommands() throws {
        let binary = try Fixtures.harmonixBinary()
        let home = try HarmonixHomeFixture.make()
        let haiku = try Fixtures.run(binary, ["haiku", "--prompt", "what is resonance"], environment: try Self.environment(home: home))
        #expect(haiku.status == 0, "\(haiku.stderr)")
        #expect(haiku.stdout.contains("syllables"))
        let sonnet = try Fixtures.run(binary, ["sonnet", "--prompt", "What is love?", "--no-reflect"],
                                      environment: try Self.environment(home: home))
        #expect(sonnet.status == 0, "\(sonnet.stderr)")
        #expect(sonnet.stdout.contains("weights: " + home.appendingPathComponent("sonnet/state/shakespeare_gpt.npz").path))

        let lost = try Fixtures.run(binary, ["haiku", "--prompt", "what is resonance"], environment: try Self.environment(home: nil))
        #expect(lost.status == 1)
        #expect(lost.stderr.contains("haiku/data/seed_words.txt"))
        #expect(lost.stderr.contains("HARMONIX_HAIKU_SEEDS"))
    }

    @Test("run: a one-prompt full cascade through HARMONIX_HOME alone; run.json and report.md say what ran and from where")
    func tinyRun() throws {
        let binary = try Fixtures.harmonixBinary()
        let home = try HarmonixHomeFixture.make()
        let dir = try RunnerFixtures.temporaryDirectory("home-run")
        let text = ManifestDataTests.manifest.replacingOccurrences(of: "seed: 3\n", with: """
            seed: 3
            warmup: 0
            modes: [sync]
            metrics: {variants: [v4]}
            targets: {variant: v4, max_cascade_seconds: null}

            """).replacingOccurrences(of: "model: data:prose.model", with: "model: data:prose.model\n    max_tokens: 8")
        let manifest = try RunnerFixtures.write(text, to: "home.yaml", in: dir)
        let output = dir.appendingPathComponent("out")
        // The home's fields are symlinks to the shared files: the run must copy, never write through.
        let originals = ["sonnet/sonnets.db", "prose/prose.db"].map { RunnerFixtures.sharedData.appendingPathComponent($0).path }
        func digests() -> [String] { originals.map { SHA256.hex(FileManager.default.contents(atPath: $0) ?? Data()) } }
        let before = digests()
        let run = try Fixtures.run(binary, ["run", manifest, "--output", output.path, "--progress", "none"],
                                   environment: try Self.environment(home: home))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(digests() == before, "the run wrote into the shared field files through the home's symlinks")
        let runs = try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("home").path)
        let runDir = try #require(runs.first.map { output.appendingPathComponent("home").appendingPathComponent($0).path })

        let provenance = try RunProvenance.read(from: runDir)
        let data = Dictionary(uniqueKeysWithValues: (provenance.dataFiles ?? []).map { ($0.key, $0) })
        #expect(data["organisms.sonnet.model"]?.source == .home)
        #expect(data["organisms.sonnet.model"]?.path.hasPrefix(home.path) == true)
        #expect(data["organisms.haiku.seeds"]?.source == .home)
        #expect(provenance.promptSets?.map(\.included) == [false, true])
        #expect(provenance.promptSets?.last?.promptsRun == 1)

        let rows = try BaselineRun.load(runDir).rows
        #expect(Set(rows.map(\.stage)) == ["haiku", "sonnet", "prose", "meta", "cascade"])
        #expect(rows.allSatisfy { $0.status != .failed })
        let report = try String(contentsOfFile: (runDir as NSString).appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("data:leo.paradoxes: skipped"))
        #expect(report.contains("topic ours: 1 prompts (1 run)"))
    }
}
