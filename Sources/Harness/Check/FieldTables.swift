import Foundation
import GRDB

/// Table-by-table comparison of two runs' fields (`fields/<mode>/<organism>.db`): the check that a
/// resumed run ended in the same state as an uninterrupted one (issue 10).
///
/// Every table of every database is read in rowid order; columns that hold wall-clock time (and
/// HAiKU's shard file names, which are epoch milliseconds) are left out, since they differ between
/// any two runs. Everything else must be equal, value for value.
public enum FieldTables {
    /// Columns whose values come from the wall clock.
    public static let wallClockColumns: Set<String> = [
        "timestamp", "last_used", "ts", "last_updated", "started_at", "finished_at", "filepath",
    ]

    /// Table name → rows (each rendered as one line of `column=value` pairs), in rowid order.
    public static func dump(database path: String) throws -> [String: [String]] {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            var out: [String: [String]] = [:]
            for table in tables {
                let quoted = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                let rows: [Row]
                if let ordered = try? Row.fetchAll(db, sql: "SELECT * FROM \(quoted) ORDER BY rowid") {
                    rows = ordered
                } else {
                    rows = try Row.fetchAll(db, sql: "SELECT * FROM \(quoted)")
                }
                out[table] = rows.map { row in
                    row.columnNames.enumerated()
                        .filter { !wallClockColumns.contains($0.element) }
                        .map { "\($0.element)=\(row[$0.offset] as DatabaseValue)" }
                        .joined(separator: "|")
                }
            }
            return out
        }
    }

    /// The differences between the fields of two run folders (empty when identical), at most
    /// `limit` lines; databases present in only one of them count as differences.
    public static func compare(run a: String, run b: String, limit: Int = 20) throws -> [String] {
        let left = databases(a), right = databases(b)
        var differences: [String] = []
        for name in Set(left).symmetricDifference(right).sorted() { differences.append("\(name): in one run only") }
        for name in left where right.contains(name) {
            let dumpA = try dump(database: ((a as NSString).appendingPathComponent("fields") as NSString).appendingPathComponent(name))
            let dumpB = try dump(database: ((b as NSString).appendingPathComponent("fields") as NSString).appendingPathComponent(name))
            for table in Set(dumpA.keys).union(dumpB.keys).sorted() {
                let rowsA = dumpA[table] ?? [], rowsB = dumpB[table] ?? []
                if rowsA.count != rowsB.count {
                    differences.append("\(name) \(table): \(rowsA.count) rows vs \(rowsB.count)")
                }
                for (i, (x, y)) in zip(rowsA, rowsB).enumerated() where x != y {
                    differences.append("\(name) \(table) row \(i + 1): \(x.prefix(160)) vs \(y.prefix(160))")
                    if differences.count >= limit { return differences }
                }
            }
        }
        return Array(differences.prefix(limit))
    }

    /// Rows compared across all databases of a run (for reporting a match).
    public static func rowCount(run: String) throws -> Int {
        let fields = (run as NSString).appendingPathComponent("fields")
        return try databases(run).reduce(0) { total, name in
            total + (try dump(database: (fields as NSString).appendingPathComponent(name)).values.reduce(0) { $0 + $1.count })
        }
    }

    /// The field databases of a run, relative to `fields/`: `<mode>/<organism>.db`, or
    /// `<unit>/<mode>/<organism>.db` with a lineage (issue 14).
    static func databases(_ run: String) -> [String] {
        let fields = (run as NSString).appendingPathComponent("fields")
        let all = (FileManager.default.enumerator(atPath: fields)?.allObjects as? [String]) ?? []
        return all.filter { $0.hasSuffix(".db") && $0.contains("/") }.sorted()
    }
}
