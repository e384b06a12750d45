import Cascade
import HarmonixCore

/// Why a run could not start or continue.
public enum RunError: Sendable, ExplainedError, Equatable {
    case organismUnavailable(String)
    case unsupportedOrganismSet([String])
    case unsupportedMode(CascadeMode, stages: [String])
    case noPrompts(filter: String?)
    case invalidFilter(String)
    case resumeMismatch(directory: String, detail: String)
    case resumeMissing(directory: String)
    case outputNotWritable(path: String, reason: String)
    case runLocked(directory: String, holder: String)
    case checkpointFailed(path: String, reason: String)
    case checkpointUnreadable(path: String, reason: String)
    case checkpointMissing(directory: String, mode: CascadeMode)
    case tooManyCascades(repeats: Int, cascades: Int)
    case runFileCorrupt(path: String, reason: String)
    case fieldDamaged(mode: CascadeMode, cell: String, detail: String)
    case notOverlapping(stages: [String])
    case inFlightStalled(inFlight: Int, unfinished: [String], seconds: Double)
    case inFlightNotResumable(directory: String, inFlight: Int)

    public var explanation: ErrorExplanation {
        switch self {
        case .organismUnavailable(let name): return ErrorExplanation("organism \(name) is not available in this build", while: "building the cascade from the manifest", fix: "Remove '\(name)' from `organisms:` or use a build where it is wired into CascadeAssembly.")
        case .unsupportedOrganismSet(let names): return ErrorExplanation("No cascade for organisms [\(names.joined(separator: ", "))]", while: "building the cascade", fix: "Use one organism alone or haiku, sonnet and prose together.")
        case .unsupportedMode(let mode, let stages): return ErrorExplanation("Mode '\(mode.rawValue)' is not supported by the cascade [\(stages.joined(separator: ", "))]", while: "preparing the run", fix: "Remove it from `modes:`.")
        case .noPrompts(let filter): return ErrorExplanation("No prompt left to run\(filter.map { " after filter '\($0)'" } ?? "")", while: "planning the matrix", fix: "Check `--filter`/`--limit` against the prompt ids (topic/n).")
        case .tooManyCascades(let repeats, let cascades): return ErrorExplanation("The run would make \(cascades == Int.max ? "too many" : String(cascades)) cascades (repeats \(repeats))", while: "planning the matrix", fix: "The limits are \(ManifestLimits.repeats) repeats and \(ManifestLimits.cascades) cascades per run: lower --repeats or split the experiment.")
        case .fieldDamaged(let mode, let cell, let detail): return ErrorExplanation("A field database of mode \(mode.rawValue) is damaged (\(detail.prefix(300)))", while: "running cell \(cell)", fix: "The run stopped: a damaged field fails every later cascade and cannot be resumed. Start a new run from intact field copies (`harmonix validate` checks copy sources with PRAGMA integrity_check).")
        case .runFileCorrupt(let path, let reason): return ErrorExplanation("Cannot resume: \(path) is corrupt (\(reason))", while: "reading the run's provenance", fix: "It was edited or cut short; start a new run (its turns.csv can still be charted).")
        case .invalidFilter(let pattern): return ErrorExplanation("Invalid filter '\(pattern)': not a regular expression", while: "planning the matrix", fix: "Use an ICU regular expression such as 'being_nothing/.*'.")
        case .resumeMismatch(let directory, let detail): return ErrorExplanation("Cannot resume \(directory): \(detail)", while: "checking run.json", fix: "Resume with the same manifest and --seed/--repeats, or start a new run.")
        case .resumeMissing(let directory): return ErrorExplanation("Cannot resume \(directory): no run.json or turns.csv there", while: "opening the run folder", fix: "Pass a folder written by `harmonix run` (Results/<experiment>/<run-id>).")
        case .outputNotWritable(let path, let reason): return ErrorExplanation("Cannot create the results folder: \(reason)", while: "preparing \(path)", fix: "Choose another --output or fix the permissions.")
        case .runLocked(let directory, let holder): return ErrorExplanation("Run folder \(directory) is in use by process \(holder)", while: "taking its lock (run.lock)", fix: "One process per run folder: wait for it to finish or stop it, then resume.")
        case .checkpointFailed(let path, let reason): return ErrorExplanation("Cannot write the checkpoint: \(reason)", while: "writing \(path)", fix: "Check the disk space and permissions.")
        case .checkpointUnreadable(let path, let reason): return ErrorExplanation("Cannot read the checkpoint: \(reason)", while: "reading \(path)", fix: "Remove that checkpoint folder to fall back to the previous one, or start a new run.")
        case .checkpointMissing(let directory, let mode): return ErrorExplanation("Cannot resume \(directory): no checkpoint of mode \(mode.rawValue)", while: "restoring the state", fix: "The run was started with --no-checkpoint or by an older harmonix: resume it with --no-checkpoint (not exact) or start a new run.")
        case .notOverlapping(let stages): return ErrorExplanation("The cascade [\(stages.joined(separator: ", "))] cannot run overlapping cascades", while: "starting an in_flight run", fix: "Set `in_flight: 1`.")
        case .inFlightStalled(let k, let unfinished, let seconds): return ErrorExplanation("No progress with \(k) cascades in flight: \(unfinished.joined(separator: ", ")) unfinished after \(Int(seconds)) s (deadlock or starvation)", while: "running the matrix", fix: "Report it with the run folder.")
        case .inFlightNotResumable(let directory, let k): return ErrorExplanation("Cannot resume \(directory): the manifest runs \(k) cascades in flight (`in_flight: \(k)`), whose texts depend on the interleaving, so such runs take no checkpoints and cannot be resumed exactly", while: "checking the manifest", fix: "Start a new run.")
        }
    }
}
