/// Splits text into lines at LF, dropping a CR before it (CRLF files). Works on Unicode scalars:
/// Swift treats "\r\n" as one `Character`, so `split(separator: "\n")` would not split it.
enum TextLines {
    static func split(_ text: String) -> [Substring] {
        text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { slice in
            var line = Substring(slice)
            if line.unicodeScalars.last == "\r" { line = Substring(line.unicodeScalars.dropLast()) }
            return line
        }
    }
}
