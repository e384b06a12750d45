import Testing
@testable import Harness

/// Hand-computed cases for each variant (worked out in the comments).
@Suite struct MetricsExternalVocabTests {
    // tok_py(prompt) = [the, cat, sat, the, mat] ("on" is too short) → P = {the, cat, sat, mat}
    // tok_py(reply)  = [the, cat, the, cat, dog] ("A" is too short) → types {the, cat, dog}
    let prompt = "The cat sat on the mat"
    let reply = "The cat, the cat! A dog."

    @Test func tokenLevelV3CountsRepeats() {
        // echoes: the, cat, the, cat = 4 of 5 tokens
        #expect(ExternalVocab.score(prompt: prompt, reply: reply, variant: .v3) == 4.0 / 5)
    }

    @Test func typeLevelV2AndV1V4WithoutHistory() {
        // {the, cat} of {the, cat, dog}
        for variant in [MetricVariant.v1, .v2, .v4] {
            #expect(ExternalVocab.score(prompt: prompt, reply: reply, variant: variant) == 2.0 / 3)
        }
    }

    @Test func historyCountsForV1V4OnlyAndOnlyTheLastThree() {
        // "dog" in history → all 3 reply types echo under V1/V4; V2/V3 ignore history.
        let recent = ["A dog barks"]
        #expect(ExternalVocab.score(prompt: prompt, reply: reply, history: recent, variant: .v4) == 1)
        #expect(ExternalVocab.score(prompt: prompt, reply: reply, history: recent, variant: .v1) == 1)
        #expect(ExternalVocab.score(prompt: prompt, reply: reply, history: recent, variant: .v2) == 2.0 / 3)
        #expect(ExternalVocab.score(prompt: prompt, reply: reply, history: recent, variant: .v3) == 4.0 / 5)
        // "dog" only in the 4th-last message: outside the window of 3.
        let older = ["A dog barks", "one", "two", "three"]
        #expect(ExternalVocab.score(prompt: prompt, reply: reply, history: older, variant: .v4) == 2.0 / 3)
    }

    @Test func v5UsesContentWordsOnly() {
        // prompt words {cat, sat, mat} ("the", "on" removed); reply words [cat, cat, dog] → 2/3
        #expect(ExternalVocab.score(prompt: prompt, reply: reply, variant: .v5) == 2.0 / 3)
    }

    @Test func v5KeepsAtMost128DistinctPromptWords() {
        // 128 distinct filler words first, then "zebra": the 129th distinct word is not kept.
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        let fillers: [String] = (0..<128).map { (i: Int) -> String in
            "word" + String(letters[i % 26]) + String(letters[i / 26])
        }
        #expect(Set(fillers).count == 128)
        let longPrompt = (fillers + ["zebra"]).joined(separator: " ")
        #expect(ExternalVocab.score(prompt: longPrompt, reply: "zebra", variant: .v5) == 0)
        #expect(ExternalVocab.score(prompt: longPrompt, reply: fillers[127], variant: .v5) == 1)
    }

    @Test func emptyReplySideIsNilNotZero() {
        for variant in MetricVariant.allCases {
            #expect(ExternalVocab.score(prompt: prompt, reply: "", variant: variant) == nil)
            #expect(ExternalVocab.score(prompt: prompt, reply: "ok I", variant: variant) == nil)
            #expect(ExternalVocab.leoCompatibleScore(prompt: prompt, reply: "", variant: variant) == 0)
            let turn = ExternalVocab.turnScore(prompt: prompt, reply: "", variant: variant)
            #expect(turn.outcome == .empty && !turn.isOptimal && turn.leoCompatibleIsOptimal)
        }
    }

    /// Leo's "..." reply tokenizes to {""}: scored (0.0), and an echo when the prompt holds one too.
    @Test func ellipsisReplyIsTheEmptyToken() {
        #expect(ExternalVocab.score(prompt: "Hmm well", reply: "...", variant: .v3) == 0)
        #expect(ExternalVocab.score(prompt: "Hmm ... well", reply: "...", variant: .v3) == 1)
        // V5 sees no word in "...": empty.
        #expect(ExternalVocab.score(prompt: "Hmm ... well", reply: "...", variant: .v5) == nil)
    }

    @Test func optimalIsStrictlyBelowPointTwoUnrounded() {
        // 1 echo in 5 tokens = exactly 0.2: not optimal.
        let fifth = ExternalVocab.turnScore(prompt: "river", reply: "river stone cloud light wind", variant: .v3)
        #expect(fifth.value == 0.2)
        #expect(!fifth.isOptimal)
        #expect(ExternalVocab.isOptimal(0.19999999))
        #expect(!ExternalVocab.isOptimal(0.2))
        #expect(ExternalVocab.isOptimal(0.0))
    }

    @Test func variantNamesAndCoding() throws {
        #expect(MetricVariant.allCases.map(\.rawValue) == ["v1", "v2", "v3", "v4", "v5"])
        #expect(MetricVariant(name: "V4") == .v4)
        #expect(MetricVariant(name: "v6") == nil)
        #expect(MetricVariant.v4.displayName == "V4")
    }
}
