import Testing
@testable import NanoGPTEngine
@testable import Sonnet

/// Formatter behaviours of sonnet.md §6 B (the original's test_formatter.py, as exact values).
@Suite("SonnetFormatter")
struct SonnetFormatterTests {
    @Test("clean_line keeps plain lines and rejects empty ones")
    func plainAndEmpty() {
        #expect(SonnetFormatter.cleanLine("To be or not to be, that is the question.") == "To be or not to be, that is the question.")
        #expect(SonnetFormatter.cleanLine("") == nil)
        #expect(SonnetFormatter.cleanLine("   ") == nil)
        #expect(SonnetFormatter.cleanLine("  Padded line here  ") == "Padded line here")
    }

    @Test("speaker headers: the text after the first colon, or nil")
    func speakerHeaders() {
        #expect(SonnetFormatter.cleanLine("HAMLET: To be or not to be") == "To be or not to be")
        #expect(SonnetFormatter.cleanLine("SOM'LEY: What ho, good sir!") == "What ho, good sir!")
        #expect(SonnetFormatter.cleanLine("FIRST-CITIZEN: Hear ye!") == "Hear ye!")
        #expect(SonnetFormatter.cleanLine("GLOUCESTER:") == nil)
        #expect(SonnetFormatter.cleanLine("ROMEO: Hi") == nil)
        #expect(SonnetFormatter.cleanLine("JULIET: \"What light through yonder window breaks?\"")
            == "\"What light through yonder window breaks?\"")
        #expect(SonnetFormatter.cleanLine("KING: and lowercase after") == nil)
    }

    @Test("known names, stage directions, lowercase starts, short lines, early colons")
    func rejections() {
        #expect(SonnetFormatter.cleanLine("ROMEO and Juliet walk") == nil)        // rule 3: first token a known name
        #expect(SonnetFormatter.cleanLine("Lord, what fools these mortals be") != nil)  // "Lord," is not "LORD"
        #expect(SonnetFormatter.cleanLine("[Enter Hamlet]") == nil)
        #expect(SonnetFormatter.cleanLine("(aside)") == nil)
        #expect(SonnetFormatter.cleanLine("and then he said") == nil)
        #expect(SonnetFormatter.cleanLine("ab") == nil)
        #expect(SonnetFormatter.cleanLine("a") == nil)
        #expect(SonnetFormatter.cleanLine("Ab") == nil)                          // rule 6: length < 3
        #expect(SonnetFormatter.cleanLine("Son Edward: this is dialogue") == nil)
        // Colon at index 30 of 34 characters: in the second half, so kept (rule 7).
        #expect(SonnetFormatter.cleanLine("This line has a colon far away: ok") == "This line has a colon far away: ok")
    }

    @Test("extract_lines: order, headers, blanks, the max, stage directions")
    func extract() {
        #expect(SonnetFormatter.extractLines("Alpha line here\nBeta line here\nGamma line here").count == 3)
        #expect(SonnetFormatter.extractLines("First line here\nSecond line here").isEmpty)   // FIRST, SECOND: known names
        #expect(SonnetFormatter.extractLines("HAMLET: To be or not\nOPHELIA: Good my lord") == ["To be or not", "Good my lord"])
        #expect(SonnetFormatter.extractLines("Line one\n\n\nLine two\n") == ["Line one", "Line two"])
        let fifty = (1...50).map { "Line number \($0)" }.joined(separator: "\n")
        #expect(SonnetFormatter.extractLines(fifty, maxLines: 10).count == 10)
        #expect(SonnetFormatter.extractLines("Line one\n[Exit Hamlet]\nLine two") == ["Line one", "Line two"])
    }

    @Test("format_sonnet: 14 lines → 13 newlines; 9 → nil; 29 → the first 14")
    func formatSonnet() throws {
        let fourteen = (1...14).map { "Line \($0)" }
        #expect(SonnetFormatter.formatSonnet(fourteen)?.filter { $0 == "\n" }.count == 13)
        #expect(SonnetFormatter.formatSonnet(Array(fourteen.prefix(9))) == nil)
        let many = (1...29).map { "Line \($0)" }
        let sonnet = try #require(SonnetFormatter.formatSonnet(many))
        #expect(!sonnet.contains("Line 15"))
        #expect(sonnet.hasSuffix("Line 14"))
    }

    @Test("syllables: the fallback vowel-group count (values written out by hand)")
    func syllables() {
        #expect(Syllables.count("To be or not to be") == 6)
        #expect(Syllables.count("Shall I compare thee to a summer's day?") == 11)
        #expect(Syllables.count("My lord") == 2)
        #expect(Syllables.count("To be or not to be that is the question") == 11)
        #expect(Syllables.count("To be or not to be that is the question indeed") >= 12)
        #expect(Syllables.count("Hello world") == Syllables.count("Hello, world!"))
        #expect(SonnetField.countSyllables("To be or not to be that is the question") == 11)
    }

    @Test("meter: Sonnet 18 valid; 'Hi' and long lines invalid; 14 counts")
    func meter() {
        let sonnet18 = Array((0..<4).flatMap { _ in Fixtures.sonnet18Quatrain }.prefix(14))
        let (valid, counts) = SonnetFormatter.checkMeter(sonnet18)
        #expect(valid)
        #expect(counts.count == 14)
        #expect(!SonnetFormatter.checkMeter(Array(repeating: "Hi", count: 14)).valid)
        #expect(!SonnetFormatter.checkMeter(Array(repeating: "This is a very very very long line with many many syllables", count: 14)).valid)
        #expect(!SonnetFormatter.checkMeter([]).valid)
        let hamletMix = Array(Fixtures.hamletSonnet.split(separator: "\n").map(String.init).prefix(14))
        #expect(SonnetFormatter.checkMeter(hamletMix).valid)
    }

    @Test("format: headers stripped to 14 lines; bare headers → nil; validate_meter keeps the result")
    func format() {
        var raw: [String] = []
        for i in 1...14 {
            let speaker = ["GLOUCESTER", "HAMLET", "OPHELIA"][i % 3]
            raw.append("\(speaker):")
            raw.append("Content line number \(i) goes here")
        }
        let sonnet = SonnetFormatter.format(raw.joined(separator: "\n"))
        #expect(sonnet?.split(separator: "\n").count == 14)
        #expect(SonnetFormatter.format("HAMLET:\nOPHELIA:\nGLOUCESTER:\nOne line here\nTwo lines here") == nil)
        let lines = (1...14).map { "Line \($0) with ten syllables here now" }.joined(separator: "\n")
        #expect(SonnetFormatter.format(lines, validateMeter: true) != nil)
        #expect(SonnetFormatter.format(lines, validateMeter: true) == SonnetFormatter.format(lines))
    }

    @Test("validate: Sonnet 18 valid; 10 lines and 'Hi'×14 invalid with their reasons")
    func validate() {
        let sonnet18 = (0..<4).flatMap { _ in Fixtures.sonnet18Quatrain }.prefix(14).joined(separator: "\n")
        let ok = SonnetFormatter.validate(sonnet18)
        #expect(ok.valid && ok.reason == "Valid sonnet structure")
        let ten = (1...10).map { "Line \($0) of a short poem here" }.joined(separator: "\n")
        let short = SonnetFormatter.validate(ten)
        #expect(!short.valid && short.reason == "Expected 14 lines, got 10")
        let hi = SonnetFormatter.validate(Array(repeating: "Hi", count: 14).joined(separator: "\n"))
        #expect(!hi.valid && hi.reason == "Meter off (avg 1.0 syllables, expected ~10)")
    }
}
