import Foundation
import HarmonixCore

/// `harmonix merge SHARD_DIR… --output DIR` (issue 14): the shard run folders of one experiment
/// become one run folder, as if the experiment had run unsharded.
///
/// Checks, before anything is written: every folder is a shard run (`run.json` has `shard`), all
/// share the manifest hash, seed, repeats, filter, limit, lineage, harmonix version, shard count and
/// plan; no folder is given twice and no unit is covered twice; every unit a shard claims is complete
/// in its `turns.csv` (a cascade row per cell). Missing units are an error unless `partial`.
///
/// Writes: `turns.csv` with each unit's rows in the plan's unit order (each unit's rows as its shard
/// ran them, so the order equals the unsharded run's), every unit's `fields/<unit>/`, `run.json`
/// (the shards' provenance with `merged_from`: each shard's host and CPU; `missing_units` when
/// partial), then summary, targets, report and charts (``RunArtifacts/rebuild(directory:renderer:)``).
/// A unit ran on one machine with all its modes, so the paired sync/async statistics pair cascades
/// measured on the same CPU.
public enum ShardMerge {
    public struct Outcome: Sendable {
        public var directory: String
        public var provenance: RunProvenance
        public var rows: Int
        public var units: Int
        public var missingUnits: [String]
        public var artifacts: RunArtifacts.Outcome
    }

    struct Shard {
        var directory: String
        var provenance: RunProvenance
        var record: ShardRecord
    }

    public static func merge(shardDirectories: [String], output: String, partial: Bool = false,
                             renderer: GnuplotRenderer = GnuplotRenderer()) throws -> Outcome {
        let fm = FileManager.default
        let cwd = fm.currentDirectoryPath
        let paths = shardDirectories.map { ManifestPaths.resolve($0, against: cwd) }
        guard !paths.isEmpty else { throw MergeError.noShards }
        var seenPaths: [String: Int] = [:]
        for path in paths { seenPaths[(path as NSString).standardizingPath, default: 0] += 1 }
        if let twice = seenPaths.filter({ $0.value > 1 }).keys.sorted().first {
            throw MergeError.duplicated(["the folder \(twice) is given more than once"])
        }

        // 1. Every folder a shard of the same run.
        var shards: [Shard] = []
        for path in paths {
            let provenance: RunProvenance
            do { provenance = try RunProvenance.read(from: path) } catch {
                throw MergeError.notAShard(path: path, reason: "\(error)")
            }
            guard let record = provenance.shard else {
                throw MergeError.notAShard(path: path, reason: "its run.json has no `shard`: it was not run with --shard")
            }
            shards.append(Shard(directory: path, provenance: provenance, record: record))
        }
        let first = shards[0]
        for shard in shards.dropFirst() {
            func same(_ what: String, _ a: String, _ b: String) throws {
                if a != b {
                    throw MergeError.mismatch(what: what, first: first.directory, firstValue: a, other: shard.directory,
                                              otherValue: b)
                }
            }
            let p = shard.provenance, q = first.provenance
            try same("manifest sha256", q.manifestSHA256, p.manifestSHA256)
            try same("seed", String(q.seed), String(p.seed))
            try same("lineage", (q.lineage ?? .run).rawValue, (p.lineage ?? .run).rawValue)
            try same("harmonix version", q.harmonixVersion, p.harmonixVersion)
            try same("repeats", String(q.repeats), String(p.repeats))
            try same("filter", q.filter ?? "none", p.filter ?? "none")
            try same("limit", q.limit.map(String.init) ?? "none", p.limit.map(String.init) ?? "none")
            try same("modes", q.modes.joined(separator: ","), p.modes.joined(separator: ","))
            try same("metric variants", q.variants.joined(separator: ","), p.variants.joined(separator: ","))
            try same("shard count", String(first.record.count), String(shard.record.count))
            try same("plan (units and their shards)", first.record.units.map { "\($0.id)@\($0.shard)" }.joined(separator: ","),
                     shard.record.units.map { "\($0.id)@\($0.shard)" }.joined(separator: ","))
        }

        // 2. Each shard's rows, by unit; a unit counts only when complete.
        let plan = first.record.units
        var coveredBy: [String: [(shard: Int, rows: [TurnRow])]] = [:]
        var incomplete: [String] = []
        var format: TurnsCSV?
        for (s, shard) in shards.enumerated() {
            let table: (format: TurnsCSV, rows: [TurnRow])
            do { table = try TurnsCSV.read(path: (shard.directory as NSString).appendingPathComponent(TurnsCSV.fileName)) } catch {
                throw MergeError.notAShard(path: shard.directory, reason: "\(error)")
            }
            format = format ?? table.format
            for unit in plan where unit.shard == shard.record.index {
                let prompts = Set(unit.prompts)
                let rows = table.rows.filter { prompts.contains($0.promptID) }
                let cascades = Set(rows.filter { $0.stage == "cascade" }.map(\.cellKey)).count
                if cascades == unit.cells {
                    coveredBy[unit.id, default: []].append((s, rows))
                } else {
                    incomplete.append("unit '\(unit.id)' in shard \(shard.record.spec) (\(shard.directory)) has "
                                      + "\(cascades) of \(unit.cells) cells")
                }
            }
        }
        let duplicated = plan.compactMap { unit -> String? in
            guard let covers = coveredBy[unit.id], covers.count > 1 else { return nil }
            return "unit '\(unit.id)' is in " + covers.map { "shard \(shards[$0.shard].record.spec) (\(shards[$0.shard].directory))" }
                .joined(separator: " and ")
        }
        if !duplicated.isEmpty { throw MergeError.duplicated(duplicated) }
        let missing = plan.filter { coveredBy[$0.id] == nil }
        if !missing.isEmpty && !partial {
            let absent = Set(missing.map(\.shard)).subtracting(shards.map(\.record.index)).sorted()
            throw MergeError.missing(units: missing.map { "\($0.id) (shard \($0.shard)/\(first.record.count))" },
                                     absentShards: absent.map { "\($0)/\(first.record.count)" }, incomplete: incomplete)
        }

        // 3. The merged folder.
        let directory = ManifestPaths.resolve(output, against: cwd)
        if fm.fileExists(atPath: (directory as NSString).appendingPathComponent(TurnsCSV.fileName)) {
            throw MergeError.outputExists(path: directory)
        }
        do { try fm.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw RunError.outputNotWritable(path: directory, reason: error.localizedDescription)
        }
        var rows: [TurnRow] = []
        let fields = (directory as NSString).appendingPathComponent("fields")
        for unit in plan {
            guard let cover = coveredBy[unit.id]?.first else { continue }
            rows += cover.rows
            let from = ((shards[cover.shard].directory as NSString).appendingPathComponent("fields") as NSString)
                .appendingPathComponent(unit.folder)
            let to = (fields as NSString).appendingPathComponent(unit.folder)
            if fm.fileExists(atPath: from) {
                try? fm.createDirectory(atPath: fields, withIntermediateDirectories: true)
                try fm.copyItem(atPath: from, toPath: to)
            }
        }
        let turnsFormat = format ?? TurnsCSV(variants: first.provenance.variants.compactMap(MetricVariant.init(rawValue:)))
        try CSVFile.write(header: turnsFormat.header, rows: rows.map(turnsFormat.fields),
                          to: (directory as NSString).appendingPathComponent(TurnsCSV.fileName))

        var provenance = first.provenance
        provenance.runID = (directory as NSString).lastPathComponent
        provenance.shard = nil
        provenance.resumedAt = []
        provenance.startedAt = shards.map(\.provenance.startedAt).min() ?? provenance.startedAt
        let ordered = shards.sorted { $0.record.index < $1.record.index }
        provenance.mergedFrom = ordered.map {
            ShardOrigin(shard: $0.record.spec, runID: $0.provenance.runID, directory: $0.directory, host: $0.provenance.host,
                        machine: $0.provenance.machine, units: $0.record.ownUnits, startedAt: $0.provenance.startedAt)
        }
        provenance.missingUnits = missing.isEmpty ? nil : missing.map(\.id)
        // Absolute latency and calibration describe one CPU: kept only when every shard ran on the same one.
        let machines = shards.compactMap(\.provenance.machine)
        let oneCPU = machines.count == shards.count && machines.allSatisfy { $0.sameCPU(as: machines[0]) }
        if !oneCPU {
            provenance.machine = nil
            provenance.calibration = nil
        }
        try provenance.write(to: directory)
        let artifacts = try RunArtifacts.rebuild(directory: directory, renderer: renderer)
        return Outcome(directory: directory, provenance: provenance, rows: rows.count,
                       units: plan.count - missing.count, missingUnits: missing.map(\.id), artifacts: artifacts)
    }
}

