import Cascade
import Foundation
import HarmonixCore

/// Builds the cascade of one mode with its own fields; the default is ``CascadeAssembly/make(manifest:mode:fieldDirectory:)``.
public typealias CascadeMaker = @Sendable (Manifest, CascadeMode, String) throws -> any CascadeRunner

/// Runs a manifest's matrix over a ``CascadeRunner`` and writes `turns.csv` row by row.
///
/// ```swift
/// let manifest = try ManifestLoader.load(path: "Experiments/smoke.yaml")
/// let result = try await ExperimentRunner(manifest: manifest, options: RunOptions()).run()
/// let outcome = try RunArtifacts.write(directory: result.directory, rows: result.rows, variants: result.variants,
///                                      targets: manifest.targets, margin: manifest.margin,
///                                      provenance: result.provenance)
/// ```
///
/// Behaviour:
/// 1. A new run creates `<output>/<experiment>/<run-id>/`, writes `run.json`, and materializes each
///    organism's initial field state once per mode under `fields/<mode>/` (overview decision 6).
/// 2. Warmup cascades run first in every mode, on throwaway copies of the fields (a cascade of
///    their own), and are discarded.
/// 3. Cells run in ``RunPlan`` order; each cascade's rows are appended to `turns.csv` as soon as it
///    finishes, so an interrupted run keeps them. A cascade that throws gives `failed` rows and the
///    run goes on.
/// 4. After each cell (rows appended) the mode's fields and minds are checkpointed
///    (``RunCheckpoints``). `--resume` restores every mode's latest checkpoint, drops the rows it does
///    not cover, and runs the rest: the result equals an uninterrupted run. Without checkpoints it
///    keeps cells with a non-failed `cascade` row and continues from the fields on disk (not exact).
///    The folder is locked (``RunLock``) for the whole invocation.
/// 5. With `concurrency` k > 1 up to k modes run at once, each mode's cells still in order (so texts
///    stay reproducible); latencies then measure a contended machine. Keep 1 for latency.
/// 6. With `in_flight` K > 1, ``InFlightMatrix`` runs the cells with K overlapping over shared
///    fields and checks the field invariants: no checkpoints, no resume, not reproducible.
public struct ExperimentRunner: Sendable {
    public let manifest: Manifest
    public let options: RunOptions
    private let makeCascade: CascadeMaker
    private let progressSink: @Sendable (String) -> Void

