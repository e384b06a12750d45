import Foundation
import Testing
@testable import Harness

@Suite struct ScoreFileTests {

    @Test func parsesLinesSkipsBlanksAndKeepsLineNumbers() throws {
        let text = """
            {"prompt": "The cat sat on the mat", "reply": "The cat, the cat! A dog."}

            {"prompt": "The cat sat", "reply": "A dog.", "history": ["dog days"], "note": "ignored"}\r
            {"prompt": "p", "reply": "", "history": null}

            """
        let lines = try ScoreFile.parse(jsonl: text, source: "t.jsonl")
        #expect(lines.map(\.number) == [1, 3, 4])
        #expect(lines[1].request == ScoreRequest(prompt: "The cat sat", reply: "A dog.", history: ["dog days"]))
        #expect(lines[2].request.history.isEmpty)
    }

    /// Rows per line and variant; 6 decimals; an empty reply has an empty value and is not optimal.
    @Test func csvHasFixedColumnsAndSixDecimals() throws {
        let text = """
            {"prompt": "The cat sat on the mat", "reply": "The cat, the cat! A dog."}
            {"prompt": "p", "reply": ""}
            {"prompt": "river", "reply": "river stone cloud light wind"}
            """
        let lines = try ScoreFile.parse(jsonl: text, source: "t.jsonl")
        #expect(ScoreFile.csv(lines, variants: [.v3, .v4]) == """
            index,variant,external_vocab,optimal
            1,v3,0.800000,false
            1,v4,0.666667,false
            2,v3,,false
            2,v4,,false
            3,v3,0.200000,false
            3,v4,0.200000,false

            """)
        let v5 = ScoreFile.csv([lines[0]], variants: [.v5]).split(separator: "\n")
        #expect(v5 == ["index,variant,external_vocab,optimal", "1,v5,0.666667,false"])
        let low = try ScoreFile.parse(jsonl: #"{"prompt": "zzz", "reply": "river stone cloud"}"#, source: "x")
        #expect(ScoreFile.csv(low, variants: [.v3]).hasSuffix("1,v3,0.000000,true\n"))
    }

    @Test(arguments: [
        (#"{"prompt": "a", "reply": "b"}"# + "\n" + #"{"prompt": "a", "reply": }"#, 2, "not valid JSON"),
        ("\n\n" + #"["prompt", "reply"]"#, 3, "not a JSON object"),
        (#"{"reply": "b"}"#, 1, "missing key \"prompt\""),
        (#"{"prompt": "a", "reply": 3}"#, 1, "\"reply\" is not a string"),
        (#"{"prompt": "a", "reply": "b", "history": ["x", 2]}"#, 1, "\"history\" is not a list of strings"),
        (#"{"prompt": "a", "reply": "b", "history": "x"}"#, 1, "\"history\" is not a list of strings"),
    ])
    func badLineIsNamed(text: String, line: Int, detail: String) {
        #expect(throws: MetricsError.invalidScoreLine(source: "in.jsonl", line: line, detail: detail)) {
            try ScoreFile.parse(jsonl: text, source: "in.jsonl")
        }
        let message = MetricsError.invalidScoreLine(source: "in.jsonl", line: line, detail: detail).description
        #expect(message.contains("in.jsonl line \(line)"))
    }

    @Test func transcriptJSONLinesRoundTripThroughTheReader() throws {
        let run = try Fixtures.leoTranscript(Fixtures.asyncTranscriptName)
        let text = try run.jsonLines().joined(separator: "\n")
        let lines = try ScoreFile.parse(jsonl: text, source: "async.jsonl")
        #expect(lines.map(\.request) == run.scoreRequests())
        // History resets at each topic change and grows within a topic, oldest first.
        #expect(lines[0].request.history.isEmpty)
        #expect(lines[1].request.history.isEmpty)                 // first knowing_unknowing turn
        #expect(lines[2].request.history == [run.turns[1].observer])
        #expect(lines[4].request.history == [run.turns[1].observer, run.turns[2].observer, run.turns[3].observer])
    }

    @Test func malformedTranscriptNamesTheTurn() {
        let text = """
            ### topic

            #### Turn 1

            **Observer:** hello there

            **Leo:** hi back

            #### Turn 2
            """
        #expect(throws: MetricsError.malformedTranscript(source: "x.md", line: 3, detail: "turn has no *Metrics: line")) {
            try LeoTranscript.parseMarkdown(text, source: "x.md")
        }
    }
}
