import Foundation
import Testing
@testable import Harness

/// End-to-end runs of the built `harmonix score` binary: JSONL made from Leo's transcripts by
/// `harmonix score --from-leo`, then scored; every row must equal the value Leo logged.
@Suite struct ScoreCommandTests {

    struct Row: Equatable {
        let index: Int, variant: String, value: Double?, optimal: Bool
    }

    static func rows(_ csv: String) throws -> [Row] {
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: false)
        try #require(lines.first == "index,variant,external_vocab,optimal")
        try #require(lines.last == "")
        return try lines.dropFirst().dropLast().map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            try #require(fields.count == 4, "bad row \(line)")
            if !fields[2].isEmpty {
                // Exactly 6 decimals.
                let decimals = fields[2].split(separator: ".")
                try #require(decimals.count == 2 && decimals[1].count == 6, "not 6 decimals: \(line)")
            }
            return Row(index: try #require(Int(fields[0])), variant: String(fields[1]),
                       value: fields[2].isEmpty ? nil : Double(fields[2]), optimal: fields[3] == "true")
        }
    }

    /// Converts transcripts with the binary; returns the JSONL path and the logged values.
    func makeJSONL(_ binary: URL, transcripts: [String], in dir: URL, name: String) throws -> (String, [Double]) {
        let paths = try transcripts.map { try Fixtures.sharedFile("leo/\($0)").path }
        let converted = try Fixtures.run(binary, ["score", "--from-leo"] + paths)
        try #require(converted.status == 0, "score --from-leo failed: \(converted.stderr)")
        let file = dir.appendingPathComponent(name)
        try converted.stdout.write(to: file, atomically: true, encoding: .utf8)
        let logged = try converted.stdout.split(separator: "\n").map { line -> Double in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return try #require(object?["logged_external_vocab"] as? Double)
        }
        return (file.path, logged)
    }

    /// `--variant v3` on the three sync transcripts prints the 60 logged values (27 optimal);
    /// `--variant v4` on async run A the 14 logged values (12 optimal).
    @Test(arguments: [
        (Fixtures.syncTranscriptNames, "v3", 60, 27),
        ([Fixtures.asyncTranscriptName], "v4", 14, 12),
    ])
    func scoringTranscriptJSONLPrintsTheLoggedValues(transcripts: [String], variant: String, turns: Int, optimal: Int) throws {
        let binary = try Fixtures.harmonixBinary()
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (jsonl, logged) = try makeJSONL(binary, transcripts: transcripts, in: dir, name: "turns.jsonl")
        #expect(logged.count == turns)
        let result = try Fixtures.run(binary, ["score", "--variant", variant, jsonl])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try Self.rows(result.stdout)
        #expect(rows.map(\.index) == Array(1...turns))
        #expect(rows.allSatisfy { $0.variant == variant })
        for (row, value) in zip(rows, logged) {
            let score = try #require(row.value)
            #expect((score * 1000).rounded() / 1000 == value, "line \(row.index): \(score) vs logged \(value)")
        }
        #expect(rows.count(where: \.optimal) == optimal)
    }

    @Test func allVariantsGiveOneRowPerLinePerVariantInOrder() throws {
        let binary = try Fixtures.harmonixBinary()
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (jsonl, _) = try makeJSONL(binary, transcripts: [Fixtures.asyncTranscriptName], in: dir, name: "a.jsonl")
        let result = try Fixtures.run(binary, ["score", "--variant", "all", jsonl])
        #expect(result.status == 0)
        let rows = try Self.rows(result.stdout)
        #expect(rows.count == 70)
        #expect(rows.prefix(5).map(\.variant) == ["v1", "v2", "v3", "v4", "v5"])
        #expect(rows.prefix(5).allSatisfy { $0.index == 1 })
        // Same values as the library computes.
        let requests = try Fixtures.leoTranscript(Fixtures.asyncTranscriptName).scoreRequests()
        for row in rows {
            let variant = try #require(MetricVariant(name: row.variant))
            let expected = try #require(requests[row.index - 1].score(variant).value)
            #expect(abs(try #require(row.value) - expected) <= 5e-7)
        }
    }

    @Test func badJSONOnLineNFailsWithNothingOnStdout() throws {
        let binary = try Fixtures.harmonixBinary()
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.jsonl")
        try """
            {"prompt": "The cat sat on the mat", "reply": "The cat, the cat! A dog."}
            {"prompt": "fine", "reply": "also fine"}
            {"prompt": "broken", "reply": "no closing brace"

            """.write(to: file, atomically: true, encoding: .utf8)
        let result = try Fixtures.run(binary, ["score", "--variant", "v3", file.path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("line 3"))
        #expect(result.stderr.contains("not valid JSON"))
    }

    @Test func unknownVariantIsAUsageError() throws {
        let binary = try Fixtures.harmonixBinary()
        let result = try Fixtures.run(binary, ["score", "--variant", "v9", "/dev/null"])
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("v9"))
    }
}
