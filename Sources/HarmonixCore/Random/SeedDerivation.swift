/// Derives the seed of one organism's PRNG stream in one cascade (overview decision 4).
///
/// The stream depends only on (experiment seed, prompt, repeat, organism name), never on the mode
/// or on the order cells run in, so `sync` and `async-parity` draw identical numbers. A resumed run
/// draws the same seeds, but does not yet reproduce the rows it skipped: the organisms' fields and
/// state are not restored to where the first run left them.
///
/// ```swift
/// let seed = SeedDerivation.seed(experiment: 42, prompt: "What is love?", repeat: 0, organism: "haiku")
/// var rng = SeededGenerator(seed: seed)
/// ```
public enum SeedDerivation {
    public static func seed(experiment: UInt64, prompt: String, repeat index: Int, organism: String) -> UInt64 {
        var mixer = SplitMix64(state: experiment)
        var h = mixer.next()
        h = combine(h, fnv1a(prompt))
        h = combine(h, UInt64(bitPattern: Int64(index)))
        h = combine(h, fnv1a(organism))
        return h
    }

    /// FNV-1a over the UTF-8 bytes: stable across runs and platforms (unlike `Hasher`).
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }

    private static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var mixer = SplitMix64(state: a ^ (b &* 0x9E37_79B9_7F4A_7C15))
        return mixer.next()
    }
}
