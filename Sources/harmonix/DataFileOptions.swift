import ArgumentParser

// The data-file options that a command and its bench share. Each is declared once, so the option
// name and its help (which lists where the file is looked for, in `DataResolver`'s order) cannot
// drift apart between `harmonix haiku` and `harmonix bench haiku`, and so on.

/// `--seeds-file`: HAiKU's ordered seed word list.
struct HaikuSeedsOption: ParsableArguments {
    @Option(name: .customLong("seeds-file"), help: "The ordered seed word list (default: $HARMONIX_HAIKU_SEEDS, HARMONIX_HOME/haiku/data/, ../shared/data/haiku/).")
    var seedsFile: String?
}

/// `--weights`: Sonnet's NanoGPT checkpoint.
struct SonnetWeightsOption: ParsableArguments {
    @Option(help: "Weights (default: $HARMONIX_SONNET_WEIGHTS, HARMONIX_HOME/sonnet/state/, Models/, ../shared/data/sonnet/).")
    var weights: String?
}

/// `--model`: Prose's GGUF model.
struct ProseModelOption: ParsableArguments {
    @Option(help: "GGUF model file (default: $HARMONIX_PROSE_MODEL, else Models/SmolLM2-135M-Instruct.Q4_1.gguf).")
    var model: String?
}
