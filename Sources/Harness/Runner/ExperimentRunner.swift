import Cascade
import Foundation
import HarmonixCore

/// Command-line choices that refine a manifest for one run.
public struct RunOptions: Sendable {
    /// Continue the run in this folder: finished cells are kept and skipped.
    public var resumeDirectory: String?
    /// Regex on prompt ids, replacing the manifest's `filter`.
    public var filter: String?
    /// Only the first N prompts (after the filter).
    public var limit: Int?
    /// Folder receiving `<experiment>/<run-id>/`, replacing the manifest's `output`.
    public var outputDirectory: String?
    /// Replaces the manifest's seed.
    public var seed: UInt64?
    /// Replaces the manifest's repeats.
    public var repeats: Int?
    public var progress: ProgressStyle
    /// Folder name of the run; a UTC timestamp by default.
    public var runID: String?
    /// Time the calibration workload before and after the matrix (≈ 0.2 s each; harness.md §4.3).
    public var calibrate: Bool

    public init(resumeDirectory: String? = nil, filter: String? = nil, limit: Int? = nil, outputDirectory: String? = nil,
                seed: UInt64? = nil, repeats: Int? = nil, progress: ProgressStyle = .auto, runID: String? = nil, calibrate: Bool = true) {
        self.resumeDirectory = resumeDirectory
        self.filter = filter
        self.limit = limit
        self.outputDirectory = outputDirectory
        self.seed = seed
        self.repeats = repeats
        self.progress = progress
        self.runID = runID
        self.calibrate = calibrate
    }
}

/// What a run produced.
public struct RunResult: Sendable {
    /// The run folder (`<output>/<experiment>/<run-id>`).
    public var directory: String
    public var provenance: RunProvenance
    /// Every row of `turns.csv`: kept ones from a resumed run first, then this invocation's.
    public var rows: [TurnRow]
    public var variants: [MetricVariant]
    /// Cascades run by this invocation (warmup excluded).
    public var cellsRun: Int
    /// Cells skipped because a resumed run had finished them.
    public var cellsSkipped: Int
    /// Cascades that threw (their rows have status `failed`).
    public var cellsFailed: Int
}

/// Builds the cascade of one mode with its own fields; the default is ``CascadeFactory/make(manifest:mode:fieldDirectory:)``.
public typealias CascadeMaker = @Sendable (Manifest, CascadeMode, String) throws -> any CascadeRunner

/// Runs a manifest's matrix over a ``CascadeRunner`` and writes `turns.csv` row by row.
///
/// ```swift
/// let manifest = try ManifestLoader.load(path: "Experiments/smoke.yaml")
/// let result = try await ExperimentRunner(manifest: manifest, options: RunOptions()).run()
/// try RunArtifacts.write(result: result, manifest: manifest)
/// ```
///
/// Behaviour:
/// 1. A new run creates `<output>/<experiment>/<run-id>/`, writes `run.json`, and materializes each
///    organism's initial field state once per mode under `fields/<mode>/` (overview decision 6).
/// 2. Warmup cascades run first in every mode and are discarded.
/// 3. Cells run in ``RunPlan`` order; each cascade's rows are appended to `turns.csv` as soon as it
///    finishes, so an interrupted run keeps them. A cascade that throws gives `failed` rows and the
///    run goes on.
/// 4. `--resume` keeps the rows of finished cells (those with a non-failed `cascade` row), drops
///    partial ones, and runs only what is missing — failed cells are retried. The fields continue
///    from their state on disk.
/// 5. With `concurrency` k > 1 up to k modes run at once, each mode's cells still in order (so texts
///    stay reproducible); latencies then measure a contended machine. Keep 1 for latency.
public struct ExperimentRunner: Sendable {
    public let manifest: Manifest
    public let options: RunOptions
    private let makeCascade: CascadeMaker
    private let progressSink: @Sendable (String) -> Void

    public init(manifest: Manifest, options: RunOptions, makeCascade: @escaping CascadeMaker = CascadeFactory.make,
                progressSink: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.manifest = manifest
        self.options = options
        self.makeCascade = makeCascade
        self.progressSink = progressSink
    }

