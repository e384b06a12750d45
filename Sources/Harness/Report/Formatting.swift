import Foundation

/// Number formats shared by the report, the printed summary and the check tables.
enum Formatting {
    /// Seconds in the unit that suits them: "850.2 ms", "12.31 s".
    static func duration(_ seconds: Double?) -> String {
        guard let seconds else { return "-" }
        return seconds < 1 ? String(format: "%.1f ms", seconds * 1000) : String(format: "%.2f s", seconds)
    }

    /// "850.2 ms [801.0 … 902.3]" with one unit for the whole block (the unit of the estimate).
    static func duration(_ seconds: Double?, interval: ConfidenceInterval?) -> String {
        guard let seconds else { return "-" }
        guard let interval else { return duration(seconds) }
        if seconds < 1 {
            return String(format: "%.1f ms [%.1f … %.1f]", seconds * 1000, interval.lower * 1000, interval.upper * 1000)
        }
        return String(format: "%.2f s [%.2f … %.2f]", seconds, interval.lower, interval.upper)
    }

    static func decimal(_ value: Double?, _ places: Int = 3) -> String {
        guard let value, value.isFinite else { return "-" }
        return String(format: "%.\(places)f", value)
    }

    /// "85.7 % [60.1 … 96.0] (12/14)".
    static func share(_ aggregate: ScoreAggregate?) -> String {
        guard let aggregate, let percent = aggregate.optimalPercent else { return "-" }
        var text = String(format: "%.1f %%", percent)
        if let ci = aggregate.optimalInterval() { text += String(format: " [%.1f … %.1f]", 100 * ci.lower, 100 * ci.upper) }
        return text + " (\(aggregate.optimalCount)/\(aggregate.scoredCount))"
    }

    static func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// A plain text table with aligned columns.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let widths = header.indices.map { i in ([header] + rows).map { i < $0.count ? $0[i].count : 0 }.max() ?? 0 }
        func line(_ row: [String]) -> String {
            row.enumerated().map { padded($1, widths[$0]) }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        return ([line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + rows.map(line))
            .joined(separator: "\n")
    }

    /// A Markdown table.
    static func markdownTable(_ header: [String], _ rows: [[String]]) -> String {
        func line(_ row: [String]) -> String { "| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |" }
        return ([line(header), "|" + header.map { _ in "---|" }.joined()] + rows.map(line)).joined(separator: "\n")
    }
}
