import Cascade
import Foundation
import HarmonixCore
import Testing
@testable import Harness

@Suite("CSV export")
struct ExportCSVTests {
    @Test("SHA-256 matches the FIPS 180-4 examples")
    func sha256() {
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("A row with commas, quotes and newlines survives a write/read round trip")
    func roundTrip() throws {
        let format = TurnsCSV(variants: [.v3, .v4])
        let text = "Line one, with a comma\nand \"quotes\" on line two"
        let row = TurnRow(runID: "r", experiment: "e", promptID: "t/1", topic: "t", prompt: "What, \"now\"?",
                          mode: .asyncParity, repeatIndex: 2, order: 1, stage: "prose", stageIndex: 2, seed: 123,
                          input: "ctx", output: text, externalVocab: [.v3: 0.25, .v4: 0.125], dissonance: 0.5,
                          temperature: 0.9, quality: nil, latencySeconds: 1.2345, fieldSize: 42,
                          extras: [NamedValue("pulse_entropy", 0.5), NamedValue("latency_meta_s", 0.001)], status: .ok)
        let dir = try RunnerFixtures.temporaryDirectory()
        let path = dir.appendingPathComponent("turns.csv").path
        let appender = try CSVAppender(path: path, header: format.header)
        try appender.append(format.fields(row))
        try appender.append(format.fields(row))
        let back = try TurnsCSV.read(path: path)
        #expect(back.rows.count == 2)
        let read = try #require(back.rows.first)
        #expect(read.output == text)
        #expect(read.prompt == "What, \"now\"?")
        #expect(read.mode == .asyncParity)
        #expect(read.externalVocab == [.v3: 0.25, .v4: 0.125])
        #expect(read.isOptimal(.v4) == true)
        #expect(read.isOptimal(.v3) == false)
        #expect(abs((read.latencySeconds ?? 0) - 1.2345) < 1e-9)
        #expect(read.quality == nil)
        #expect(read.inputSHA256 == SHA256.hex("ctx"))
        #expect(read.outputCharacters == text.count)
        let raw = try String(contentsOfFile: path, encoding: .utf8)
        #expect(raw.hasPrefix(format.header.joined(separator: ",") + "\n"))
        #expect(raw.contains(",\"Line one, with a comma\nand \"\"quotes\"\" on line two\","))
        #expect(raw.contains(",0.250000,0.125000,false,true,0.500000,0.900000,,1234.500,42,pulse_entropy=0.500000;latency_meta_s=0.001000,ok,\n"))
        #expect(read.extras == [NamedValue("pulse_entropy", 0.5), NamedValue("latency_meta_s", 0.001)])
    }

    @Test("Extras that are not finite numbers are written empty and read back as NaN")
    func extrasWithMissingValuesRoundTrip() throws {
        let extras = [NamedValue("formatted", 0), NamedValue("brain_score", .nan), NamedValue("pulse_arousal", 3.75)]
        let text = TurnsCSV.encodeExtras(extras)
        #expect(text == "formatted=0.000000;brain_score=;pulse_arousal=3.750000")
        let decoded = try #require(TurnsCSV.decodeExtras(text))
        #expect(decoded.map(\.name) == ["formatted", "brain_score", "pulse_arousal"])
        #expect(decoded[0].value == 0 && decoded[1].value.isNaN && decoded[2].value == 3.75)
        #expect(TurnsCSV.decodeExtras("=1.0") == nil)
        #expect(TurnsCSV.decodeExtras("score=abc") == nil)
    }

    @Test("A malformed value names its row and column")
    func badValue() throws {
        let format = TurnsCSV(variants: [.v4])
        var fields = format.fields(TurnRow(runID: "r", experiment: "e", promptID: "t/1", topic: "t", prompt: "p",
                                           mode: .sync, repeatIndex: 0, order: 0, stage: "haiku", stageIndex: 0,
                                           seed: 1, input: "", output: "x", status: .ok))
        fields[format.header.firstIndex(of: "repeat")!] = "two"
        let dir = try RunnerFixtures.temporaryDirectory()
        let path = dir.appendingPathComponent("turns.csv").path
        try CSVFile.write(header: format.header, rows: [fields], to: path)
        #expect(throws: ExportError.self) { try TurnsCSV.read(path: path) }
        do {
            _ = try TurnsCSV.read(path: path)
        } catch {
            #expect("\(error)".contains("Bad value 'two' in column 'repeat'"))
            #expect("\(error)".contains("row 2"))
        }
    }
}