    public init(manifest: Manifest, options: RunOptions, makeCascade: @escaping CascadeMaker = CascadeAssembly.make(manifest:mode:fieldDirectory:),
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
        // Every file the organisms will read, checked before the run folder exists (issue 12).
        let inputIssues = ManifestLoader.inputIssues(manifest, file: manifest.sourcePath)
        if !inputIssues.isEmpty { throw ManifestError.invalid(inputIssues) }
        let manifestSHA = SHA256.hex(FileManager.default.contents(atPath: manifest.sourcePath) ?? Data())
        let format = TurnsCSV(variants: manifest.metricVariants)
        let overlapping = manifest.inFlight > 1
        if overlapping, let resume = options.resumeDirectory {
            throw RunError.inFlightNotResumable(directory: resume, inFlight: manifest.inFlight)
        }

        // 0. Lineage units (issue 14) and, with --shard, the ones this process runs. Each unit's
        //    cells run in plan order, unit after unit (lineage `run`: one unit, the plan as it is).
        let lineage = manifest.lineage
        let units = LineageUnit.units(of: Self.promptsInOrder(plan.cells), lineage: lineage)
        var shardRecord: ShardRecord?
        var ownUnits = units
        if let shard = options.shard {
            guard lineage != .run else { throw ShardError.runLineage }
            let assignment = ShardSpec.partition(weights: units.map(\.promptIDs.count), count: shard.count)
            shardRecord = ShardRecord(index: shard.index, count: shard.count, units: units.enumerated().map { k, unit in
                ShardRecord.Unit(id: unit.id, prompts: unit.promptIDs, folder: unit.folder, shard: assignment[k],
                                 cells: unit.promptIDs.count * manifest.modes.count * repeats)
            })
            ownUnits = units.indices.filter { assignment[$0] == shard.index }.map { units[$0] }
        }
        var unitOfPrompt: [String: Int] = [:]
        for (u, unit) in ownUnits.enumerated() { for id in unit.promptIDs { unitOfPrompt[id] = u } }
        var unitCells = [[RunCell]](repeating: [], count: ownUnits.count)
        for cell in plan.cells { if let u = unitOfPrompt[cell.prompt.id] { unitCells[u].append(cell) } }
        let orderedCells = unitCells.flatMap { $0 }
        var slotCells: [String: [RunCell]] = [:]
        for (u, unit) in ownUnits.enumerated() {
            for mode in manifest.modes { slotCells[unit.slot(mode)] = unitCells[u].filter { $0.mode == mode } }
        }

        // 1. The run folder, its lock (one process per folder) and its provenance.
        let directory: String
        let lock: RunLock
        var provenance: RunProvenance
        if let resume = options.resumeDirectory {
            directory = ManifestPaths.resolve(resume, against: FileManager.default.currentDirectoryPath)
            let turnsPath = (directory as NSString).appendingPathComponent(TurnsCSV.fileName)
            let provenancePath = (directory as NSString).appendingPathComponent(RunProvenance.fileName)
            guard FileManager.default.fileExists(atPath: provenancePath),
                  FileManager.default.fileExists(atPath: turnsPath) else {
                throw RunError.resumeMissing(directory: directory)
            }
            // A run.json that exists but does not decode is corrupt, not missing.
            let previous: RunProvenance
            do {
                previous = try RunProvenance.read(from: directory)
            } catch let ExportError.cannotRead(_, reason) {
                throw RunError.runFileCorrupt(path: provenancePath, reason: reason)
            }
            lock = try RunLock(directory: directory)
            provenance = previous
            provenance.resumedAt.append(RunProvenance.timestamp())
        } else {
            let base = options.outputDirectory.map {
                ManifestPaths.resolve($0, against: FileManager.default.currentDirectoryPath)
            } ?? manifest.outputDirectory
            let runID = (options.runID ?? Self.defaultRunID()) + (options.shard.map { "-shard\($0.index)of\($0.count)" } ?? "")
            directory = try Self.createRunDirectory(base: (base as NSString).appendingPathComponent(manifest.name),
                                                    runID: runID)
            lock = try RunLock(directory: directory)
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
                harmonixVersion: RunProvenance.harmonixVersion, startedAt: RunProvenance.timestamp(), resumedAt: [],
                promptSets: Self.promptSetsRun(manifest.promptSets, cells: plan.cells), dataFiles: manifest.dataFiles,
                inFlight: overlapping ? manifest.inFlight : nil, reproducible: overlapping ? false : nil)
            provenance.lineage = lineage
            provenance.shard = shardRecord
        }
        defer { lock.release() }
        if options.resumeDirectory != nil {
            try checkResumable(provenance: provenance, directory: directory, manifestSHA: manifestSHA, seed: seed,
                               repeats: repeats)
        }
        // The CPU and the first calibration spin, before any cascade warms the caches (a resumed
        // run keeps its first spin; its after-spin is measured again at the end).
        if provenance.machine == nil { provenance.machine = MachineFacts.current() }
        if options.calibrate, provenance.calibration == nil {
            provenance.calibration = RunCalibration(before: try CalibrationSpin.measure())
        }
        try provenance.write(to: directory)
        let turnsPath = (directory as NSString).appendingPathComponent(TurnsCSV.fileName)
        let checkpoints = RunCheckpoints(runDirectory: directory)

