import Foundation

/// The syllable rule that decides how lines fill up (haiku.md §2.3): the `syllables` PyPI
/// package's `estimate`, floored at 1.
///
/// `n` = the number of vowel groups (`[aeiouy]+`) of the lowercased word; each SUB pattern that
/// matches *at the start* of the original-case word (Python `re.match`: anchored at index 0, not a
/// full match) subtracts one, each ADD pattern adds one; a result ≤ 0 becomes 1. Quirks that follow
/// from the anchoring are kept on purpose ("cial" fires only for words starting with "cial", ".ate$"
/// only for 4-letter words, "^mc" is listed twice). For example:
///
/// ```swift
/// SyllableCounter.shared.count("resonance")  // 4
/// SyllableCounter.shared.count("cloud")      // 1
/// ```
///
/// The generator caches the count per word, so the 152 regular expressions run once per new word.
public final class SyllableCounter: Sendable {
    /// A process-wide instance: the compiled patterns are immutable and thread-safe to share.
    public static let shared = SyllableCounter()

    private let subtract: [NSRegularExpression]
    private let add: [NSRegularExpression]

    public init() {
        subtract = SyllableCounter.subtractPatterns.map(SyllableCounter.compileAnchored)
        add = SyllableCounter.addPatterns.map(SyllableCounter.compileAnchored)
    }

    /// `max(1, estimate(word))`.
    public func count(_ word: String) -> Int {
        var groups = 0
        var inGroup = false
        for scalar in word.lowercased().unicodeScalars {
            let vowel: Bool
            switch scalar {
            case "a", "e", "i", "o", "u", "y": vowel = true
            default: vowel = false
            }
            if vowel && !inGroup { groups += 1 }
            inGroup = vowel
        }
        let ns = word as NSString
        let range = NSRange(location: 0, length: ns.length)
        for pattern in subtract where pattern.firstMatch(in: word, options: [.anchored], range: range) != nil {
            groups -= 1
        }
        for pattern in add where pattern.firstMatch(in: word, options: [.anchored], range: range) != nil {
            groups += 1
        }
        return groups <= 0 ? 1 : groups
    }

    private static func compileAnchored(_ pattern: String) -> NSRegularExpression {
        do {
            return try NSRegularExpression(pattern: "^(?:\(pattern))")
        } catch {
            preconditionFailure("Syllable pattern '\(pattern)' does not compile: \(error)")
        }
    }

    /// SUB (123 patterns), in the package's order.
    static let subtractPatterns: [String] = [
        "cial", "tia", "cius", "cious", "uiet", "gious", "geous", "priest", "giu", "dge", "ion", "iou",
        "sia$", ".che$", ".ched$", ".abe$", ".ace$", ".ade$", ".age$", ".aged$", ".ake$", ".ale$",
        ".aled$", ".ales$", ".ane$", ".ame$", ".ape$", ".are$", ".ase$", ".ashed$", ".asque$", ".ate$",
        ".ave$", ".azed$", ".awe$", ".aze$", ".aped$", ".athe$", ".athes$", ".ece$", ".ese$", ".esque$",
        ".esques$", ".eze$", ".gue$", ".ibe$", ".ice$", ".ide$", ".ife$", ".ike$", ".ile$", ".ime$",
        ".ine$", ".ipe$", ".iped$", ".ire$", ".ise$", ".ished$", ".ite$", ".ive$", ".ize$", ".obe$",
        ".ode$", ".oke$", ".ole$", ".ome$", ".one$", ".ope$", ".oque$", ".ore$", ".ose$", ".osque$",
        ".osques$", ".ote$", ".ove$", ".pped$", ".sse$", ".ssed$", ".ste$", ".ube$", ".uce$", ".ude$",
        ".uge$", ".uke$", ".ule$", ".ules$", ".uled$", ".ume$", ".une$", ".upe$", ".ure$", ".use$",
        ".ushed$", ".ute$", ".ved$", ".we$", ".wes$", ".wed$", ".yse$", ".yze$", ".rse$", ".red$",
        ".rce$", ".rde$", ".ily$", ".ely$", ".des$", ".gged$", ".kes$", ".ced$", ".ked$", ".med$",
        ".mes$", ".ned$", ".[sz]ed$", ".nce$", ".rles$", ".nes$", ".pes$", ".tes$", ".res$", ".ves$",
        "ere$",
    ]

    /// ADD (29 patterns), in the package's order ("^mc" twice, as in the package).
    static let addPatterns: [String] = [
        "ia", "riet", "dien", "ien", "iet", "iu", "iest", "io", "ii", "ily", ".oala$", ".iara$",
        ".ying$", ".earest", ".arer", ".aress", ".eate$", ".eation$", "[aeiouym]bl$", "[aeiou]{3}",
        "^mc", "ism", "^mc", "asm", "([^aeiouy])\\1l$", "[^l]lien", "^coa[dglx].", "[^gq]ua[^auieo]",
        "dnt$",
    ]
}
