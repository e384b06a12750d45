import ArgumentParser
import Foundation
import Harness

/// The entry point: ArgumentParser's, with the exit codes README's table documents.
///
/// ArgumentParser exits 64 (EX_USAGE) on a usage error; README's contract is 0 ok, 1 error (2 and
/// 4 for `check`), so usage errors exit 1 here. A negative number after an option (`--seed -1`)
/// reads to ArgumentParser as another option and yields "Missing value": it is named for what it is.
/// Foundation's file errors ("NSCocoaErrorDomain error 512") get a sentence with their path.
extension Harmonix {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let message = negativeValueMessage(arguments) {
            printError("Error: \(message)")
            Foundation.exit(ExitCode.failure.rawValue)
        }
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                printError(fullMessage(for: error))
                Foundation.exit(ExitCode.failure.rawValue)
            }
            if let sentence = FileErrorSentence.sentence(for: error) {
                printError("Error: \(sentence)")
                Foundation.exit(ExitCode.failure.rawValue)
            }
            exit(withError: error)
        }
    }

    /// "the value '-1' of --seed is negative…" when an option is followed by a negative number.
    static func negativeValueMessage(_ arguments: [String]) -> String? {
        for (option, value) in zip(arguments, arguments.dropFirst())
        where option.hasPrefix("--") && !option.contains("=") && value.range(of: #"^-[0-9][0-9._eE+-]*$"#, options: .regularExpression) != nil {
            let range = option == "--seed" ? "a whole number from 0 to \(UInt64.max)" : "a number that is zero or more"
            return "the value '\(value)' of \(option) is negative; \(option) takes \(range)."
        }
        return nil
    }
}