        // 2. On resume, the state to continue from: with checkpoints, the latest one of every
        //    (unit, mode) slot of each unit that started (rows they do not cover are dropped,
        //    fields put back before the organisms open them); a unit with a slot lacking one has not
        //    started and starts afresh from the declared state. Without checkpoints: the finished
        //    rows and the fields as they are.
        var keptRows: [TurnRow] = []
        var restored: [String: (record: CheckpointRecord, directory: String)] = [:]
        if options.resumeDirectory != nil {
            if options.checkpoints {
                for unit in ownUnits {
                    var found: [String: (record: CheckpointRecord, directory: String)] = [:]
                    for mode in manifest.modes {
                        if let latest = try checkpoints.latest(slot: unit.slot(mode)) {
                            found[unit.slot(mode)] = latest
                        } else if lineage == .run {
                            throw RunError.checkpointMissing(directory: directory, mode: mode)
                        }
                    }
                    if found.count == manifest.modes.count { restored.merge(found) { $1 } }
                }
                if !restored.isEmpty {
                    keptRows = try Self.rowsCovered(by: restored.map { ($0.key, $0.value.record) }, turnsPath: turnsPath,
                                                    format: format, slotCells: slotCells)
                }
                for (slot, checkpoint) in restored {
                    try RunCheckpoints.restoreFields(from: checkpoint, into: fieldDirectory(slot: slot, in: directory))
                }
            } else {
                keptRows = try Self.finishedRows(turnsPath: turnsPath, format: format)
            }
        }

        // 3. Rows so far, then the cascades still to run.
        let rowsOnDisk = restored.isEmpty ? -1 : try TurnsCSV.readRecovering(path: turnsPath).rows.count
        if keptRows.count != rowsOnDisk {
            try CSVFile.write(header: format.header, rows: keptRows.map(format.fields), to: turnsPath)
        }
        let finished: Set<CellKey>
        var done: [String: [CheckpointRecord.Cell]] = [:]
        if restored.isEmpty {
            finished = Set(keptRows.map(\.cellKey))
        } else {
            for (slot, checkpoint) in restored { done[slot] = checkpoint.record.cells }
            finished = Set(restored.flatMap { _, checkpoint in
                checkpoint.record.cells.map {
                    CellKey(promptID: $0.promptID, mode: CascadeMode(rawValue: checkpoint.record.mode) ?? .sync,
                            repeatIndex: $0.repeatIndex)
                }
            })
        }
        let todo = orderedCells.filter { !finished.contains($0.key) }
        let sink = try RowSink(path: turnsPath, format: format)
        let progress = RunProgress(total: todo.count, style: options.progress, sink: progressSink)
        let builder = CascadeRows(runID: provenance.runID, experiment: manifest.name, variants: manifest.metricVariants)
        var resumeNote: String?
        if !restored.isEmpty {
            let names = ownUnits.flatMap { unit in manifest.modes.compactMap { restored[unit.slot($0)] } }.map {
                String($0.directory.dropFirst(directory.count).drop(while: { $0 == "/" }))
            }
            let position = todo.isEmpty ? "resumed after cell \(orderedCells.count) of \(orderedCells.count), nothing left to run"
                : "resumed from cell \(finished.count + 1) of \(orderedCells.count)"
            resumeNote = position + " (state restored from checkpoint \(names.joined(separator: ", ")))"
            await progress.note("Resuming \(directory): \(resumeNote!).")
        } else if !finished.isEmpty {
            await progress.note("Resuming \(directory) without checkpoints: \(finished.count) finished cells kept, "
                                + "\(todo.count) to run; the fields continue as they are on disk and the organisms' "
                                + "minds start afresh, so the rest will not reproduce an uninterrupted run.")
        }
        if ownUnits.isEmpty {
            await progress.note("Shard \(options.shard.map(\.description) ?? "-") has no lineage unit to run "
                                + "(more shards than units): it writes an empty turns.csv.")
        }

