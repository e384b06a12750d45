import Testing
import HarmonixCore
@testable import Cascade

@Suite struct MetaHarmonixModeTests {
    private func cascade(barrier: ThreeWayBarrier? = nil, failing: String? = nil)
        -> MetaHarmonix<ScriptedOrganism, ScriptedOrganism, ScriptedOrganism>
    {
        MetaHarmonix(
            haiku: ScriptedOrganism(name: "haiku", failCompose: failing == "haiku", barrier: barrier),
            sonnet: ScriptedOrganism(name: "sonnet", failCompose: failing == "sonnet", barrier: barrier),
            prose: ScriptedOrganism(name: "prose", failCompose: failing == "prose", barrier: barrier))
    }

    @Test func syncChainsContextsAndParityReproducesSync() async throws {
        let prompts = ["What is love?", "Time", "What happens when we dream?"]
        let sync = cascade(), parity = cascade()
        for prompt in prompts {
            let a = try await sync.run(prompt: prompt, mode: .sync, seeds: seeds(prompt))
            let b = try await parity.run(prompt: prompt, mode: .asyncParity, seeds: seeds(prompt))
            // Sonnet hears P + haiku; Prose hears P + haiku + sonnet.
            #expect(a.stages[1].input == prompt + "\n" + a.stages[0].output)
            #expect(a.stages[2].input == [prompt, a.stages[0].output, a.stages[1].output].joined(separator: "\n"))
            #expect(a.stages.map(\.output) == b.stages.map(\.output))
            #expect(a.stages.map(\.input) == b.stages.map(\.input))
            #expect(a.stages.map(\.dissonance) == b.stages.map(\.dissonance))
            #expect(a.metaSentence == b.metaSentence)
            #expect(a.metrics.filter { $0.name != "exhale_failures" } == b.metrics.filter { $0.name != "exhale_failures" })
        }
    }

    @Test func asyncHandsEveryOrganismThePromptOnly() async throws {
        let record = try await cascade().run(prompt: "Love", mode: .async, seeds: seeds("Love"))
        #expect(record.stages.map(\.input) == ["Love", "Love", "Love"])
        #expect(record.stages.allSatisfy { !$0.output.isEmpty })
    }

    /// The blocking waits only all meet if the three inferences run on three threads at once (the
    /// pool here has two): async overlaps its stages on the organisms' own inference threads.
    @Test func asyncRunsThreeInferencesOnTheirOwnThreadsAtOnce() async throws {
        let barrier = ThreeWayBarrier()
        let c = cascade(barrier: barrier)
        _ = try await c.run(prompt: "Death", mode: .async, seeds: seeds("Death"))
        for organism in [c.haiku, c.sonnet, c.prose] {
            #expect(organism.sawOverlap == [true], "\(organism.name) composed alone: not in parallel")
            #expect(organism.composeThreads == ["own"])
        }
    }

    @Test func exhaleSendsTheMetaSentenceToEveryField() async throws {
        let c = cascade()
        let r1 = try await c.run(prompt: "a", mode: .sync, seeds: seeds("a"))
        let r2 = try await c.run(prompt: "b", mode: .async, seeds: seeds("b"))
        for organism in [c.haiku, c.sonnet, c.prose] {
            #expect(organism.absorbed == [r1.metaSentence!, r2.metaSentence!])
        }
        #expect(r2.latencies.map(\.name) == ["haiku", "sonnet", "prose", "inhale", "meta",
                                             "exhale_haiku", "exhale_sonnet", "exhale_prose", "exhale", "total"])
    }

    @Test func cascadeMetricsAreMeansOfTheStages() async throws {
        let record = try await cascade().run(prompt: "Time", mode: .sync, seeds: seeds("Time"))
        let ds = record.stages.compactMap(\.dissonance)
        #expect(ds.count == 3)
        let value = { (name: String) in record.metrics.first(where: { $0.name == name })?.value }
        #expect(value("global_resonance") == (3 - ds.reduce(0, +)) / 3)
        #expect(value("mean_dissonance") == ds.reduce(0, +) / 3)
        #expect(value("field_entropy") == 0.5)
    }

    @Test func aFailedStageIsRecordedAndDownstreamHearsNothing() async throws {
        let record = try await cascade(failing: "sonnet").run(prompt: "Love", mode: .sync, seeds: seeds("Love"))
        #expect(record.stages[1].output.isEmpty)
        #expect(record.stages[1].failure == "scripted failure of sonnet")
        #expect(record.stages[2].input == ["Love", record.stages[0].output, ""].joined(separator: "\n"))
        #expect(record.metrics.first(where: { $0.name == "mean_dissonance" })?.value
                == (record.stages[0].dissonance! + record.stages[2].dissonance!) / 2)
    }
}
