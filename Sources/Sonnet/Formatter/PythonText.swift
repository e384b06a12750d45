/// Python's `str.strip()`, `str.split()` and `str.lower().split()` as the original uses them:
/// whitespace = Unicode whitespace, runs collapse, no empty tokens.
public enum PythonText {
    public static func strip(_ s: String) -> String {
        var sub = Substring(s)
        while let f = sub.first, f.isWhitespace { sub = sub.dropFirst() }
        while let l = sub.last, l.isWhitespace { sub = sub.dropLast() }
        return String(sub)
    }

    public static func split(_ s: String) -> [String] {
        s.split(whereSeparator: { $0.isWhitespace }).map(String.init)
    }

    /// Field words (spec §3.2): lowercase, split on whitespace, punctuation stays attached.
    public static func words(_ s: String) -> [String] { split(s.lowercased()) }

    /// `f"{x:.1f}"` for the small positive numbers the formatter prints.
    static func oneDecimal(_ x: Double) -> String {
        let tenths = (x * 10).rounded(.toNearestOrEven)
        let whole = Int(tenths) / 10, frac = abs(Int(tenths)) % 10
        return "\(whole).\(frac)"
    }
}
