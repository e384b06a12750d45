/// A data file the harness and the organisms read, known by name so that manifests and commands
/// need not spell where it lives (`data:sonnet.weights` in a manifest).
///
/// Each item has up to four places, tried in this order by ``DataResolver`` after an explicit
/// value: its own environment variable, the original harmonix checkout's layout under
/// `HARMONIX_HOME`, this repository (`Models/`, where `scripts/setup.sh` puts models), and the
/// development layout `../shared/data`.
public enum DataItem: String, CaseIterable, Sendable, Hashable, Codable {
    case haikuSeeds = "haiku.seeds"
    case sonnetWeights = "sonnet.weights"
    case sonnetBrain = "sonnet.brain"
    case sonnetPhaseState = "sonnet.phase_state"
    case sonnetField = "sonnet.field"
    case proseField = "prose.field"
    case proseModel = "prose.model"
    case leoParadoxes = "leo.paradoxes"

    /// The variable naming this one file; it wins over every folder.
    public var variable: String {
        switch self {
        case .haikuSeeds: return "HARMONIX_HAIKU_SEEDS"
        case .sonnetWeights: return "HARMONIX_SONNET_WEIGHTS"
        case .sonnetBrain: return "HARMONIX_SONNET_BRAIN"
        case .sonnetPhaseState: return "HARMONIX_SONNET_PHASE_STATE"
        case .sonnetField: return "HARMONIX_SONNET_FIELD"
        case .proseField: return "HARMONIX_PROSE_FIELD"
        case .proseModel: return "HARMONIX_PROSE_MODEL"
        case .leoParadoxes: return "HARMONIX_LEO_PROMPTS"
        }
    }

    /// Place inside a checkout of the original harmonix project; nil = not part of it.
    public var homePath: String? {
        switch self {
        case .haikuSeeds: return "haiku/data/seed_words.txt"
        case .sonnetWeights: return "sonnet/state/shakespeare_gpt.npz"
        case .sonnetBrain: return "sonnet/sonnetbrain.json"
        case .sonnetPhaseState: return "sonnet/state/phase_transitions.json"
        case .sonnetField: return "sonnet/cloud/sonnets.db"
        case .proseField: return "prose/cloud/prose.db"
        case .proseModel, .leoParadoxes: return nil
        }
    }

    /// Place inside this repository; nil = none.
    public var repositoryPath: String? {
        switch self {
        case .sonnetWeights: return "Models/shakespeare_gpt.npz"
        case .proseModel: return "Models/SmolLM2-135M-Instruct.Q4_1.gguf"
        default: return nil
        }
    }

    /// Place inside the shared data folder (`../shared/data` or `HARMONIX_SHARED_DATA`); nil = none.
    public var sharedPath: String? {
        switch self {
        case .haikuSeeds: return "haiku/seed_words.txt"
        case .sonnetWeights: return "sonnet/shakespeare_gpt.npz"
        case .sonnetBrain: return "sonnet/sonnetbrain.json"
        case .sonnetPhaseState: return "sonnet/phase_transitions.json"
        case .sonnetField: return "sonnet/sonnets.db"
        case .proseField: return "prose/prose.db"
        case .proseModel: return nil
        case .leoParadoxes: return "leo/topics_paradoxes.json"
        }
    }

    /// What the file is, for messages.
    public var title: String {
        switch self {
        case .haikuSeeds: return "HAiKU seed list (seed_words.txt)"
        case .sonnetWeights: return "Sonnet weights (shakespeare_gpt.npz)"
        case .sonnetBrain: return "SonnetBrain parameters (sonnetbrain.json)"
        case .sonnetPhaseState: return "Sonnet phase state (phase_transitions.json)"
        case .sonnetField: return "Sonnet field (sonnets.db)"
        case .proseField: return "Prose field (prose.db)"
        case .proseModel: return "Prose model (SmolLM2-135M-Instruct.Q4_1.gguf)"
        case .leoParadoxes: return "Leo's paradox prompts (topics_paradoxes.json)"
        }
    }

    /// The name written after `data:` in a manifest.
    public var reference: String { "data:\(rawValue)" }
}
