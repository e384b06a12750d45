import Foundation

/// A run's rows as `check` and `compare` read them: from a run folder (its `turns.csv` and
/// `run.json`) or from a `turns.csv` file alone (no provenance then).
public struct BaselineRun: Sendable {
    /// What the user passed.
    public var location: String
    public var rows: [TurnRow]
    public var variants: [MetricVariant]
    /// nil when only a CSV file was given or its folder has no `run.json`.
    public var provenance: RunProvenance?
    /// Throughput and field invariants of an `in_flight` run (`in_flight.json`); nil otherwise.
    public var inFlight: InFlightOutcome?

    /// - throws: ``ExportError`` when neither a run folder nor a readable `turns.csv` is at `path`.
    public static func load(_ path: String) throws -> BaselineRun {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ExportError.cannotRead(path: path, reason: "no such file or folder")
        }
        let folder = isDirectory.boolValue ? path : (path as NSString).deletingLastPathComponent
        let csv = isDirectory.boolValue ? (path as NSString).appendingPathComponent(TurnsCSV.fileName) : path
        let table = try TurnsCSV.read(path: csv)
        let provenance = isDirectory.boolValue || (path as NSString).lastPathComponent == TurnsCSV.fileName
            ? try? RunProvenance.read(from: folder) : nil
        let inFlight = provenance == nil ? nil : try InFlightOutcome.load(runDirectory: folder)
        return BaselineRun(location: path, rows: table.rows, variants: table.format.variants, provenance: provenance,
                           inFlight: inFlight)
    }

    /// Row identity across runs: prompt id × mode × repeat × stage.
    static func key(_ row: TurnRow) -> String { "\(row.promptID)|\(row.mode.rawValue)|\(row.repeatIndex)|\(row.stage)" }
}
