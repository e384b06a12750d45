import ArgumentParser
import Harness

/// `--harmonix-home DIR`, shared by every command that reads data files. The rules of where data
/// lives are in Harness's `DataResolver`; this only carries the flag.
struct DataOptions: ParsableArguments {
    @Option(name: .customLong("harmonix-home"),
            help: ArgumentHelp("A checkout of the original harmonix project: data files not given otherwise come from "
                               + "its layout (default: $HARMONIX_HOME, then what scripts/setup.sh --harmonix-home recorded).",
                               valueName: "dir"))
    var harmonixHome: String?

    /// The resolver for this invocation: explicit value → HARMONIX_* variable → home → Models/ → ../shared/data.
    var resolver: DataResolver { DataResolver(home: harmonixHome) }
}