    public func run() async throws -> RunResult {
        let seed = options.seed ?? manifest.seed
        let repeats = options.repeats ?? manifest.repeats
        let plan = try RunPlan.make(manifest: manifest, seed: seed, repeats: repeats, filter: options.filter,
                                    limit: options.limit)
        let manifestSHA = SHA256.hex(FileManager.default.contents(atPath: manifest.sourcePath) ?? Data())
        let format = TurnsCSV(variants: manifest.metricVariants)

        // 1. The run folder and its provenance.
        let directory: String
        var provenance: RunProvenance
        var keptRows: [TurnRow] = []
        if let resume = options.resumeDirectory {
            directory = ManifestPaths.resolve(resume, against: FileManager.default.currentDirectoryPath)
            let turnsPath = (directory as NSString).appendingPathComponent(TurnsCSV.fileName)
            guard let previous = try? RunProvenance.read(from: directory),
                  FileManager.default.fileExists(atPath: turnsPath) else {
                throw RunError.resumeMissing(directory: directory)
            }
            if previous.manifestSHA256 != manifestSHA {
                throw RunError.resumeMismatch(directory: directory, detail: "the manifest changed since the run started")
            }
            if previous.seed != seed || previous.repeats != repeats {
                throw RunError.resumeMismatch(
                    directory: directory,
                    detail: "seed/repeats differ (run: \(previous.seed)/\(previous.repeats), now: \(seed)/\(repeats))")
            }
            provenance = previous
            provenance.resumedAt.append(RunProvenance.timestamp())
            keptRows = try Self.finishedRows(turnsPath: turnsPath, format: format)
        } else {
            let base = options.outputDirectory.map {
                ManifestPaths.resolve($0, against: FileManager.default.currentDirectoryPath)
            } ?? manifest.outputDirectory
            directory = try Self.createRunDirectory(base: (base as NSString).appendingPathComponent(manifest.name),
                                                    runID: options.runID ?? Self.defaultRunID())
            provenance = RunProvenance(
                experiment: manifest.name, runID: (directory as NSString).lastPathComponent,
                manifestPath: manifest.sourcePath, manifestSHA256: manifestSHA, seed: seed, repeats: repeats,
                warmup: manifest.warmup, modes: manifest.modes.map(\.rawValue), organisms: manifest.organismNames,
                variants: manifest.metricVariants.map(\.rawValue), promptCount: Set(plan.cells.map(\.prompt.id)).count,
                filter: options.filter ?? manifest.filter, limit: options.limit,
                gitSHA: RunProvenance.gitSHA(in: (manifest.sourcePath as NSString).deletingLastPathComponent),
                host: ProcessInfo.processInfo.hostName,
                operatingSystem: ProcessInfo.processInfo.operatingSystemVersionString,
                processorCount: ProcessInfo.processInfo.activeProcessorCount, toolchain: RunProvenance.toolchain,
                harmonixVersion: RunProvenance.harmonixVersion, startedAt: RunProvenance.timestamp(), resumedAt: [])
        }
        // The CPU and the first calibration spin, before any cascade warms the caches (a resumed
        // run keeps its first spin; its after-spin is measured again at the end).
        if provenance.machine == nil { provenance.machine = MachineFacts.current() }
        if options.calibrate, provenance.calibration == nil {
            provenance.calibration = RunCalibration(before: try CalibrationSpin.measure())
        }
        try provenance.write(to: directory)

        // 2. One cascade per mode, each over its own fields. A new run that cannot build its
        //    cascades leaves no folder behind.
        var cascades: [CascadeMode: any CascadeRunner] = [:]
        do {
            cascades = try makeCascades(directory: directory)
        } catch {
            if options.resumeDirectory == nil { try? FileManager.default.removeItem(atPath: directory) }
            throw error
        }

        // 3. Rows so far, then the cascades still to run.
        let turnsPath = (directory as NSString).appendingPathComponent(TurnsCSV.fileName)
        try CSVFile.write(header: format.header, rows: keptRows.map(format.fields), to: turnsPath)
        let finished = Set(keptRows.map(\.cellKey))
        let todo = plan.cells.filter { !finished.contains($0.key) }
        let sink = try RowSink(path: turnsPath, format: format)
        let progress = RunProgress(total: todo.count, style: options.progress, sink: progressSink)
        let builder = CascadeRows(runID: provenance.runID, experiment: manifest.name, variants: manifest.metricVariants)
        if !finished.isEmpty {
            await progress.note("Resuming \(directory): \(finished.count) finished cells kept, \(todo.count) to run.")
        }

        for cell in plan.warmup {
            do {
                _ = try await cascades[cell.mode]!.run(prompt: cell.prompt.text, mode: cell.mode, seeds: cell.seeds)
            } catch {
                await progress.note("Warning: warmup cascade \(cell.prompt.id) \(cell.mode.rawValue) failed: \(error)")
            }
        }

        let lanes: [[RunCell]]
        if manifest.concurrency > 1 {
            lanes = manifest.modes.map { mode in todo.filter { $0.mode == mode } }.filter { !$0.isEmpty }
        } else {
            lanes = [todo]
        }
        let limit = max(1, manifest.concurrency)
        let cascadesByMode = cascades
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            func startLane() {
                let lane = lanes[next]
                next += 1
                group.addTask {
                    for cell in lane {
                        try Task.checkCancellation()
                        let cascade = cascadesByMode[cell.mode]!
                        let rows: [TurnRow]
                        let seconds: Double
                        do {
                            let record = try await cascade.run(prompt: cell.prompt.text, mode: cell.mode, seeds: cell.seeds)
                            rows = builder.rows(for: cell, record: record)
                            seconds = record.totalSeconds
                        } catch {
                            rows = builder.failedRows(for: cell, stageNames: cascade.stageNames, message: "\(error)")
                            seconds = 0
                        }
                        try await sink.append(rows)
                        await progress.finished(cell, seconds: seconds, status: rows.last?.status ?? .failed)
                    }
                }
            }
            while next < min(limit, lanes.count) { startLane() }
            while try await group.next() != nil {
                if next < lanes.count { startLane() }
            }
        }

