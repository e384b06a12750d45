import ProseKernelsC

/// A weight matrix inside the model mapping: `rows` rows of `cols` values of one GGML type.
///
/// `y = W·x` is one dot product per row. The activation vector is first brought into the format the
/// weight type pairs with (`ActivationType`): this happens once per input vector in
/// `ActivationScratch.prepare`, then every row's dot product reads the same quantised blocks.
public struct WeightMatrix: @unchecked Sendable {
    public let name: String
    public let type: GGMLType
    public let data: UnsafeRawPointer
    public let rows: Int
    public let cols: Int
    public let rowBytes: Int
    /// The 8-row interleaved copy the x8 kernels read (Q4_1, Q8_0; Q5_0 as Q8_0), made by `interleaved()`; `data`
    /// stays the row-major original (row lookups, the Swift oracle).
    public private(set) var interleavedRows: InterleavedRows?

    public init(_ tensor: GGUFTensor) {
        name = tensor.info.name
        type = tensor.type
        data = tensor.data
        rows = tensor.rows
        cols = tensor.cols
        rowBytes = tensor.rowBytes
    }

    /// This matrix with an 8-row interleaved copy for the x8 kernels (unchanged for other types).
    /// - parameter releaseSource: drop the row-major pages from memory once copied (mapped files only).
    public func interleaved(releaseSource: Bool) -> WeightMatrix {
        var m = self
        m.interleavedRows = InterleavedRows(type: type, src: data, rows: rows, cols: cols, rowBytes: rowBytes, releaseSource: releaseSource)
        return m
    }

    /// Row `r` as f32 values (embedding lookup, tests).
    public func dequantizeRow(_ r: Int, into dst: UnsafeMutablePointer<Float>) {
        precondition(r >= 0 && r < rows, "row \(r) out of range 0..<\(rows) of \(name)")
        let src = data + r * rowBytes
        switch type {
        case .f32: F32Kernel.dequantizeRow(src, dst, count: cols)
        case .f16: F16Kernel.dequantizeRow(src, dst, count: cols)
        case .q8_0: Q8_0Kernel.dequantizeRow(src, dst, count: cols)
        case .q4_0: Q4_0Kernel.dequantizeRow(src, dst, count: cols)
        case .q4_1: Q4_1Kernel.dequantizeRow(src, dst, count: cols)
        case .q5_0: Q5_0Kernel.dequantizeRow(src, dst, count: cols)
        case .q4_K: Q4_KKernel.dequantizeRow(src, dst, count: cols)
        case .q5_K: Q5_KKernel.dequantizeRow(src, dst, count: cols)
        case .q6_K: Q6_KKernel.dequantizeRow(src, dst, count: cols)
        }
    }

    /// y[r] = W[r]·x for r in `rowRange`, with `activations` prepared for this matrix's type.
    ///
    /// The reference (`useFastKernels == false`) path runs the Swift oracle kernels; the fast path
    /// uses the x8 C kernels on an interleaved copy (Q4_1, Q8_0), else the row-major C kernels (Q4_0,
    /// K-quants, or no copy) — all compute the same sums in the same lane order (K-quants: the same
    /// exact integer block sums and the same per-block float expression).
    public func multiply(rows rowRange: Range<Int>, activations: ActivationScratch, into y: UnsafeMutablePointer<Float>) {
        if activations.exactFloat {
            multiplyExact(rows: rowRange, x: activations.floats, into: y)
            return
        }
        precondition(activations.preparedType == type.activationType && activations.preparedCount == cols,
                     "activations prepared for \(String(describing: activations.preparedType)) × \(activations.preparedCount), matrix \(name) needs \(type.activationType) × \(cols)")
        let n = cols
        let a = UnsafeRawPointer(activations.bytes)
        let fast = activations.useFastKernels
        if fast, let x8 = interleavedRows {
            // Q4_1, Q8_0, and Q5_0 (its copy repacked as x8 Q8_0 by prose_pack_q5_0.c, read by the Q8_0 kernels).
            let matvec = x8.kind == PROSE_X8_Q4_1 ? prose_matvec_x8_q4_1 : prose_matvec_x8_q8_0
            matvec(Int32(n), x8.bytes, Int32(rows), Int32(rowRange.lowerBound), Int32(rowRange.upperBound), activations.expanded, y)
            return
        }
        switch type {
        case .f32:
            for r in rowRange { y[r] = F32Kernel.dot(n, data + r * rowBytes, activations.floats) }
        case .f16:
            for r in rowRange { y[r] = F16Kernel.dot(n, data + r * rowBytes, activations.floats) }
        case .q8_0:
            if fast {
                FastKernels.q8_0(rows: rowRange, n: n, weights: data, rowBytes: rowBytes, activations: a, into: y)
            } else {
                for r in rowRange { y[r] = Q8_0Kernel.dot(n, data + r * rowBytes, a) }
            }
        case .q4_0:
            if fast {
                FastKernels.q4_0(rows: rowRange, n: n, weights: data, rowBytes: rowBytes, activations: a, into: y)
            } else {
                for r in rowRange { y[r] = Q4_0Kernel.dot(n, data + r * rowBytes, a) }
            }
        case .q4_1:
            if fast {
                FastKernels.q4_1(rows: rowRange, n: n, weights: data, rowBytes: rowBytes, activations: a, into: y)
            } else {
                for r in rowRange { y[r] = Q4_1Kernel.dot(n, data + r * rowBytes, a) }
            }
        case .q5_0:
            for r in rowRange { y[r] = Q5_0Kernel.dot(n, data + r * rowBytes, a) }
        case .q4_K:
            if fast {
                prose_matvec_q4_K_q8_K(Int32(n), data, rowBytes, Int32(rowRange.lowerBound), Int32(rowRange.upperBound), a, y)
            } else {
                for r in rowRange { y[r] = Q4_KKernel.dot(n, data + r * rowBytes, a) }
            }
        case .q5_K:
            if fast {
                prose_matvec_q5_K_q8_K(Int32(n), data, rowBytes, Int32(rowRange.lowerBound), Int32(rowRange.upperBound), a, y)
            } else {
                for r in rowRange { y[r] = Q5_KKernel.dot(n, data + r * rowBytes, a) }
            }
        case .q6_K:
            if fast {
                prose_matvec_q6_K_q8_K(Int32(n), data, rowBytes, Int32(rowRange.lowerBound), Int32(rowRange.upperBound), a, y)
            } else {
                for r in rowRange { y[r] = Q6_KKernel.dot(n, data + r * rowBytes, a) }
            }
        }
    }
}

