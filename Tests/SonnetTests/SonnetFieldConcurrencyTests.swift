import HarmonixCore
import Testing
@testable import NanoGPTEngine
@testable import Sonnet

/// cascade.md §3.4, "Concurrency, Sonnet": the 14-line demo sonnet, then 5 parallel add_sonnet.
@Suite("SonnetField concurrency")
struct SonnetFieldConcurrencyTests {
    @Test("1 + 5 parallel add_sonnet: 6 sonnets, vocab 88, 84 lines in 1…14 per sonnet, trigram counts")
    func parallelAdds() async throws {
        let field = try SonnetField(path: Fixtures.temporaryDatabasePath())
        let first = try await field.addSonnet(Fixtures.hamletSonnet, quality: 0.8, dissonance: 0.98929, temperature: 1.0, addedBy: "test")
        #expect(first == 1)
        #expect(try await field.stats().vocabSize == 81)
        #expect(try await field.cloudVocabulary().count == 82)

        let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
            for i in 0..<5 {
                group.addTask {
                    try await field.addSonnet(
                        String(repeating: "Test sonnet \(i)\n", count: 14), quality: 0.5 + Double(i) * 0.1,
                        addedBy: "concurrent_\(i)")
                }
            }
            var ids: [Int64] = []
            for try await id in group { ids.append(id) }
            return ids
        }
        #expect(Set(ids) == Set(2...6))

        let stats = try await field.stats()
        #expect(stats.sonnetCount == 6)
        #expect(stats.vocabSize == 88)
        #expect(try await field.cloudVocabulary().count == 89)
        #expect(try await field.lineRowCount() == 84)
        let lines = try await field.lineNumbersBySonnet()
        #expect(lines.count == 6)
        for id in Int64(1)...6 { #expect(lines[id] == Array(1...14), "sonnet \(id)") }
        for i in 0..<5 {
            #expect(try await field.trigramCount(Trigram("test", "sonnet", "\(i)")) == 14)
            #expect(try await field.trigramCount(Trigram("\(i)", "test", "sonnet")) == 13)
            #expect(try await field.trigramCount(Trigram("sonnet", "\(i)", "test")) == 13)
        }
    }
}