        // 4. A unit's cascades: one per mode, each over the unit's own fields (materialized from the
        //    declared state unless restored), minds restored, or a first checkpoint of the fresh state.
        //    A new run that cannot build its first cascades leaves no folder behind.
        var cellsStarted = false
        func prepare(_ unit: LineageUnit) async throws -> [CascadeMode: any CascadeRunner] {
            do {
                var cascades: [CascadeMode: any CascadeRunner] = [:]
                for mode in manifest.modes {
                    let slot = unit.slot(mode)
                    let fields = fieldDirectory(slot: slot, in: directory)
                    if restored[slot] == nil {
                        let exists = FileManager.default.fileExists(atPath: fields)
                        if options.checkpoints || !exists {
                            if exists { try FileManager.default.removeItem(atPath: fields) }
                            try manifest.materializeFields(in: fields)
                        }
                    }
                    let cascade = try makeCascade(manifest, mode, fields)
                    guard cascade.supportedModes.contains(mode) else {
                        throw RunError.unsupportedMode(mode, stages: cascade.stageNames)
                    }
                    cascades[mode] = cascade
                }
                for mode in manifest.modes {
                    let slot = unit.slot(mode)
                    if let checkpoint = restored[slot] {
                        try await cascades[mode]!.restoreMinds(try RunCheckpoints.minds(of: checkpoint))
                    } else if options.checkpoints && !overlapping {
                        try? FileManager.default.removeItem(atPath: checkpoints.slotDirectory(slot))
                        _ = try await checkpoints.write(slot: slot, mode: mode, cells: [], turnsBytes: try await sink.byteCount,
                                                        fieldDirectory: fieldDirectory(slot: slot, in: directory),
                                                        cascade: cascades[mode]!)
                        done[slot] = []
                    }
                }
                return cascades
            } catch {
                if options.resumeDirectory == nil && !cellsStarted { try? FileManager.default.removeItem(atPath: directory) }
                throw error
            }
        }
        // Lineage `run` builds its cascades before the warm-up, as before issue 14.
        var prepared: [CascadeMode: any CascadeRunner]?
        if lineage == .run, let unit = ownUnits.first { prepared = try await prepare(unit) }

        // 5. Warm-up on throwaway copies: never the measured fields or minds.
        try await runWarmup(plan.warmup, directory: directory, progress: progress)

        let timings = TimingLog()
        var inFlightOutcome: InFlightOutcome?
        for (u, unit) in ownUnits.enumerated() {
            let unitTodo = unitCells[u].filter { !finished.contains($0.key) }
            if unitTodo.isEmpty { continue }
            let cascades: [CascadeMode: any CascadeRunner]
            if let ready = prepared { cascades = ready } else { cascades = try await prepare(unit) }
            prepared = nil
            cellsStarted = true
            if overlapping {
                // 6. With `in_flight` K > 1 (lineage `run` only, so one unit): all cells with K
                //    overlapping over the shared fields, no checkpoints (InFlightMatrix).
                inFlightOutcome = try await InFlightMatrix(inFlight: manifest.inFlight, cascades: cascades, builder: builder)
                    .run(unitTodo) { cell, rows, seconds in
                        _ = try await sink.append(rows)
                        await timings.add(checkpoint: nil, cascade: seconds)
                        await progress.finished(cell, seconds: seconds, status: rows.last?.status ?? .failed)
                    }
                continue
            }
            try await runLanes(unitTodo, unit: unit, cascades: cascades, done: done, directory: directory, sink: sink,
                               checkpoints: checkpoints, builder: builder, progress: progress, timings: timings)
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

        CheckpointTrash.drain()
        let newRows = await sink.rows
        let failed = newRows.filter { $0.stage == "cascade" && $0.status == .failed }.count
        var result = RunResult(directory: directory, provenance: provenance, rows: keptRows + newRows,
                               variants: manifest.metricVariants, cellsRun: todo.count, cellsSkipped: finished.count,
                               cellsFailed: failed)
        result.checkpointSeconds = await timings.checkpoints
        result.cascadeSeconds = await timings.checkpoints.isEmpty ? [] : timings.cascades
        try CheckpointCost(checkpointSeconds: result.checkpointSeconds, cascadeSeconds: result.cascadeSeconds)
            .append(to: directory, invocation: provenance.resumedAt.count)
        result.resumeNote = resumeNote
        if let inFlightOutcome {
            try inFlightOutcome.write(to: directory)
            result.inFlight = inFlightOutcome
        }
        return result
    }

