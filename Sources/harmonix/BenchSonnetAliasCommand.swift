import ArgumentParser

/// Temporary top-level `harmonix bench-sonnet` until `BenchSonnet` joins the `bench` group
/// (BenchCommand.swift's subcommands). Delete this file then.
struct BenchSonnetAlias: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-sonnet",
        abstract: "Same as `harmonix bench sonnet` (temporary top-level name).")

    @OptionGroup var options: BenchSonnetOptions

    func run() async throws { try options.execute() }
}
