import HarmonixCore

/// Something that runs the original's `generate(user_input, max_tokens, temperature)`:
/// ``ProseOrganism`` in the product, a scripted stand-in in tests.
public protocol ProseReflectionGenerator: Sendable {
    func generate(_ userInput: String, maxTokens: Int?, temperature: Double?, seed: UInt64) async throws -> String
}

extension ProseOrganism: ProseReflectionGenerator {}

/// One exchange MetaProse reflects on (the original's `interaction` dict; absent keys are `nil`).
public struct ProseInteraction: Sendable, Hashable {
    public var user: String?
    public var prose: String?
    public var dissonance: Double?
    public var pulse: PulseSnapshot?
    public var quality: Double?

    public init(user: String? = nil, prose: String? = nil, dissonance: Double? = nil, pulse: PulseSnapshot? = nil, quality: Double? = nil) {
        self.user = user
        self.prose = prose
        self.dissonance = dissonance
        self.pulse = pulse
        self.quality = quality
    }
}

/// A stored reflection: the formatted text and the user input it answered.
public struct ProseReflection: Sendable, Hashable {
    public var prose: String
    public var context: String
}

/// MetaProse (prose.md §3.1): after an interaction, generates a reflection through the normal
/// `generate` path and keeps it when it formats as valid prose (≥ 20 words), storing it as a
/// `metaprose` row (quality 0.6). Not on the original's live path: its only effect is extra field
/// rows (which can become the next recent seed). The bootstrap buffer is kept but never read by
/// generation, as in the original.
public actor MetaProse {
    public nonisolated let maxSnippets: Int
    /// Snippets are cut to this many code points.
    public nonisolated let maxSnippetLength = 300
    public private(set) var reflections: [ProseReflection] = []
    public private(set) var bootstrapBuffer: [String] = []
    private let generator: any ProseReflectionGenerator
    private let field: ProseField
    private let formatter = ProseFormatter()

    public init(generator: any ProseReflectionGenerator, field: ProseField, maxSnippets: Int = 5) {
        self.generator = generator
        self.field = field
        self.maxSnippets = maxSnippets
    }

    /// `reflect(interaction)`: feed the buffer, generate (`user` or "reflect on the field", 200
    /// tokens, T 0.9), keep the formatted text if valid. A generation error yields "" (the original
    /// prints and returns ""), as does an invalid reflection.
    public func reflect(_ interaction: ProseInteraction, seed: UInt64) async -> String {
        feedBootstrap(interaction)
        let input = interaction.user.flatMap { $0.isEmpty ? nil : $0 } ?? "reflect on the field"
        let raw: String
        do {
            raw = try await generator.generate(input, maxTokens: 200, temperature: 0.9, seed: seed)
        } catch {
            return ""
        }
        guard let text = formatter.format(raw) else { return "" }
        do {
            try await field.addProse(
                text, quality: 0.6, dissonance: interaction.dissonance ?? 0.5, temperature: 0.9, addedBy: "metaprose")
        } catch {
            return ""
        }
        reflections.append(ProseReflection(prose: text, context: input))
        return text
    }

    /// `_feed_bootstrap`: when the prose is non-empty and (d > 0.7 or arousal > 0.5 or quality > 0.7)
    /// (defaults 0.5), its first two `[.!?]+` fragments joined by ". " (≤ 300 code points) enter the
    /// ring buffer of `maxSnippets`.
    public func feedBootstrap(_ interaction: ProseInteraction) {
        guard let prose = interaction.prose, !prose.isEmpty else { return }
        let d = interaction.dissonance ?? 0.5
        let arousal = interaction.pulse?.arousal ?? 0
        let quality = interaction.quality ?? 0.5
        guard d > 0.7 || arousal > 0.5 || quality > 0.7 else { return }
        let snippet = PythonText.prefix(ProseSplit.fragments(prose).prefix(2).joined(separator: ". "), maxSnippetLength)
        bootstrapBuffer.append(snippet)
        if bootstrapBuffer.count > maxSnippets { bootstrapBuffer.removeFirst(bootstrapBuffer.count - maxSnippets) }
    }

    /// `get_recent_reflections(n)`.
    public func recentReflections(_ n: Int = 3) -> [ProseReflection] { Array(reflections.suffix(n)) }

    /// `get_bootstrap_state()`: the buffer joined by " ".
    public var bootstrapState: String { bootstrapBuffer.joined(separator: " ") }
}
