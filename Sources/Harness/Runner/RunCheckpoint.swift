import Cascade
import Foundation
import GRDB
import HarmonixCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The state of one mode's cascade at a cell boundary, on disk (issue 10).
///
/// Layout, inside the run folder:
/// ```
/// checkpoints/<slot>/<sequence>/      slot = <mode>, or <unit>/<mode> with `lineage: topic|prompt`;
///                                     sequence = cells of this slot done, 6 digits
///   checkpoint.json                   CheckpointRecord: cells done, bytes of turns.csv covered, files
///   fields/<organism>.db              consistent copies of the mode's field databases (SQLite backup API)
///   minds/<name>.json                 each organism's mind and the hub's combined field (captureMinds)
/// ```
/// A checkpoint is written into `checkpoints/<mode>/.tmp-<sequence>/` and committed by renaming that
/// folder to `<sequence>` (atomic), after the cell's rows are in `turns.csv`; then the older ones are
/// removed. A crash before the rename leaves the previous checkpoint as the latest; `--resume` then
/// discards the cell's rows (truncating `turns.csv` to the bytes the latest checkpoints cover) and
/// restores fields and minds from it. Nothing is fsynced: the guarantee is against the process
/// dying (SIGKILL, a crash), not against losing power.
///
/// Cost (issue 10): Foundation's `Data.write(to:)` fsyncs every file on Linux, and unlinking a
/// superseded checkpoint (≈ 1 MiB on the CI experiment) waits for the disk (the root file system
/// here is mounted with `discard`); together they were ≈ 90% of a checkpoint. So the minds and the
/// record are written with plain `write(2)` (``UnsyncedFile``), and superseded checkpoints are
/// renamed out of the way (`.trash-…`, which ``latest(mode:)`` never reads) and deleted by a
/// background queue (``CheckpointTrash``) while the next cascade runs.
struct CheckpointRecord: Codable, Sendable, Equatable {
    struct Cell: Codable, Sendable, Hashable {
        var promptID: String
        var repeatIndex: Int
    }

    var mode: String
    /// Cells of this mode done, in run order (the first `sequence` cells of the mode in the plan).
    var cells: [Cell]
    /// Length of `turns.csv` in bytes when the checkpoint was taken: every finished row of these cells lies before it.
    var turnsBytes: UInt64
    /// Field databases copied (file names inside the field folder).
    var databases: [String]
    /// Every other file under the field folder (relative paths; e.g. HAiKU's write-once shards).
    /// Files beyond these are a later cell's and are removed on restore.
    var sideFiles: [String]
    var createdAt: String

    var sequence: Int { cells.count }
}

/// Writes, finds and restores checkpoints (see ``CheckpointRecord``).
struct RunCheckpoints: Sendable {
    static let folderName = "checkpoints"
    static let recordName = "checkpoint.json"

    /// The run folder.
    let runDirectory: String

    var root: String { (runDirectory as NSString).appendingPathComponent(Self.folderName) }

    func modeDirectory(_ mode: CascadeMode) -> String { slotDirectory(mode.rawValue) }

    /// The checkpoints of one (unit, mode) slot: `checkpoints/<mode>` for lineage `run`,
    /// `checkpoints/<unit>/<mode>` otherwise (``LineageUnit/slot(_:)``).
    func slotDirectory(_ slot: String) -> String { (root as NSString).appendingPathComponent(slot) }

    static func sequenceName(_ n: Int) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// Takes a checkpoint of `cascade` over `fieldDirectory`; returns its folder and the seconds it took.
    func write(mode: CascadeMode, cells: [CheckpointRecord.Cell], turnsBytes: UInt64, fieldDirectory: String,
               cascade: any CascadeRunner) async throws -> String {
        try await write(slot: mode.rawValue, mode: mode, cells: cells, turnsBytes: turnsBytes,
                        fieldDirectory: fieldDirectory, cascade: cascade)
    }