        if options.calibrate, var calibration = provenance.calibration {
            calibration.after = try CalibrationSpin.measure()
            provenance.calibration = calibration
            try provenance.write(to: directory)
            if let drift = calibration.drift, drift > RunCalibration.driftLimit {
                await progress.note(String(format: "Warning: the calibration spin moved by %.0f%% between the start and the end "
                    + "of the run (limit %.0f%%): the machine's speed changed under the run (load, throttling).",
                    drift * 100, RunCalibration.driftLimit * 100))
            }
        }

        let newRows = await sink.rows
        let failed = newRows.filter { $0.stage == "cascade" && $0.status == .failed }.count
        return RunResult(directory: directory, provenance: provenance, rows: keptRows + newRows,
                         variants: manifest.metricVariants, cellsRun: todo.count, cellsSkipped: finished.count,
                         cellsFailed: failed)
    }

    private func makeCascades(directory: String) throws -> [CascadeMode: any CascadeRunner] {
        var cascades: [CascadeMode: any CascadeRunner] = [:]
        for mode in manifest.modes {
            let fieldDirectory = ((directory as NSString).appendingPathComponent("fields") as NSString)
                .appendingPathComponent(mode.rawValue)
            if options.resumeDirectory == nil {
                for organism in manifest.organisms {
                    try organism.field.materialize(at: CascadeFactory.fieldPath(organism: organism.name, in: fieldDirectory))
                }
            }
            let cascade = try makeCascade(manifest, mode, fieldDirectory)
            guard cascade.supportedModes.contains(mode) else {
                throw RunError.unsupportedMode(mode, stages: cascade.stageNames)
            }
            cascades[mode] = cascade
        }
        return cascades
    }

    /// The rows of `turns.csv` whose cell finished (has a non-failed `cascade` row). A last row cut
    /// short by the interruption is dropped with its cell.
    static func finishedRows(turnsPath: String, format: TurnsCSV) throws -> [TurnRow] {
        let table = try TurnsCSV.readRecovering(path: turnsPath)
        guard table.format.variants == format.variants else {
            throw RunError.resumeMismatch(directory: (turnsPath as NSString).deletingLastPathComponent,
                                          detail: "turns.csv holds other metric variants than the manifest")
        }
        let done = Set(table.rows.filter { $0.stage == "cascade" && $0.status != .failed }.map(\.cellKey))
        return table.rows.filter { done.contains($0.cellKey) }
    }

    static func defaultRunID(_ date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: date)
    }

    /// Creates `base/runID` (or `base/runID-2`, … when taken).
    static func createRunDirectory(base: String, runID: String) throws -> String {
        let fm = FileManager.default
        var candidate = (base as NSString).appendingPathComponent(runID)
        var suffix = 2
        while fm.fileExists(atPath: candidate) {
            candidate = (base as NSString).appendingPathComponent("\(runID)-\(suffix)")
            suffix += 1
        }
        do {
            try fm.createDirectory(atPath: candidate, withIntermediateDirectories: true)
        } catch {
            throw RunError.outputNotWritable(path: candidate, reason: error.localizedDescription)
        }
        return candidate
    }
}

/// Serializes row appends from concurrent lanes and remembers what it wrote.
private actor RowSink {
    private let appender: CSVAppender
    private let format: TurnsCSV
    private(set) var rows: [TurnRow] = []

    init(path: String, format: TurnsCSV) throws {
        appender = try CSVAppender(path: path, header: format.header)
        self.format = format
    }

    func append(_ newRows: [TurnRow]) throws {
        for row in newRows { try appender.append(format.fields(row)) }
        rows += newRows
    }
}
