import Foundation

extension LeoTranscript {

    /// Parses a sync run in Markdown (`metrics.md` §1.8): topics are `### name`, turns `#### Turn N`;
    /// the observer message runs from `**Observer:** ` to the `**Leo:** ` marker (several paragraphs
    /// allowed, all kept), the reply from `**Leo:** ` to the `*Metrics: external_vocab=X*` line.
    /// Whitespace around each message is trimmed (it never changes a token). Logged under V3.
    /// - throws: `MetricsError.malformedTranscript` with the line of the first inconsistency.
    public static func parseMarkdown(_ text: String, source: String) throws -> LeoTranscript {
        enum Field { case none, observer, leo }
        var turns: [LeoTurn] = []
        var topic: String?
        var observer: [Substring] = [], leo: [Substring] = []
        var field = Field.none
        var turnStart: Int?
        let observerMarker = "**Observer:** ", leoMarker = "**Leo:** ", metricsMarker = "*Metrics:"

        func fail(_ line: Int, _ detail: String) -> MetricsError {
            .malformedTranscript(source: source, line: line, detail: detail)
        }
        func joined(_ lines: [Substring]) -> String {
            lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        }

        var number = 0
        for line in TextLines.split(text) {
            number += 1
            if line.hasPrefix("#### Turn") {
                if let start = turnStart { throw fail(start, "turn has no *Metrics: line") }
                guard topic != nil else { throw fail(number, "turn before any '### topic' heading") }
                turnStart = number; observer = []; leo = []; field = .none
            } else if line.hasPrefix("### ") {
                if let start = turnStart { throw fail(start, "turn has no *Metrics: line") }
                topic = String(line.dropFirst(4)).trimmingCharacters(in: .whitespaces)
                field = .none
            } else if line.hasPrefix("## ") {
                if let start = turnStart { throw fail(start, "turn has no *Metrics: line") }
                field = .none
            } else if turnStart != nil, line.hasPrefix(observerMarker) {
                field = .observer
                observer = [line.dropFirst(observerMarker.count)]
            } else if turnStart != nil, line.hasPrefix(leoMarker) {
                guard field == .observer else { throw fail(number, "**Leo:** before **Observer:**") }
                field = .leo
                leo = [line.dropFirst(leoMarker.count)]
            } else if turnStart != nil, line.hasPrefix(metricsMarker) {
                guard field == .leo else { throw fail(number, "*Metrics: line before **Leo:**") }
                guard let value = loggedValue(line) else {
                    throw fail(number, "no 'external_vocab=<number>' in the metrics line")
                }
                turns.append(LeoTurn(topic: topic!, observer: joined(observer), leo: joined(leo),
                                     loggedExternalVocab: value))
                turnStart = nil; field = .none
            } else {
                switch field {
                case .observer: observer.append(line)
                case .leo: leo.append(line)
                case .none: break
                }
            }
        }
        if let start = turnStart { throw fail(start, "turn has no *Metrics: line") }
        guard !turns.isEmpty else {
            throw MetricsError.malformedTranscript(source: source, line: nil, detail: "no '#### Turn' with metrics found")
        }
        return LeoTranscript(source: source, loggedVariant: .v3, turns: turns)
    }

    /// Parses the async JSON transcription: `{"run", "metric_variant": "V4", "turns": [{"topic",
    /// "observer", "leo", "logged_external_vocab"}]}`, turns in run order.
    /// - throws: `MetricsError.malformedTranscript`.
    public static func parseAsyncJSON(_ data: Data, source: String) throws -> LeoTranscript {
        struct File: Decodable {
            let metricVariant: String
            let turns: [Turn]
            enum CodingKeys: String, CodingKey { case metricVariant = "metric_variant", turns }
        }
        struct Turn: Decodable {
            let topic: String, observer: String, leo: String, loggedExternalVocab: Double
            enum CodingKeys: String, CodingKey {
                case topic, observer, leo, loggedExternalVocab = "logged_external_vocab"
            }
        }
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: data) } catch {
            throw MetricsError.malformedTranscript(source: source, line: nil, detail: "JSON does not match the transcription format (\(error))")
        }
        guard let variant = MetricVariant(name: file.metricVariant) else {
            throw MetricsError.malformedTranscript(source: source, line: nil, detail: "unknown metric_variant \"\(file.metricVariant)\"")
        }
        let turns = file.turns.map {
            LeoTurn(topic: $0.topic, observer: $0.observer, leo: $0.leo, loggedExternalVocab: $0.loggedExternalVocab)
        }
        return LeoTranscript(source: source, loggedVariant: variant, turns: turns)
    }

    /// The number after `external_vocab=` in a metrics line.
    private static func loggedValue(_ line: Substring) -> Double? {
        guard let range = line.range(of: "external_vocab=") else { return nil }
        let digits = line[range.upperBound...].prefix { $0.isNumber || $0 == "." || $0 == "-" }
        return Double(digits)
    }
}
