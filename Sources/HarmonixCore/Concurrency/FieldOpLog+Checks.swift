import Foundation
import GRDB

// The stress run's checks on one field (issue 11): counts conserved, units whole, linearizable.
extension FieldOpLog {
    /// The broken units of the field's current committed state.
    public func auditLive() throws -> [String] { try live.read { try audit($0) } }

    /// Each counted column's SUM moved exactly by what the logged operations declared.
    /// Returns (columns checked, one description per mismatch).
    public func checkCounts() throws -> (checked: Int, violations: [String]) {
        var declared: [String: Int] = [:]
        for entry in entries { for (key, value) in entry.counts { declared[key, default: 0] += value } }
        var violations: [String] = []
        for column in countedColumns {
            let sql = "SELECT COALESCE(SUM(\(column.column)), 0) FROM \(column.table)"
            let before = try initial.read { try Int.fetchOne($0, sql: sql) ?? 0 }
            let after = try live.read { try Int.fetchOne($0, sql: sql) ?? 0 }
            let expected = declared[column.key] ?? 0
            if after - before != expected {
                violations.append("\(field): SUM(\(column.key)) moved by \(after - before), the operations wrote \(expected)")
            }
        }
        return (countedColumns.count, violations)
    }

    /// Replays the committed operations one at a time, in commit order, on a fresh copy of the
    /// initial state, and compares every table with the live one (columns filled by SQLite's
    /// wall-clock defaults excepted). Returns (operations replayed, one description per table
    /// that differs).
    public func checkReplay() throws -> (checked: Int, violations: [String]) {
        let replica = try DatabaseQueue()
        try initial.backup(to: replica)
        let operations = entries
        for entry in operations {
            do {
                try replica.write { try entry.replay($0) }
            } catch {
                return (operations.count, ["\(field): replaying operation \(entry.sequence) (\(entry.operation)) failed: \(error)"])
            }
        }
        var violations: [String] = []
        for table in try Self.tables(live) {
            let columns = try Self.comparedColumns(live, table)
            guard !columns.isEmpty else { continue }
            let sql = "SELECT \(columns.joined(separator: ", ")) FROM \(table) ORDER BY rowid"
            let a = try live.read { try Row.fetchAll($0, sql: sql).map { Array($0.databaseValues.map(\.description)) } }
            let b = try replica.read { try Row.fetchAll($0, sql: sql).map { Array($0.databaseValues.map(\.description)) } }
            if a != b {
                let firstDiff = (0..<min(a.count, b.count)).first(where: { a[$0] != b[$0] }) ?? min(a.count, b.count)
                violations.append("\(field): table \(table) differs from the serial replay (\(a.count) vs \(b.count) rows, first at row \(firstDiff))")
            }
        }
        return (operations.count, violations)
    }

    static func tables(_ db: DatabaseQueue) throws -> [String] {
        try db.read {
            try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        }
    }

    /// Columns whose values an operation determines: not those SQLite fills from the wall clock.
    static func comparedColumns(_ db: DatabaseQueue, _ table: String) throws -> [String] {
        try db.read { db in
            try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").compactMap { row -> String? in
                let name: String = row["name"]
                let fallback = (row["dflt_value"] as String?)?.lowercased() ?? ""
                return fallback.contains("current_timestamp") || fallback.contains("julianday") ? nil : name
            }
        }
    }
}
