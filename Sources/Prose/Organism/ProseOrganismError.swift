import HarmonixCore

/// Failures of a Prose organism turn.
public enum ProseOrganismError: ExplainedError {
    /// The language model threw: the turn has no output and writes nothing to the field.
    case generationFailed(seed: String, reason: String)

    public var explanation: ErrorExplanation {
        switch self {
        case .generationFailed(let seed, let reason): return ErrorExplanation("Prose generation failed: \(reason)", while: "continuing the field seed \"\(seed)\"", fix: "Check the model file (--model or HARMONIX_PROSE_MODEL) and that it is a Llama GGUF.")
        }
    }
}