/// Why shards cannot be merged.
public enum MergeError: Sendable, Equatable, ExplainedError {
    case noShards
    case notAShard(path: String, reason: String)
    case mismatch(what: String, first: String, firstValue: String, other: String, otherValue: String)
    case duplicated([String])
    case missing(units: [String], absentShards: [String], incomplete: [String])
    case outputExists(path: String)

    public var explanation: ErrorExplanation {
        switch self {
        case .noShards: return ErrorExplanation("no shard folder given", while: "reading the arguments", fix: "Pass the run folders written by `harmonix run --shard`.")
        case .notAShard(let path, let reason): return ErrorExplanation("\(path) is not a shard run folder: \(reason)", while: "reading the shards")
        case .mismatch(let what, let first, let firstValue, let other, let otherValue): return ErrorExplanation("the shards are not of the same run: \(what) is '\(firstValue)' in \(first) but '\(otherValue)' in \(other)", while: "checking the shards", fix: "Merge only shards of one manifest, seed, lineage and binary.")
        case .duplicated(let what): return ErrorExplanation("units covered more than once: \(what.joined(separator: "; "))", while: "checking coverage", fix: "Pass each shard once.")
        case .missing(let units, let absent, let incomplete):
            var text = "units missing: \(units.joined(separator: ", "))"
            if !absent.isEmpty { text += "; no folder of shard \(absent.joined(separator: ", ")) was given" }
            if !incomplete.isEmpty { text += "; incomplete: \(incomplete.joined(separator: "; "))" }
            return ErrorExplanation(text, while: "checking coverage", fix: "Run or resume the missing shards, or merge with --partial (the report is then marked partial).")
        case .outputExists(let path): return ErrorExplanation("\(path) already holds a turns.csv", while: "creating the merged run folder", fix: "Choose another --output.")
        }
    }
}
