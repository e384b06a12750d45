import Foundation
import HarmonixCore

/// Encoding of minds (``StatefulOrganism/MindState``) to the JSON the harness stores in a
/// checkpoint, one document per organism (and one for the hub).
public enum CascadeMinds {
    /// Name of MetaHarmonix's hub (the combined field) among the minds.
    public static let hubName = "meta"

    /// A mind the cascade needs is not in the checkpoint.
    public struct MissingMind: Error, CustomStringConvertible, Equatable {
        public var name: String
        public var description: String {
            "Checkpoint holds no state for '\(name)' - while restoring a checkpoint. It was written by another "
                + "cascade (other organisms); start a new run."
        }
    }

    /// Sorted keys and finite floats written as strings, so documents are stable and never fail on NaN.
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(value)
    }

    public static func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(type, from: data)
    }

    static func capture<O: Organism>(_ organism: O) async throws -> Data {
        try encode(await organism.captureState())
    }

    static func restore<O: Organism>(_ organism: O, from minds: [String: Data]) async throws {
        guard let data = minds[organism.name] else { throw MissingMind(name: organism.name) }
        try await organism.restoreState(decode(O.MindState.self, data))
    }
}

extension SoloCascade {
    public func captureMinds() async throws -> [String: Data] {
        [organism.name: try await CascadeMinds.capture(organism)]
    }

    public func restoreMinds(_ minds: [String: Data]) async throws {
        try await CascadeMinds.restore(organism, from: minds)
    }
}

extension MetaHarmonix {
    public func captureMinds() async throws -> [String: Data] {
        [haiku.name: try await CascadeMinds.capture(haiku),
         sonnet.name: try await CascadeMinds.capture(sonnet),
         prose.name: try await CascadeMinds.capture(prose),
         CascadeMinds.hubName: try CascadeMinds.encode(await hub.captureState())]
    }

    public func restoreMinds(_ minds: [String: Data]) async throws {
        try await CascadeMinds.restore(haiku, from: minds)
        try await CascadeMinds.restore(sonnet, from: minds)
        try await CascadeMinds.restore(prose, from: minds)
        guard let hubData = minds[CascadeMinds.hubName] else { throw CascadeMinds.MissingMind(name: CascadeMinds.hubName) }
        await hub.restoreState(try CascadeMinds.decode(CombinedField.self, hubData))
    }
}
