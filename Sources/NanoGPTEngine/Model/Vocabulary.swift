/// The 65-character vocabulary (spec §1.2): the sorted distinct characters of tiny-shakespeare,
/// hard-coded because the weights do not store it.
///
/// `encode` maps every Unicode scalar outside the table to the index of `" "` (1), as the
/// original does; `decode` concatenates table entries.
public enum Vocabulary {
    /// Index → character: "\n", " ", "!$&',-.3:;?", "A"…"Z", "a"…"z".
    public static let characters: [Character] = Array("\n !$&',-.3:;?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    /// Index of `" "`, used for characters outside the table.
    public static let unknownIndex = 1

    private static let indexByScalar: [Int] = {
        var table = [Int](repeating: unknownIndex, count: 128)
        for (i, ch) in characters.enumerated() {
            table[Int(ch.unicodeScalars.first!.value)] = i
        }
        return table
    }()

    public static func encode(_ text: String) -> [Int] {
        text.unicodeScalars.map { s in s.value < 128 ? indexByScalar[Int(s.value)] : unknownIndex }
    }

    public static func decode<S: Sequence>(_ ids: S) -> String where S.Element == Int {
        var s = ""
        for id in ids { s.append(characters[id]) }
        return s
    }
}
