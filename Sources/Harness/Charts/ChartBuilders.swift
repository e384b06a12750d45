import Foundation

/// A dashed horizontal line drawn across a chart (a target or a Leo figure).
public struct ReferenceLine: Sendable, Hashable {
    public var y: Double
    public var label: String
    public var color: String

}

/// A value with an optional interval, for bar charts.
public struct BarValue: Sendable, Hashable {
    public var value: Double
    public var low: Double?
    public var high: Double?

    public init(_ value: Double, low: Double? = nil, high: Double? = nil) {
        self.value = value
        self.low = low
        self.high = high
    }
}

/// The four chart shapes the harness draws, as script builders.
public enum ChartBuilders {
    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]

    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "?" }
        return String(format: "%.6g", value)
    }

    /// One box per group (median, quartiles, whiskers at 1.5 IQR, outliers shown), groups on the x axis.
    public static func boxplots(name: String, title: String, yLabel: String, groups: [(label: String, values: [Double])],
                                references: [ReferenceLine] = [], yRange: ClosedRange<Double>? = nil) -> GnuplotScript {
        var script = GnuplotScript(name: name, title: title)
        script.datablock("values", comment: groups.map(\.label).joined(separator: " | "),
                         blocks: groups.map { $0.values.map { [number($0)] } })
        script.set("style boxplot outliers pointtype 7")
        script.set("pointsize 0.5")
        script.set("style data boxplot")
        script.set("style fill solid 0.4 border -1")
        script.set("boxwidth 0.5")
        script.set("ylabel \(GnuplotScript.quoted(yLabel))")
        script.set("xrange [0.3:\(Double(groups.count) + 0.7)]")
        if let yRange { script.set("yrange [\(yRange.lowerBound):\(yRange.upperBound)]") }
        let tics = groups.enumerated().map { "\(GnuplotScript.quoted($1.label)) \($0 + 1)" }
        script.set("xtics (\(tics.joined(separator: ", "))) rotate by -30 left")
        script.set("key off")
        for line in references { script.horizontalLine(y: line.y, label: line.label, color: line.color) }
        script.plot(groups.indices.map {
            "$values index \($0) using (\($0 + 1)):1 lc rgb '\(palette[$0 % palette.count])'"
        })
        return script
    }

    /// Bars with optional interval whiskers, one per label.
    public static func bars(name: String, title: String, yLabel: String, bars: [(label: String, value: BarValue)],
                            references: [ReferenceLine] = [], yRange: ClosedRange<Double>? = nil) -> GnuplotScript {
        var script = GnuplotScript(name: name, title: title)
        script.datablock("bars", comment: "x label value low high",
                         rows: bars.enumerated().map { i, bar in
                             [String(i), bar.label, number(bar.value.value), number(bar.value.low ?? bar.value.value),
                              number(bar.value.high ?? bar.value.value)]
                         })
        script.set("style fill solid 0.6 border -1")
        script.set("boxwidth 0.6")
        script.set("ylabel \(GnuplotScript.quoted(yLabel))")
        script.set("xrange [-0.6:\(Double(bars.count) - 0.4)]")
        if let yRange { script.set("yrange [\(yRange.lowerBound):\(yRange.upperBound)]") }
        script.set("xtics rotate by -30 left")
        script.set("key off")
        for line in references { script.horizontalLine(y: line.y, label: line.label, color: line.color) }
        script.plot(["$bars using 1:3:xtic(2) with boxes lc rgb '\(palette[0])'",
                     "$bars using 1:3:4:5 with yerrorbars lc rgb 'black' pt -1"])
        return script
    }

    /// Clustered bars: one cluster per category, one bar per series, whiskers from low to high.
    public static func clusteredBars(name: String, title: String, yLabel: String, categories: [String],
                                     series: [(name: String, values: [BarValue?])]) -> GnuplotScript {
        var script = GnuplotScript(name: name, title: title)
        var header = ["category"]
        for s in series { header += ["\(s.name)", "low", "high"] }
        script.datablock("clusters", comment: header.joined(separator: " "),
                         rows: categories.enumerated().map { i, category in
                             var row = [category]
                             for s in series {
                                 let v = i < s.values.count ? s.values[i] : nil
                                 row += [number(v?.value), number(v?.low ?? v?.value), number(v?.high ?? v?.value)]
                             }
                             return row
                         })
        script.set("style data histograms")
        script.set("style histogram errorbars gap 2 lw 1")
        script.set("style fill solid 0.6 border -1")
        script.set("ylabel \(GnuplotScript.quoted(yLabel))")
        script.set("yrange [0:*]")
        script.set("key top left")
        script.plot(series.enumerated().map { i, s in
            let base = 2 + 3 * i
            let xtic = i == 0 ? ":xtic(1)" : ""
            return "$clusters using \(base):\(base + 1):\(base + 2)\(xtic) title \(GnuplotScript.quoted(s.name)) lc rgb '\(palette[i % palette.count])'"
        })
        return script
    }

    /// One line per series over its index (e.g. external_vocab turn by turn).
    public static func lines(name: String, title: String, xLabel: String, yLabel: String,
                             series: [(name: String, values: [Double?])], references: [ReferenceLine] = []) -> GnuplotScript {
        var script = GnuplotScript(name: name, title: title)
        script.datablock("series", comment: series.map(\.name).joined(separator: " | "),
                         blocks: series.map { $0.values.enumerated().map { [String($0 + 1), number($1)] } })
        script.set("xlabel \(GnuplotScript.quoted(xLabel))")
        script.set("ylabel \(GnuplotScript.quoted(yLabel))")
        script.set("key top right")
        for line in references { script.horizontalLine(y: line.y, label: line.label, color: line.color) }
        script.plot(series.enumerated().map { i, s in
            "$series index \(i) using 1:2 with linespoints pt 7 ps 0.6 lc rgb '\(palette[i % palette.count])' title \(GnuplotScript.quoted(s.name))"
        })
        return script
    }
}
