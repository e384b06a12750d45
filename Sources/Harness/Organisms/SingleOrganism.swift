import Foundation

/// The facade behind the single-organism commands (`haiku`, `sonnet`, `prose`, `generate`): model and
/// data lookup, field copies, seed and path rules live here, so the executable only parses
/// arguments and prints what these functions hand it.
///
/// Each function streams its report through `print` (stdout lines, in order) and `warn` (stderr
/// lines); a refused input is a ``SingleOrganismError``; a failure of an organism or engine is that
/// module's own error, passed through unchanged.
public enum SingleOrganism {
    /// Receives one output line (stdout or stderr, depending on the parameter it is given as).
    public typealias Lines = (String) -> Void

    /// `%.{digits}f`, or "-" when there is no value.
    static func fixed(_ value: Double?, _ digits: Int) -> String {
        value.map { String(format: "%.\(digits)f", $0) } ?? "-"
    }
}
