import Cascade
import Foundation
import HarmonixCore

/// One cascade to run: a prompt in a mode at a repeat, with its organisms' seeds.
public struct RunCell: Sendable, Hashable {
    public var prompt: ExperimentPrompt
    public var mode: CascadeMode
    /// 0-based repeat; negative for warmup cascades (−1, −2, …), which are never recorded.
    public var repeatIndex: Int
    /// Position of `mode` inside its (prompt, repeat) group in the seeded A/B order.
    public var order: Int
    /// Organism (and "meta") → seed of its stream (``SeedDerivation``).
    public var seeds: [String: UInt64]

    public var key: CellKey { CellKey(promptID: prompt.id, mode: mode, repeatIndex: repeatIndex) }
    public var isWarmup: Bool { repeatIndex < 0 }
}

/// The matrix of a run: prompts × modes × repeats in execution order, plus the warmup cascades.
///
/// Order (harness.md §4.2): repeat-major (every prompt once, then again), and inside each
/// (prompt, repeat) the modes back to back in a seeded random order, so slow drift of the machine
/// hits every mode alike. Seeds depend on (experiment seed, prompt, repeat, organism) only, never
/// on the mode or the order (overview decision 4), so `sync` and `async-parity` draw identical
/// streams. A resumed run gets the same seeds, but it does not yet reproduce what it skipped (the
/// fields and organism state are not restored).
public struct RunPlan: Sendable {
    public var warmup: [RunCell]
    public var cells: [RunCell]

    /// Seed names besides the organisms: the meta sentence's stream.
    public static let metaStream = "meta"
    /// Seed name of the A/B order shuffle.
    static let orderStream = "order"

    /// - parameter filter: regex on prompt ids (overrides the manifest's); `limit`: first N prompts after it.
    /// - throws: ``RunError/invalidFilter(_:)``, ``RunError/noPrompts(filter:)``.
    public static func make(manifest: Manifest, seed: UInt64, repeats: Int, filter: String?, limit: Int?) throws -> RunPlan {
        var prompts = manifest.prompts
        if let pattern = filter ?? manifest.filter {
            guard let regex = try? NSRegularExpression(pattern: pattern) else { throw RunError.invalidFilter(pattern) }
            prompts = prompts.filter {
                regex.firstMatch(in: $0.id, range: NSRange($0.id.startIndex..., in: $0.id)) != nil
            }
        }
        if let limit { prompts = Array(prompts.prefix(max(0, limit))) }
        guard !prompts.isEmpty else { throw RunError.noPrompts(filter: filter ?? manifest.filter) }
        // `--repeats` bypasses the manifest's validation: bound the plan before building it.
        let count = ManifestLimits.cascadeCount(prompts: prompts.count, modes: manifest.modes.count,
                                                repeats: repeats, warmup: manifest.warmup)
        guard repeats <= ManifestLimits.repeats, count <= ManifestLimits.cascades else {
            throw RunError.tooManyCascades(repeats: repeats, cascades: count)
        }

        func seeds(_ prompt: ExperimentPrompt, _ repeatIndex: Int) -> [String: UInt64] {
            cascadeSeeds(manifest, experiment: seed, prompt: prompt.text, repeat: repeatIndex)
        }

        var cells: [RunCell] = []
        for repeatIndex in 0..<repeats {
            for prompt in prompts {
                var generator = SeededGenerator(seed: SeedDerivation.seed(
                    experiment: seed, prompt: prompt.id, repeat: repeatIndex, organism: orderStream))
                let modes = shuffled(manifest.modes, using: &generator)
                let cellSeeds = seeds(prompt, repeatIndex)
                for (order, mode) in modes.enumerated() {
                    cells.append(RunCell(prompt: prompt, mode: mode, repeatIndex: repeatIndex, order: order, seeds: cellSeeds))
                }
            }
        }
        var warmup: [RunCell] = []
        for round in 0..<manifest.warmup {
            let prompt = prompts[round % prompts.count]
            let repeatIndex = -(round + 1)
            for (order, mode) in manifest.modes.enumerated() {
                warmup.append(RunCell(prompt: prompt, mode: mode, repeatIndex: repeatIndex, order: order,
                                      seeds: seeds(prompt, repeatIndex)))
            }
        }
        return RunPlan(warmup: warmup, cells: cells)
    }

    /// The seed of every stream of one cascade (each organism's, then ``metaStream``), derived from
    /// the experiment seed, the prompt text and the repeat only (overview decision 4). The runner,
    /// `bench cascade` and `stress` all seed their cascades through this.
    static func cascadeSeeds(_ manifest: Manifest, experiment seed: UInt64, prompt: String, repeat index: Int) -> [String: UInt64] {
        Dictionary(uniqueKeysWithValues: (manifest.organismNames + [metaStream]).map {
            ($0, SeedDerivation.seed(experiment: seed, prompt: prompt, repeat: index, organism: $0))
        })
    }

    /// Fisher–Yates with the seeded generator (never the stdlib's unseeded shuffle).
    static func shuffled<T>(_ items: [T], using generator: inout SeededGenerator) -> [T] {
        var items = items
        guard items.count > 1 else { return items }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, generator.nextInt(below: i + 1))
        }
        return items
    }
}
