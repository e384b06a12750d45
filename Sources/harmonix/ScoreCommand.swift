import ArgumentParser
import Harness

/// `harmonix score`: Leo's external_vocab for (prompt, reply, history) lines, as CSV.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score replies with Leo's external_vocab echo ratio (lower is better; optimal < 0.2).",
        discussion: """
            Input: JSONL, one object per line: {"prompt": "...", "reply": "...", "history": ["...", ...]} \
            (history optional, oldest first; only v1/v4 read it, its last 3 entries). Other keys are \
            ignored; blank lines are skipped. The whole file is checked before anything is printed: a bad \
            line N is reported with N and exit status 1.

            Output (stdout): CSV index,variant,external_vocab,optimal; index = line number in the file; \
            one row per line and variant; external_vocab with 6 decimals, empty when the reply has no \
            tokens under that variant (such rows are never optimal).

            With --from-leo, the arguments are Leo transcripts (HEYLEOGPT_RUN_*.md, \
            ASYNC_HEYLEOGPT_RUN_*.json) and the output is the JSONL to score, with provenance keys \
            (source, topic, logged_external_vocab, logged_variant):
              harmonix score --from-leo ../shared/data/leo/HEYLEOGPT_RUN_*.md > sync.jsonl
              harmonix score --variant v3 sync.jsonl
            """
    )

    @Option(name: .long, help: "v1, v2, v3, v4, v5 or all (all variants, one row each).")
    var variant: String = "v4"

    @Flag(name: .customLong("from-leo"), help: "Convert Leo transcripts to score JSONL instead of scoring.")
    var fromLeo = false

    @Argument(help: "A JSONL file ('-' = stdin), or with --from-leo one or more transcripts.")
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("Missing input file: give FILE.jsonl (or transcripts with --from-leo).") }
        if !fromLeo {
            guard files.count == 1 else {
                throw ValidationError("Too many inputs: score reads one JSONL file, got \(files.count). Concatenate them or run once per file.")
            }
            guard variant.lowercased() == "all" || MetricVariant(name: variant) != nil else {
                throw ValidationError("Unknown variant '\(variant)': use v1, v2, v3, v4, v5 or all.")
            }
        }
    }

    func run() throws {
        if fromLeo {
            var out = ""
            for path in files {
                for line in try LeoTranscript.load(path: path).jsonLines() { out += line + "\n" }
            }
            print(out, terminator: "")
            return
        }
        let variants = variant.lowercased() == "all" ? MetricVariant.allCases : [MetricVariant(name: variant)!]
        let lines = try ScoreFile.load(path: files[0])
        print(ScoreFile.csv(lines, variants: variants), terminator: "")
    }
}
