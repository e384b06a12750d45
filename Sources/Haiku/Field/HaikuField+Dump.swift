import Foundation
import GRDB

extension HaikuField {
    /// Every table's rows in rowid order, each value rendered as text ("NULL" for null): a full,
    /// comparable picture of the database (used by the reproducibility tests).
    public func dump() throws -> [String: [[String]]] {
        try read("dumping the field") { db in
            var result: [String: [[String]]] = [:]
            for table in HaikuSchema.tables {
                result[table] = try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY rowid").map { row in
                    row.databaseValues.map(HaikuField.render)
                }
            }
            return result
        }
    }

    /// Row count of one of the HAiKU tables.
    public func rowCount(_ table: String) throws -> Int {
        precondition(HaikuSchema.tables.contains(table), "rowCount: '\(table)' is not a HAiKU table")
        return try read("counting \(table)") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }

    /// The names of the tables that exist in the database.
    public func tableNames() throws -> [String] {
        try read("listing tables") { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
    }

    /// Raw query access for tests and tools: rows rendered as text.
    public func query(_ sql: String, arguments: StatementArguments = []) throws -> [[String]] {
        try read("running a query") { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                row.databaseValues.map(HaikuField.render)
            }
        }
    }

    /// A database value as plain text: "NULL", integers and doubles in Swift's shortest form,
    /// strings as they are, blobs in hex.
    static func render(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: return "NULL"
        case .int64(let i): return String(i)
        case .double(let d): return String(d)
        case .string(let s): return s
        case .blob(let data): return data.map { String(format: "%02x", $0) }.joined()
        }
    }
}
