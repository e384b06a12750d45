/// One entry of a GGUF file's tensor table.
///
/// `dimensions[0]` (ggml's ne0) is the row length: a 2-D tensor listed as (ne0, ne1) is ne1 rows of
/// ne0 values, and `y = W·x` is one dot product per row.
public struct GGUFTensorInfo: Sendable, Equatable {
    public let name: String
    public let dimensions: [Int]
    /// ggml type code as stored; `type` is nil for codes this engine does not support.
    public let rawType: UInt32
    /// Offset of the data relative to the start of the (aligned) data section.
    public let offset: Int

    public var type: GGMLType? { GGMLType(rawValue: rawType) }
    public var elementCount: Int { dimensions.reduce(1, *) }
    public var rowLength: Int { dimensions.first ?? 1 }
    public var rowCount: Int { elementCount / max(rowLength, 1) }
}
