/// A single-organism command refused its input (unreadable prompt file, `--from` without `--db`,
/// a model path that is not a model file). The executable prints ``message`` and exits 1 (usage
/// mistakes, exit 64, stay in the executable's own `validate()`).
public struct SingleOrganismError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
