// Q5_0 block (22 bytes / 32 values):
//   offset 0: d   f16 scale
//   offset 2: qh  32 bits (little endian): bit j is the fifth bit of value j
//   offset 6: qs  16 bytes; the low 4 bits of value j are qs[j] & 0xF for j < 16, qs[j − 16] >> 4 for j ≥ 16
// value j = d · (q_j − 16), q_j = low4 | bit_j << 4 (so −16…15)
// Paired with Q8_0 activations; dot = Σ_blocks d_w·d_a · Σ_j (q_j − 16)·qa_j in 8 float lanes of 4
// products, as ggml's AVX2 `ggml_vec_dot_q5_0_q8_0`. llama.cpp's quantizer writes Q5_0 for the
// tensors of a Q4_K_M file whose rows are not a multiple of 256 (SmolLM2's 576-wide ones).
// The fast path repacks Q5_0 rows as Q8_0 rows (the same d, the signed values as int8: exact) and
// runs the x8 Q8_0 kernels, which compute exactly this sum (KernelPathTests).

/// Kernels for Q5_0 weights.
public enum Q5_0Kernel {
    public static let blockBytes = 22

    /// The signed value q_j − 16 (−16…15) of element j (0…31) of a block.
    @inline(__always)
    static func value(_ blk: UnsafeRawPointer, _ j: Int) -> Int32 {
        let qh = blk.loadUnaligned(fromByteOffset: 2, as: UInt32.self).littleEndian
        let byte = blk.load(fromByteOffset: 6 + (j & 15), as: UInt8.self)
        let low = Int32(j < 16 ? byte & 0xF : byte >> 4)
        return (low | Int32((qh >> UInt32(j)) & 1) << 4) - 16
    }

    public static func dequantizeRow(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, count n: Int) {
        for b in 0..<(n / 32) {
            let blk = src + b * blockBytes
            let d = loadHalf(blk, 0)
            for j in 0..<32 { dst[b * 32 + j] = Float(value(blk, j)) * d }
        }
    }

    /// Reference dot product of a Q5_0 row with Q8_0 activations (the oracle of the fast path).
    public static func dot(_ n: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        var acc = SIMD8<Float>()
        for b in 0..<(n / 32) {
            let wb = w + b * blockBytes, ab = a + b * Q8_0Kernel.blockBytes
            let d = loadHalf(wb, 0) * loadHalf(ab, 0)
            var lanes = SIMD8<Float>()
            for lane in 0..<8 {
                var s: Int32 = 0
                for j in (lane * 4)..<(lane * 4 + 4) {
                    s += value(wb, j) * Int32(ab.load(fromByteOffset: 2 + j, as: Int8.self))
                }
                lanes[lane] = Float(s)
            }
            acc = acc.addingProduct(SIMD8(repeating: d), lanes)
        }
        return horizontalSum8(acc)
    }
}
