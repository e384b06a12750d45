import Foundation
import Haiku
import HarmonixCore
import Prose
import Sonnet

/// Builds real organisms and the cascade over them: the one place where organism types meet.
///
/// Every file path comes resolved in the configurations (the harness's `DataResolver` decides
/// where data lives; organisms never search). Fields live in `fieldDirectory` as `<organism>.db` (already materialised from the declared
/// initial state by the caller); HAiKU's shards go to `fieldDirectory/haiku-shards/`.
public enum CascadeAssembly {
    public static let availableOrganisms: Set<String> = ["haiku", "sonnet", "prose"]

    /// One organism alone as a ``SoloCascade``, or all three as ``MetaHarmonix``.
    /// - throws: ``AssemblyError`` for an unknown set or a missing model, and the organism's own
    ///   error when a data or model file is missing (it names where it looked).
    public static func make(organisms: [OrganismConfiguration], fieldDirectory: String) throws -> any CascadeRunner {
        let names = organisms.map(\.name)
        func configuration(_ name: String) -> OrganismConfiguration {
            organisms.first { $0.name == name } ?? OrganismConfiguration(name: name)
        }
        switch names {
        case ["haiku"]:
            return SoloCascade(try haiku(configuration("haiku"), fieldDirectory: fieldDirectory))
        case ["sonnet"]:
            return SoloCascade(try sonnet(configuration("sonnet"), fieldDirectory: fieldDirectory))
        case ["prose"]:
            return SoloCascade(try prose(configuration("prose"), fieldDirectory: fieldDirectory))
        case ["haiku", "sonnet", "prose"]:
            return MetaHarmonix(
                haiku: try haiku(configuration("haiku"), fieldDirectory: fieldDirectory),
                sonnet: try sonnet(configuration("sonnet"), fieldDirectory: fieldDirectory),
                prose: try prose(configuration("prose"), fieldDirectory: fieldDirectory))
        default:
            throw AssemblyError.unsupportedSet(names)
        }
    }

    /// Where organism `name`'s field database lives inside `fieldDirectory`.
    public static func fieldPath(organism name: String, in fieldDirectory: String) -> String {
        (fieldDirectory as NSString).appendingPathComponent("\(name).db")
    }

    public static func haiku(_ c: OrganismConfiguration, fieldDirectory: String) throws -> HaikuOrganism {
        var options = HaikuOptions()
        options.shardsDirectory = URL(fileURLWithPath: fieldDirectory).appendingPathComponent("haiku-shards")
        guard let seedsPath = c.seedsPath else {
            throw AssemblyError.missingData(organism: "haiku", what: "seed-word list (seeds)", variable: "HARMONIX_HAIKU_SEEDS")
        }
        return try HaikuOrganism(
            seedWords: try SeedWords.read(path: seedsPath),
            databasePath: fieldPath(organism: "haiku", in: fieldDirectory), options: options)
    }

    public static func sonnet(_ c: OrganismConfiguration, fieldDirectory: String) throws -> SonnetOrganism {
        try CPUFeatures.requireKernelSupport()
        guard let weightsPath = c.model else {
            throw AssemblyError.missingData(organism: "sonnet", what: "weights (model)", variable: "HARMONIX_SONNET_WEIGHTS")
        }
        var configuration = SonnetTurnConfiguration(
            weightsPath: weightsPath, databasePath: fieldPath(organism: "sonnet", in: fieldDirectory),
            brainPath: c.brainPath, phaseStatePath: c.phaseStatePath)
        if let maxTokens = c.maxTokens { configuration.maxTokens = maxTokens }
        if let temperature = c.temperature { configuration.firstTemperature = temperature }
        return try SonnetOrganism(configuration: configuration)
    }

    public static func prose(_ c: OrganismConfiguration, fieldDirectory: String) throws -> ProseOrganism {
        try CPUFeatures.requireKernelSupport()
        guard let modelPath = c.model else {
            throw AssemblyError.missingData(organism: "prose", what: "model (model)", variable: "HARMONIX_PROSE_MODEL")
        }
        let engine = try LlamaEngine(modelPath: modelPath, threads: c.threads ?? 1)
        var configuration = ProseConfiguration()
        if let maxTokens = c.maxTokens { configuration.maxTokens = maxTokens }
        if let temperature = c.temperature { configuration.baseTemperature = temperature }
        let field = try ProseField(path: fieldPath(organism: "prose", in: fieldDirectory))
        return ProseOrganism(field: field, model: engine, configuration: configuration)
    }
}

public enum AssemblyError: Sendable, Equatable, ExplainedError {
    case unsupportedSet([String])
    /// The harness resolves every data file before building (``Harness/DataResolver``); nil here
    /// means a caller skipped that step.
    case missingData(organism: String, what: String, variable: String)

    public var explanation: ErrorExplanation {
        switch self {
        case .unsupportedSet(let names): return ErrorExplanation("No cascade for organisms [\(names.joined(separator: ", "))]", while: "building the cascade", fix: "Use one organism alone, or haiku, sonnet and prose together.")
        case .missingData(let organism, let what, let variable): return ErrorExplanation("No \(what) path for \(organism)", while: "building the cascade", fix: "Give it in the manifest, set \(variable) or HARMONIX_HOME, and load the manifest through the harness (it resolves data paths).")
        }
    }
}
