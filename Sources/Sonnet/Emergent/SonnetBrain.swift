import Foundation
import HarmonixCore

/// The quality scorer (spec §4.3): a trained 8 → 16 → 8 → 1 MLP of tanh neurons, sigmoid on top,
/// over eight text features. It never changes text; in the chat turn it blends the quality.
///
/// Parameters come from the original's `sonnetbrain.json` (289 floats, layer by layer, neuron by
/// neuron, each neuron's weights then its bias); the path is the user's choice.
///
/// ```swift
/// let brain = try SonnetBrain(contentsOf: "../shared/data/sonnet/sonnetbrain.json")
/// let s = brain.score(sonnet)      // in (0.269, 0.731)
/// ```
public struct SonnetBrain: Sendable {
    public static let layerSizes = [8, 16, 8, 1]
    public static let parameterCount = 289
    static let archaicWords: Set<String> = ["thou", "thy", "thee", "art", "doth", "hath", "tis", "ere", "wherefore", "hence", "thence", "whence"]

    private let parameters: [Double]
    public let observations: Int

    public init(parameters: [Double], observations: Int = 0) {
        precondition(parameters.count == Self.parameterCount, "SonnetBrain needs exactly 289 parameters")
        self.parameters = parameters
        self.observations = observations
    }

    /// - throws: ``SonnetError/stateFile(path:detail:)`` when the file is missing, not JSON, or its
    ///   `parameters` array does not hold 289 numbers.
    public init(contentsOf path: String) throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw SonnetError.stateFile(path: path, detail: "cannot read the SonnetBrain state")
        }
        guard let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let params = json["parameters"] as? [Double]
        else { throw SonnetError.stateFile(path: path, detail: "no 'parameters' array of numbers") }
        guard params.count == Self.parameterCount else {
            throw SonnetError.stateFile(path: path, detail: "\(params.count) parameters, expected \(Self.parameterCount)")
        }
        self.init(parameters: params, observations: json["observations"] as? Int ?? 0)
    }

    /// The eight features, normalised as the MLP reads them.
    public static func features(_ sonnet: String) -> [Double] {
        let lines = PythonText.strip(sonnet, .swiftCharacters).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let words = PythonText.lowerSplit(sonnet, .swiftCharacters)
        let syllables = lines.map { Double(Syllables.countAtLeastOne($0)) }
        let meanSyl = syllables.isEmpty ? 0 : syllables.reduce(0, +) / Double(syllables.count)
        let varSyl = syllables.isEmpty ? 0 : syllables.map { ($0 - meanSyl) * ($0 - meanSyl) }.reduce(0, +) / Double(syllables.count)
        let n = Double(words.count)
        let meanWordLength = words.isEmpty ? 0 : Double(words.reduce(0) { $0 + $1.count }) / n
        let uniqueRatio = words.isEmpty ? 0 : Double(Set(words).count) / n
        let archaic = words.isEmpty ? 0 : Double(words.filter { archaicWords.contains($0) }.count) / n
        var overlaps: [Double] = []
        if lines.count > 1 {
            for i in 0..<(lines.count - 1) {
                let a = Set(PythonText.lowerSplit(lines[i], .swiftCharacters)), b = Set(PythonText.lowerSplit(lines[i + 1], .swiftCharacters))
                overlaps.append(Double(a.intersection(b).count) / Double(max(a.union(b).count, 1)))
            }
        }
        let coherence = overlaps.isEmpty ? 0 : overlaps.reduce(0, +) / Double(overlaps.count)
        return [Double(lines.count) / 14, meanSyl / 15, min(varSyl / 5, 1), meanWordLength / 10, uniqueRatio, archaic, coherence, 0.5]
    }

    /// The tanh output of the MLP for a feature vector.
    func forward(_ input: [Double]) -> Double {
        TanhMLP.output(input, parameters: parameters, sizes: Self.layerSizes, bias: .last)
    }

    /// sigmoid(MLP(features)) ∈ (0.269, 0.731).
    public func score(_ sonnet: String) -> Double {
        1 / (1 + exp(-forward(Self.features(sonnet))))
    }
}
