import Cascade
import Foundation

/// One lineage unit of a run: the prompts that share an evolving state (issue 14). Each unit has its
/// own field copies and minds per mode, created from the declared initial state when the unit
/// starts; no other unit reads or writes them.
public struct LineageUnit: Sendable, Hashable, Codable {
    /// The topic name, the prompt id, or `run`.
    public var id: String
    /// Prompt ids of the unit, in manifest order.
    public var promptIDs: [String]
    /// Folder of the unit's state under `fields/` and `checkpoints/` (`<folder>/<mode>`); empty for
    /// lineage `run`, whose folders stay `fields/<mode>` as before issue 14.
    public var folder: String

    enum CodingKeys: String, CodingKey { case id, promptIDs = "prompts", folder }

    /// Where `mode`'s state of this unit lives, relative to `fields/` or `checkpoints/`.
    public func slot(_ mode: CascadeMode) -> String {
        folder.isEmpty ? mode.rawValue : (folder as NSString).appendingPathComponent(mode.rawValue)
    }

    /// The units of `prompts` (the plan's, after filter and limit) under `lineage`, in manifest order.
    /// Folders are `u<k>-<id>` (k = position, the id with anything but letters, digits, `.`, `_`, `-`
    /// replaced by `_`), so they are unique and stable across shards of the same plan.
    public static func units(of prompts: [ExperimentPrompt], lineage: Lineage) -> [LineageUnit] {
        switch lineage {
        case .run:
            return [LineageUnit(id: "run", promptIDs: prompts.map(\.id), folder: "")]
        case .prompt:
            return prompts.enumerated().map { k, prompt in
                LineageUnit(id: prompt.id, promptIDs: [prompt.id], folder: folderName(k, prompt.id))
            }
        case .topic:
            var order: [String] = []
            var members: [String: [String]] = [:]
            for prompt in prompts {
                if members[prompt.topic] == nil { order.append(prompt.topic) }
                members[prompt.topic, default: []].append(prompt.id)
            }
            return order.enumerated().map { k, topic in
                LineageUnit(id: topic, promptIDs: members[topic] ?? [], folder: folderName(k, topic))
            }
        }
    }

    static func folderName(_ index: Int, _ id: String) -> String {
        let safe = String(id.map { $0.isLetter || $0.isNumber || "._-".contains($0) ? $0 : "_" })
        let digits = String(index)
        return "u" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits + "-" + safe
    }
}