    /// Runs one unit's cells still to do: in one lane, or with `concurrency` k > 1 one lane per mode,
    /// up to k at once. Each cell's rows are appended, then its (unit, mode) slot checkpointed.
    private func runLanes(_ cells: [RunCell], unit: LineageUnit, cascades: [CascadeMode: any CascadeRunner],
                          done startDone: [String: [CheckpointRecord.Cell]], directory: String, sink: RowSink,
                          checkpoints: RunCheckpoints, builder: CascadeRows, progress: RunProgress,
                          timings: TimingLog) async throws {
        let lanes: [[RunCell]]
        if manifest.concurrency > 1 {
            lanes = manifest.modes.map { mode in cells.filter { $0.mode == mode } }.filter { !$0.isEmpty }
        } else {
            lanes = [cells]
        }
        let limit = max(1, manifest.concurrency)
        let takeCheckpoints = options.checkpoints
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            func startLane() {
                let lane = lanes[next]
                next += 1
                group.addTask {
                    // Each mode runs in exactly one lane, so this lane owns its slots' ledgers.
                    var done = startDone
                    for cell in lane {
                        try Task.checkCancellation()
                        let cascade = cascades[cell.mode]!
                        let slot = unit.slot(cell.mode)
                        let rows: [TurnRow]
                        let seconds: Double
                        do {
                            let record = try await cascade.run(prompt: cell.prompt.text, mode: cell.mode, seeds: cell.seeds)
                            rows = builder.rows(for: cell, record: record)
                            seconds = record.totalSeconds
                        } catch {
                            // A damaged field fails every later cell too, and no resume can mend it: stop.
                            if FieldDatabase.reportsCorruption("\(error)") {
                                throw RunError.fieldDamaged(mode: cell.mode, cell: cell.prompt.id, detail: "\(error)")
                            }
                            rows = builder.failedRows(for: cell, stageNames: cascade.stageNames, message: "\(error)")
                            seconds = 0
                        }
                        let bytes = try await sink.append(rows)
                        FaultInjection.hit("cell-rows")
                        if takeCheckpoints {
                            done[slot, default: []].append(
                                CheckpointRecord.Cell(promptID: cell.prompt.id, repeatIndex: cell.repeatIndex))
                            let watch = Stopwatch()
                            _ = try await checkpoints.write(
                                slot: slot, mode: cell.mode, cells: done[slot]!, turnsBytes: bytes,
                                fieldDirectory: fieldDirectory(slot: slot, in: directory), cascade: cascade)
                            await timings.add(checkpoint: watch.elapsed, cascade: seconds)
                        } else {
                            await timings.add(checkpoint: nil, cascade: seconds)
                        }
                        await progress.finished(cell, seconds: seconds, status: rows.last?.status ?? .failed)
                    }
                }
            }
            while next < min(limit, lanes.count) { startLane() }
            while try await group.next() != nil {
                if next < lanes.count { startLane() }
            }
        }
    }

    /// The plan's prompts in order of first appearance (the first repeat holds every prompt).
    static func promptsInOrder(_ cells: [RunCell]) -> [ExperimentPrompt] {
        var seen = Set<String>()
        return cells.compactMap { seen.insert($0.prompt.id).inserted ? $0.prompt : nil }
    }

    /// `--resume` continues only the run it was started as: same manifest, seed, repeats, filter and limit.
    private func checkResumable(provenance: RunProvenance, directory: String, manifestSHA: String, seed: UInt64,
                                repeats: Int) throws {
        if provenance.manifestSHA256 != manifestSHA {
            throw RunError.resumeMismatch(directory: directory, detail: "the manifest changed since the run started")
        }
        if provenance.seed != seed || provenance.repeats != repeats {
            throw RunError.resumeMismatch(
                directory: directory,
                detail: "seed/repeats differ (run: \(provenance.seed)/\(provenance.repeats), now: \(seed)/\(repeats))")
        }
        if (provenance.lineage ?? .run) != manifest.lineage {
            throw RunError.resumeMismatch(
                directory: directory,
                detail: "the lineage differs (run: \((provenance.lineage ?? .run).rawValue), now: \(manifest.lineage.rawValue))")
        }
        if provenance.shard?.spec != options.shard?.description {
            throw RunError.resumeMismatch(
                directory: directory,
                detail: "--shard differs (run: \(provenance.shard?.spec ?? "none"), now: \(options.shard?.description ?? "none"))")
        }
        let filter = options.filter ?? manifest.filter
        if provenance.filter != filter {
            throw RunError.resumeMismatch(
                directory: directory,
                detail: "--filter differs (run: \(provenance.filter.map { "'\($0)'" } ?? "none"), now: \(filter.map { "'\($0)'" } ?? "none"))")
        }
        if provenance.limit != options.limit {
            throw RunError.resumeMismatch(
                directory: directory,
                detail: "--limit differs (run: \(provenance.limit.map(String.init) ?? "none"), now: \(options.limit.map(String.init) ?? "none"))")
        }
    }

    /// The folder of `mode`'s fields inside the run folder (lineage `run`).
    func fieldDirectory(_ mode: CascadeMode, in directory: String) -> String {
        fieldDirectory(slot: mode.rawValue, in: directory)
    }

    /// The folder of one (unit, mode) slot's fields (``LineageUnit/slot(_:)``) inside the run folder.
    func fieldDirectory(slot: String, in directory: String) -> String {
        ((directory as NSString).appendingPathComponent("fields") as NSString).appendingPathComponent(slot)
    }

    /// Warm-up cascades, each mode on a cascade of its own over fresh copies of the declared
    /// initial fields in `<run>/.warmup/<mode>/` (removed afterwards): they warm caches and pages,
    /// and change nothing the measured cells read (overview decision 6).
    private func runWarmup(_ cells: [RunCell], directory: String, progress: RunProgress) async throws {
        guard !cells.isEmpty else { return }
        let root = (directory as NSString).appendingPathComponent(".warmup")
        defer { try? FileManager.default.removeItem(atPath: root) }
        for mode in manifest.modes {
            let modeCells = cells.filter { $0.mode == mode }
            guard !modeCells.isEmpty else { continue }
            let fields = (root as NSString).appendingPathComponent(mode.rawValue)
            try? FileManager.default.removeItem(atPath: fields)
            try manifest.materializeFields(in: fields)
            let cascade = try makeCascade(manifest, mode, fields)
            for cell in modeCells {
                do {
                    _ = try await cascade.run(prompt: cell.prompt.text, mode: cell.mode, seeds: cell.seeds)
                } catch {
                    await progress.note("Warning: warmup cascade \(cell.prompt.id) \(cell.mode.rawValue) failed: \(error)")
                }
            }
        }
    }

    /// The rows of `turns.csv` that `records` cover: the file is cut to the bytes the newest
    /// checkpoint covers (a cell's rows after its mode's checkpoint are a partial cell's), then only
    /// rows of checkpointed cells are kept (with concurrent lanes another mode's unfinished cell may
    /// lie before that point). Every checkpointed cell must have its rows, and each mode's cells must
    /// be the first ones of its (unit, mode) slot in the plan (`slotCells`).
    static func rowsCovered(by records: [(slot: String, record: CheckpointRecord)], turnsPath: String, format: TurnsCSV,
                            slotCells: [String: [RunCell]]) throws -> [TurnRow] {
        let directory = (turnsPath as NSString).deletingLastPathComponent
        let bytes = records.map(\.record.turnsBytes).max() ?? 0
        let size = ((try? FileManager.default.attributesOfItem(atPath: turnsPath)[.size]) as? NSNumber)?.uint64Value ?? 0
        guard size >= bytes else {
            throw RunError.resumeMismatch(directory: directory,
                                          detail: "turns.csv has \(size) bytes, its checkpoints cover \(bytes): it was cut or edited")
        }
        if size > bytes {
            guard let handle = FileHandle(forWritingAtPath: turnsPath) else {
                throw RunError.outputNotWritable(path: turnsPath, reason: "cannot open turns.csv to drop the partial cell")
            }
            try handle.truncate(atOffset: bytes)
            try handle.close()
        }
        let table = try TurnsCSV.read(path: turnsPath)
        guard table.format.variants == format.variants else {
            throw RunError.resumeMismatch(directory: directory, detail: "turns.csv holds other metric variants than the manifest")
        }
        var covered = Set<CellKey>()
        for (slot, record) in records {
            guard let mode = CascadeMode(rawValue: record.mode) else { continue }
            let expected = (slotCells[slot] ?? []).prefix(record.cells.count)
                .map { CheckpointRecord.Cell(promptID: $0.prompt.id, repeatIndex: $0.repeatIndex) }
            guard expected == record.cells else {
                throw RunError.resumeMismatch(directory: directory,
                                              detail: "the \(slot) checkpoint's cells are not the plan's first ones")
            }
            for cell in record.cells { covered.insert(CellKey(promptID: cell.promptID, mode: mode, repeatIndex: cell.repeatIndex)) }
        }
        let rows = table.rows.filter { covered.contains($0.cellKey) }
        let withCascadeRow = Set(rows.filter { $0.stage == "cascade" }.map(\.cellKey))
        if let missing = covered.subtracting(withCascadeRow).sorted().first {
            throw RunError.resumeMismatch(directory: directory, detail: "turns.csv lacks the rows of checkpointed cell \(missing)")
        }
        return rows
    }

    /// `sets` with the number of their prompts in the matrix (after filter and limit; warmup cells
    /// do not count).
    static func promptSetsRun(_ sets: [PromptSetRecord], cells: [RunCell]) -> [PromptSetRecord] {
        let ids = Set(cells.filter { $0.repeatIndex >= 0 }.map(\.prompt))
        return sets.map { set in
            var set = set
            if set.included {
                let topics = Set(set.topics)
                set.promptsRun = ids.filter { topics.contains($0.topic) }.count
            }
            return set
        }
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
            throw RunError.outputNotWritable(path: candidate, reason: FileProblem.reason(error, path: candidate))
        }
        return candidate
    }
}

/// Serializes row appends from concurrent lanes and remembers what it wrote.
actor RowSink {
    private let appender: CSVAppender
    private let format: TurnsCSV
    private(set) var rows: [TurnRow] = []

    init(path: String, format: TurnsCSV) throws {
        appender = try CSVAppender(path: path, header: format.header)
        self.format = format
    }

    /// Appends `newRows`; returns the file's length after them.
    func append(_ newRows: [TurnRow]) throws -> UInt64 {
        for row in newRows { try appender.append(format.fields(row)) }
        rows += newRows
        return try appender.byteCount
    }

    var byteCount: UInt64 { get throws { try appender.byteCount } }
}

/// Checkpoint and cascade seconds, gathered from the lanes.
actor TimingLog {
    private(set) var checkpoints: [Double] = []
    private(set) var cascades: [Double] = []

    func add(checkpoint: Double?, cascade: Double) {
        if let checkpoint { checkpoints.append(checkpoint) }
        cascades.append(cascade)
    }
}
