import Foundation
import HarmonixCore
import Testing
@testable import Haiku

/// HAiKU's declared mind (issue 10): captured after some turns, JSON round-tripped and restored
/// into a fresh organism over a copy of the field, the next turn is the original's, bit for bit;
/// the same fresh organism without the restore turns differently.
@Suite("HAiKU mind state")
struct HaikuMindStateTests {
    static let prompts = ["the ocean speaks in waves of light", "why is the night so quiet",
                          "write about a broken clock", "what is resonance", "a door left open in the rain"]

    /// A copy of `from`'s quiescent WAL database (main file and log) into `to`.
    static func copyField(_ from: TemporaryFolder, _ to: TemporaryFolder) throws {
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: from.databasePath + suffix) {
            try FileManager.default.copyItem(atPath: from.databasePath + suffix, toPath: to.databasePath + suffix)
        }
    }

    @Test("capture → JSON → restore: the next turn equals the uninterrupted organism's")
    func roundTrip() async throws {
        let a = TemporaryFolder(), b = TemporaryFolder(), c = TemporaryFolder()
        defer { a.remove(); b.remove(); c.remove() }
        let original = try makeOrganism(in: a)
        for (i, prompt) in Self.prompts.dropLast().enumerated() {
            _ = try await original.compose(TurnRequest(prompt: prompt, seed: UInt64(100 + i)))
        }
        let json = try JSONEncoder().encode(await original.captureState())
        let state = try JSONDecoder().decode(HaikuMindState.self, from: json)
        #expect(state.turnCounter == 4)
        #expect(state.brain.observations == (await original.mathBrainObservations))
        try Self.copyField(a, b)
        try Self.copyField(a, c)

        let restored = try makeOrganism(in: b)
        try await restored.restoreState(state)
        let fresh = try makeOrganism(in: c)

        let request = TurnRequest(prompt: Self.prompts.last!, seed: 999)
        let expected = try await original.compose(request)
        let got = try await restored.compose(request)
        let unrestored = try await fresh.compose(request)
        #expect(got.turn == expected.turn && got.haiku == expected.haiku)
        #expect(got.candidates == expected.candidates && got.reflection == expected.reflection)
        #expect(got.mathBrainLoss == expected.mathBrainLoss && got.dissonance == expected.dissonance)
        #expect(got.dream == expected.dream && got.vocabSize == expected.vocabSize)
        // Without the mind: turn 1 again, an untrained MathBrain, a chain reloaded in table order.
        #expect(unrestored.turn == 1)
        #expect(unrestored.mathBrainLoss != expected.mathBrainLoss)
        // And the minds after the turn agree too.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let after = String(decoding: try encoder.encode(await restored.captureState()), as: UTF8.self)
        let expectedAfter = String(decoding: try encoder.encode(await original.captureState()), as: UTF8.self)
        if after != expectedAfter {
            let diff = zip(after, expectedAfter).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? 0
            Issue.record("minds differ at \(diff): \(after.dropFirst(max(0, diff - 80)).prefix(160)) vs \(expectedAfter.dropFirst(max(0, diff - 80)).prefix(160))")
        }
    }

    @Test("A brain of another size is refused with a clear error")
    func mismatchRefused() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let organism = try makeOrganism(in: folder)
        let json = try JSONEncoder().encode(await organism.captureState())
        var object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        var brain = try #require(object["brain"] as? [String: Any])
        var mlp = try #require(brain["mlp"] as? [String: Any])
        mlp["sizes"] = [5, 4, 1]
        brain["mlp"] = mlp
        object["brain"] = brain
        let edited = try JSONDecoder().decode(HaikuMindState.self, from: JSONSerialization.data(withJSONObject: object))
        await #expect(throws: MindStateMismatch.self) { try await organism.restoreState(edited) }
    }
}
