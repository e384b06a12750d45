/// A Linear weight (PyTorch layout: `out` rows of `in` floats) repacked once at load time for
/// ``Gemm``: column panels of 16 output features, each panel holding, for k = 0..<in, the 16
/// weights W[n0+c][k] contiguously.
///
/// ```
/// panel p (16 outputs)  : [k=0: w(16p+0,0) … w(16p+15,0)] [k=1: …] … [k=in-1: …]
/// element (n, k)        : data[(n/16)·in·16 + k·16 + n%16]
/// ```
/// Outputs past `out` (65 → 80 for the head) are zero, so the kernel never special-cases a tail.
struct PackedWeights: @unchecked Sendable {
    let inputs: Int
    let outputs: Int
    let paddedOutputs: Int
    let storage: AlignedBuffer

    /// Packs the rows of several (out_i, in) matrices stacked in order (e.g. q, k, v of all heads).
    init(stacking matrices: [[Float]], inputs: Int) {
        let rows = matrices.reduce(0) { $0 + $1.count / inputs }
        self.inputs = inputs
        outputs = rows
        paddedOutputs = (rows + Gemm.panelWidth - 1) / Gemm.panelWidth * Gemm.panelWidth
        storage = AlignedBuffer(count: paddedOutputs * inputs)
        let dst = storage.pointer
        var n = 0
        for matrix in matrices {
            precondition(matrix.count % inputs == 0, "a Linear weight must have whole rows of \(inputs) inputs")
            for r in 0..<(matrix.count / inputs) {
                let panel = n / Gemm.panelWidth, lane = n % Gemm.panelWidth
                for k in 0..<inputs {
                    dst[(panel * inputs + k) * Gemm.panelWidth + lane] = matrix[r * inputs + k]
                }
                n += 1
            }
        }
    }

    init(_ matrix: [Float], inputs: Int) { self.init(stacking: [matrix], inputs: inputs) }

    /// B-operand for ``Gemm/multiply``: panels start `inputs·16` floats apart, rows 16 apart.
    var operand: Gemm.Operand {
        Gemm.Operand(base: UnsafePointer(storage.pointer), rowStride: Gemm.panelWidth, panelStride: inputs * Gemm.panelWidth)
    }

    /// The operand restricted to output features `firstPanel·16 ..< (firstPanel+count)·16`.
    func operand(fromPanel firstPanel: Int) -> Gemm.Operand {
        Gemm.Operand(
            base: UnsafePointer(storage.pointer + firstPanel * inputs * Gemm.panelWidth),
            rowStride: Gemm.panelWidth, panelStride: inputs * Gemm.panelWidth)
    }
}
