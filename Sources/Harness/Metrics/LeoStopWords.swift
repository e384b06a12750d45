/// The word lists C Leo (`leo.c`) removes before computing its echo ratio (V5, `metrics.md` §1.3).
///
/// Kept verbatim from the spec: `LEO_FUNCTION_WORDS` (`leo.c` ~L3265, added in `81b2908`) and
/// `SEM_STOP_WORDS` (`leo.c` ~L1384). Changing either list changes every V5 figure.
enum LeoStopWords {
    static let functionWords: [String] = """
        the a an is are was were be been am do does did have has had of to in on at by for from with \
        as and or but if so you your i my me he she it we they him her his its our this that what \
        which who why how when where not no yes about tell
        """.split(separator: " ").map(String.init)

    static let semanticStopWords: [String] = """
        the a an to of in for on at by from about into through during above between out off over \
        under again further here there when where all each both few more most some such so than too \
        just but if or while as until that this these those it its itself which who whom
        """.split(separator: " ").map(String.init)

    /// Union of both lists: a word in either one never counts on either side.
    static let excludedFromEcho: Set<String> = Set(functionWords).union(semanticStopWords)
}
