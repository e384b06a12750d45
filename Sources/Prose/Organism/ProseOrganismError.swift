/// Failures of a Prose organism turn.
public enum ProseOrganismError: Error, CustomStringConvertible {
    /// The language model threw: the turn has no output and writes nothing to the field.
    case generationFailed(seed: String, reason: String)

    public var description: String {
        switch self {
        case .generationFailed(let seed, let reason):
            return "Prose generation failed: \(reason) - while continuing the field seed \"\(seed)\". "
                + "Check the model file (--model or HARMONIX_PROSE_MODEL) and that it is a Llama GGUF."
        }
    }
}