    /// Takes a checkpoint of one (unit, mode) slot.
    func write(slot: String, mode: CascadeMode, cells: [CheckpointRecord.Cell], turnsBytes: UInt64, fieldDirectory: String,
               cascade: any CascadeRunner) async throws -> String {
        let fm = FileManager.default
        let modeDir = slotDirectory(slot)
        let name = Self.sequenceName(cells.count)
        let temporary = (modeDir as NSString).appendingPathComponent(".tmp-\(name)")
        let final = (modeDir as NSString).appendingPathComponent(name)
        do {
            if fm.fileExists(atPath: temporary) { try fm.removeItem(atPath: temporary) }
            let fieldsOut = (temporary as NSString).appendingPathComponent("fields")
            let mindsOut = (temporary as NSString).appendingPathComponent("minds")
            try fm.createDirectory(atPath: fieldsOut, withIntermediateDirectories: true)
            try fm.createDirectory(atPath: mindsOut, withIntermediateDirectories: true)

            let (databases, sideFiles) = try Self.listFieldFolder(fieldDirectory)
            for db in databases {
                try FieldCopy.backup(from: (fieldDirectory as NSString).appendingPathComponent(db),
                                     to: (fieldsOut as NSString).appendingPathComponent(db))
            }
            FaultInjection.hit("checkpoint-write")
            for (mindName, data) in try await cascade.captureMinds() {
                try UnsyncedFile.write(data, to: (mindsOut as NSString).appendingPathComponent("\(mindName).json"))
            }
            let record = CheckpointRecord(mode: mode.rawValue, cells: cells, turnsBytes: turnsBytes, databases: databases,
                                          sideFiles: sideFiles, createdAt: RunProvenance.timestamp())
            try UnsyncedFile.write(CascadeMinds.encode(record),
                                   to: (temporary as NSString).appendingPathComponent(Self.recordName))
            if fm.fileExists(atPath: final) { try CheckpointTrash.discard(final) }
            // The commit.
            try fm.moveItem(atPath: temporary, toPath: final)
        } catch let error as RunError {
            throw error
        } catch {
            throw RunError.checkpointFailed(path: temporary, reason: "\(error)")
        }
        FaultInjection.hit("checkpoint-commit")
        // Older checkpoints are superseded; a crash here leaves them, and the newest wins.
        for entry in (try? fm.contentsOfDirectory(atPath: modeDir)) ?? [] where entry != name {
            try? CheckpointTrash.discard((modeDir as NSString).appendingPathComponent(entry))
        }
        return final
    }

    /// The newest committed checkpoint of `mode`, or nil when there is none.
    func latest(mode: CascadeMode) throws -> (record: CheckpointRecord, directory: String)? {
        try latest(slot: mode.rawValue)
    }

    /// The newest committed checkpoint of one (unit, mode) slot, or nil when there is none.
    func latest(slot: String) throws -> (record: CheckpointRecord, directory: String)? {
        let modeDir = slotDirectory(slot)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: modeDir)) ?? [])
            .filter { !$0.hasPrefix(".") && Int($0) != nil }
            .sorted { Int($0)! < Int($1)! }
        guard let newest = names.last else { return nil }
        let directory = (modeDir as NSString).appendingPathComponent(newest)
        let recordPath = (directory as NSString).appendingPathComponent(Self.recordName)
        do {
            let record = try CascadeMinds.decode(CheckpointRecord.self, Data(contentsOf: URL(fileURLWithPath: recordPath)))
            return (record, directory)
        } catch {
            throw RunError.checkpointUnreadable(path: recordPath, reason: "\(error)")
        }
    }

    /// Puts the checkpoint's fields back into `fieldDirectory` (before the organisms open them):
    /// each database replaced by its copy (WAL and shared-memory files removed), side files the
    /// checkpoint does not list removed.
    static func restoreFields(from checkpoint: (record: CheckpointRecord, directory: String), into fieldDirectory: String) throws {
        let fm = FileManager.default
        let (databases, sideFiles) = try listFieldFolder(fieldDirectory)
        for db in Set(databases).union(checkpoint.record.databases) {
            let live = (fieldDirectory as NSString).appendingPathComponent(db)
            for suffix in ["", "-wal", "-shm", "-journal"] where fm.fileExists(atPath: live + suffix) {
                try fm.removeItem(atPath: live + suffix)
            }
        }
        for db in checkpoint.record.databases {
            let copy = ((checkpoint.directory as NSString).appendingPathComponent("fields") as NSString)
                .appendingPathComponent(db)
            try fm.copyItem(atPath: copy, toPath: (fieldDirectory as NSString).appendingPathComponent(db))
        }
        let keep = Set(checkpoint.record.sideFiles)
        for file in sideFiles where !keep.contains(file) {
            try fm.removeItem(atPath: (fieldDirectory as NSString).appendingPathComponent(file))
        }
    }

    /// The checkpoint's minds, by name.
    static func minds(of checkpoint: (record: CheckpointRecord, directory: String)) throws -> [String: Data] {
        let mindsDir = (checkpoint.directory as NSString).appendingPathComponent("minds")
        var minds: [String: Data] = [:]
        for file in (try? FileManager.default.contentsOfDirectory(atPath: mindsDir)) ?? [] where file.hasSuffix(".json") {
            minds[String(file.dropLast(5))] = try Data(contentsOf: URL(fileURLWithPath: (mindsDir as NSString).appendingPathComponent(file)))
        }
        return minds
    }

    /// Field databases (`*.db`) at the top of `fieldDirectory`, and every other regular file below
    /// it (relative paths, SQLite's own -wal/-shm/-journal files excluded), both sorted.
    static func listFieldFolder(_ fieldDirectory: String) throws -> (databases: [String], sideFiles: [String]) {
        let fm = FileManager.default
        guard fm.fileExists(atPath: fieldDirectory) else { return ([], []) }
        var databases: [String] = [], side: [String] = []
        let enumerator = fm.enumerator(atPath: fieldDirectory)
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            fm.fileExists(atPath: (fieldDirectory as NSString).appendingPathComponent(relative), isDirectory: &isDirectory)
            if isDirectory.boolValue { continue }
            if relative.hasSuffix("-wal") || relative.hasSuffix("-shm") || relative.hasSuffix("-journal") { continue }
            if !relative.contains("/") && relative.hasSuffix(".db") { databases.append(relative) } else { side.append(relative) }
        }
        return (databases.sorted(), side.sorted())
    }
}

