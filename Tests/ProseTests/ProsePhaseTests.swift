import Foundation
import HarmonixCore
import Testing

@testable import LlamaGGUF
@testable import Prose

/// PhaseTransitions (prose.md §3.5).
@Suite struct ProsePhaseTests {
    @Test func initialStateAndInfo() throws {
        let phases = try PhaseTransitions()
        #expect(phases.phase == .liquid)
        #expect(phases.temperatures == (0.8, 0.8))
        #expect(phases.stability == 0.7 && phases.transitionProbability == 0 && phases.duration == 0)
        let keys = phases.info.map(\.key)
        #expect(keys.contains("phase") && keys.contains("temperature_prose"))
        for phase in ProsePhase.allCases { #expect(phase.temperatures.prose > 0 && phase.temperatures.haiku > 0) }
    }

    @Test func trendIsTheLeastSquaresSlope() {
        #expect(PhaseTransitions.trend([0.1, 0.2]) == 0)
        #expect(abs(PhaseTransitions.trend([0.1, 0.2, 0.3]) - 0.1) < 1e-12)
        // np.polyfit([0,1,2,3], [1,0,2,1], 1)[0] = 0.2
        #expect(abs(PhaseTransitions.trend([1, 0, 2, 1]) - 0.2) < 1e-12)
    }

    @Test func liquidCoolsThenCrystallisesUnderHighQualityLowDissonance() throws {
        var phases = try PhaseTransitions()
        var rng = SeededGenerator(seed: 0)
        // Hand-computed: prob 0.25→×0.9=0.225, 0.475→0.4275, 0.6775→0.60975, 0.85975 > 0.7 at update 6.
        let expectedProbabilities = [0.0, 0.0, 0.225, 0.4275, 0.60975]
        let expectedTemperatures = [0.75, 0.7, 0.65, 0.6, 0.6]
        for k in 0..<5 {
            #expect(try phases.update(dissonance: 0.2, quality: 0.9, generator: &rng) == nil)
            #expect(abs(phases.transitionProbability - expectedProbabilities[k]) < 1e-12)
            #expect(abs(phases.proseTemperature - expectedTemperatures[k]) < 1e-12)
            #expect(phases.duration == k + 1)
        }
        #expect(abs(phases.stability - 0.95) < 1e-12)
        #expect(try phases.update(dissonance: 0.2, quality: 0.9, generator: &rng) == .crystalline)
        #expect(phases.phase == .crystalline && phases.temperatures == (0.5, 0.6))
        #expect(phases.stability == 0.5 && phases.transitionProbability == 0 && phases.duration == 0)
    }

    @Test func historiesKeepTwentyAndStateIsSavedEveryFiveUpdates() throws {
        let path = try FieldFixtures.temporaryDirectory().appendingPathComponent("state/phase_transitions.json").path
        var phases = try PhaseTransitions(statePath: path)
        var rng = SeededGenerator(seed: 1)
        for _ in 0..<4 { try phases.update(generator: &rng) }
        #expect(!FileManager.default.fileExists(atPath: path))
        try phases.update(generator: &rng)
        #expect(FileManager.default.fileExists(atPath: path))
        for i in 0..<20 { try phases.update(dissonance: Double(i) / 40, generator: &rng) }
        #expect(phases.dissonanceHistory.count == 20 && phases.dissonanceHistory.first == 0)
        let reloaded = try PhaseTransitions(statePath: path)
        #expect(reloaded.updates == 25 && reloaded.phase == phases.phase && reloaded.dissonanceHistory == phases.dissonanceHistory)
    }
}
