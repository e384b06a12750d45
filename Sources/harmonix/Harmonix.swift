import ArgumentParser

/// `harmonix`: the Harmonix Lab command-line tool. One file per subcommand; no logic here.
@main
struct Harmonix: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "harmonix",
        abstract: "Batch experiment harness and coherence evaluator for the Harmonix organisms.",
        discussion: """
            Runs experiment manifests (Experiments/*.yaml) over the HAiKU → Sonnet → Prose → MetaHarmonix \
            cascade in sync and async modes, scores every turn with Leo's external_vocab, and writes CSV, \
            gnuplot charts and a report into Results/.

            Exit codes: 0 success (or no regression), 1 error (bad input, missing file, failed run), \
            2 regression found by `harmonix check`.
            """,
        version: "0.1.0",
        subcommands: [
            RunCommand.self,
            MergeCommand.self,
            StressCommand.self,
            ValidateCommand.self,
            CheckCommand.self,
            CompareCommand.self,
            ChartCommand.self,
            ScoreCommand.self,
            HaikuCommand.self,
            SonnetTurnCommand.self,
            ProseCommand.self,
            Generate.self,
            BenchCommand.self,
        ]
    )
}
