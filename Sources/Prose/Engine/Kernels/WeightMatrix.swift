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

    public init(_ tensor: GGUFTensor) {
        name = tensor.info.name
        type = tensor.type
        data = tensor.data
        rows = tensor.rows
        cols = tensor.cols
        rowBytes = tensor.rowBytes
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
        case .q4_K: Q4_KKernel.dequantizeRow(src, dst, count: cols)
        case .q5_K: Q5_KKernel.dequantizeRow(src, dst, count: cols)
        case .q6_K: Q6_KKernel.dequantizeRow(src, dst, count: cols)
        }
    }

    /// y[r] = W[r]·x for r in `rowRange`, with `activations` prepared for this matrix's type.
    ///
    /// The reference (`useFastKernels == false`) path runs the Swift oracle kernels; the fast path
    /// uses the AVX2 C kernels where one exists (Q4_0, Q4_1, Q8_0) — both compute the same sums in the
    /// same lane order.
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
        case .q4_K:
            for r in rowRange { y[r] = Q4_KKernel.dot(n, data + r * rowBytes, a) }
        case .q5_K:
            for r in rowRange { y[r] = Q5_KKernel.dot(n, data + r * rowBytes, a) }
        case .q6_K:
            for r in rowRange { y[r] = Q6_KKernel.dot(n, data + r * rowBytes, a) }
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
        self.useFastKernels = useFastKernels
    }

    deinit {
        bytes.deallocate()
        floats.deallocate()
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
            if useFastKernels { FastKernels.quantizeQ8_0(x, bytes, count: n) } else { Q8_0Kernel.quantizeRow(x, bytes, count: n) }
        case .q8_1:
            if useFastKernels { FastKernels.quantizeQ8_1(x, bytes, count: n) } else { Q4_1Kernel.quantizeActivations(x, bytes, count: n) }
        case .q8_K: Q8_KKernel.quantizeRow(x, bytes, count: n)
        }
        preparedType = type
        preparedCount = n
    }
}