extension WeightMatrix {
    /// y[r] = dequantised W[r] · x in f32 (no activation quantisation): the arithmetic of the numpy
    /// reference `mini_llama.py`, used to check the forward pass against its exact-f32 golden logits.
    func multiplyExact(rows rowRange: Range<Int>, x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>) {
        let row = UnsafeMutablePointer<Float>.allocate(capacity: cols)
        defer { row.deallocate() }
        for r in rowRange {
            dequantizeRow(r, into: row)
            y[r] = F32Kernel.dot(cols, UnsafeRawPointer(row), x)
        }
    }
}

/// The input vector of a matrix-vector product in the format its weights pair with; allocated once.
public final class ActivationScratch: @unchecked Sendable {
    /// Raw blocks of the quantised vector (Q8_0 / Q8_1 / Q8_K).
    public let bytes: UnsafeMutableRawPointer
    /// The f32 copy (used by F32/F16 weights).
    public let floats: UnsafeMutablePointer<Float>
    /// Q8_0 / Q8_1 blocks expanded for the x8 kernels (`prose_expand_activations`), fast path only.
    public let expanded: UnsafeMutableRawPointer
    public let capacity: Int
    public private(set) var preparedType: ActivationType?
    public private(set) var preparedCount = 0
    /// false = Swift oracle kernels only (tests compare the two paths).
    public var useFastKernels: Bool
    /// true = no 8-bit activations: weights dequantised to f32 (`mini_llama.py` numerics; slow, for tests).
    public var exactFloat = false

    public init(capacity: Int, useFastKernels: Bool = true) {
        self.capacity = capacity
        // Q8_K is the widest quantised format: 292 bytes per 256 values.
        bytes = .allocate(byteCount: (capacity / 256 + 1) * Q8_KKernel.blockBytes + 64, alignment: 64)
        floats = .allocate(capacity: capacity)
        expanded = .allocate(byteCount: prose_x8_activation_bytes(Int32(capacity / 32 * 32 + 32)), alignment: 64)
        self.useFastKernels = useFastKernels
    }

    deinit {
        bytes.deallocate()
        floats.deallocate()
        expanded.deallocate()
    }

    /// Quantises (or copies) `x[0..<n]` for weights whose activation type is `type`.
    public func prepare(_ x: UnsafePointer<Float>, count n: Int, for type: ActivationType) {
        precondition(n <= capacity, "activation vector of \(n) values exceeds the scratch capacity \(capacity)")
        if exactFloat {
            floats.update(from: x, count: n)
            preparedType = type
            preparedCount = n
            return
        }
        switch type {
        case .f32: floats.update(from: x, count: n)
        case .q8_0:
            if useFastKernels {
                FastKernels.quantizeQ8_0(x, bytes, count: n)
                prose_expand_activations(Int32(n), bytes, 0, expanded)
            } else {
                Q8_0Kernel.quantizeRow(x, bytes, count: n)
            }
        case .q8_1:
            if useFastKernels {
                FastKernels.quantizeQ8_1(x, bytes, count: n)
                prose_expand_activations(Int32(n), bytes, 1, expanded)
            } else {
                Q4_1Kernel.quantizeActivations(x, bytes, count: n)
            }
        case .q8_K: Q8_KKernel.quantizeRow(x, bytes, count: n)
        }
        preparedType = type
        preparedCount = n
    }
}