/// A consistent copy of a live SQLite database through the SQLite backup API (GRDB): page for
/// page, so row ids and table order are kept (`VACUUM INTO` may renumber rows of tables without
/// an INTEGER PRIMARY KEY).
enum FieldCopy {
    static let sqliteHeader = Data("SQLite format 3\u{0}".utf8)

    /// Files that are not SQLite databases (e.g. a test's placeholder) are copied byte for byte.
    static func backup(from source: String, to destination: String) throws {
        let reader = try FileHandle(forReadingFrom: URL(fileURLWithPath: source))
        let head = try reader.read(upToCount: 16) ?? Data()
        try reader.close()
        guard head == sqliteHeader else {
            try FileManager.default.copyItem(atPath: source, toPath: destination)
            return
        }
        var configuration = Configuration()
        configuration.readonly = true
        let from = try DatabaseQueue(path: source, configuration: configuration)
        // No journal and no fsync for the copy: the checkpoint commits by its folder's rename, and
        // guards against the process dying, not against power loss. With SQLite's defaults each
        // copy waited for an fsync (≈ 100 ms per checkpoint on this machine, 3% of a CI cascade).
        var fast = Configuration()
        fast.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode=OFF")
            try db.execute(sql: "PRAGMA synchronous=OFF")
        }
        let to = try DatabaseQueue(path: destination, configuration: fast)
        try from.backup(to: to)
        try to.close()
        try from.close()
    }
}

/// Writes a file with `open`/`write`/`close` and no fsync (Foundation's `Data.write(to:)` fsyncs
/// on Linux, ≈ 5–20 ms a file on a loaded disk). Checkpoints guard against the process dying,
/// where the page cache survives.
enum UnsyncedFile {
    static func write(_ data: Data, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw RunError.checkpointFailed(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                guard let base = buffer.baseAddress else { return }
                #if canImport(Glibc)
                let written = Glibc.write(fd, base + offset, buffer.count - offset)
                #else
                let written = Darwin.write(fd, base + offset, buffer.count - offset)
                #endif
                if written < 0 {
                    if errno == EINTR { continue }
                    throw RunError.checkpointFailed(path: path, reason: String(cString: strerror(errno)))
                }
                offset += written
            }
        }
    }
}

/// Superseded checkpoint folders: renamed at once to a `.trash-…` sibling (the rename is the only
/// work on the checkpoint's path), then deleted on a background queue. Entries whose names start
/// with a dot are never read as checkpoints, so a crash that leaves one changes nothing; the next
/// checkpoint of the mode sweeps it up. ``drain()`` waits for the queue (end of a run).
enum CheckpointTrash {
    private static let queue = DispatchQueue(label: "harmonix.checkpoint-trash", qos: .utility)
    static let prefix = ".trash-"

    /// Moves `path` out of the way now and deletes it later.
    static func discard(_ path: String) throws {
        let name = (path as NSString).lastPathComponent
        let target: String
        if name.hasPrefix(prefix) {
            target = path
        } else {
            target = ((path as NSString).deletingLastPathComponent as NSString)
                .appendingPathComponent(prefix + UUID().uuidString)
            try FileManager.default.moveItem(atPath: path, toPath: target)
        }
        queue.async { try? FileManager.default.removeItem(atPath: target) }
    }

    /// Returns once every deletion queued so far is done.
    static func drain() { queue.sync {} }
}
