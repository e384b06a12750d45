// Q4_0 block (18 bytes / 32 values):
//   offset 0: d   f16 scale
//   offset 2: qs  16 bytes; value j = ((qs[j] & 0xF) − 8)·d for j < 16, ((qs[j−16] >> 4) − 8)·d for j ≥ 16
// Paired with Q8_0 activations: dot = Σ_blocks d_w·d_a · Σ_j (q_j − 8)·qa_j.

/// Kernels for Q4_0 weights.
public enum Q4_0Kernel {
    public static let blockBytes = 18

    public static func dequantizeRow(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, count n: Int) {
        for b in 0..<(n / 32) {
            let blk = src + b * blockBytes
            let d = loadHalf(blk, 0)
            for j in 0..<16 {
                let byte = blk.load(fromByteOffset: 2 + j, as: UInt8.self)
                dst[b * 32 + j] = Float(Int(byte & 0xF) - 8) * d
                dst[b * 32 + j + 16] = Float(Int(byte >> 4) - 8) * d
            }
        }
    }

    public static func dot(_ n: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        var acc = SIMD8<Float>()
        for b in 0..<(n / 32) {
            let wb = w + b * blockBytes, ab = a + b * Q8_0Kernel.blockBytes
            let d = loadHalf(wb, 0) * loadHalf(ab, 0)
            var lanes = SIMD8<Float>()
            for lane in 0..<8 {
                var s: Int32 = 0
                for j in (lane * 4)..<(lane * 4 + 4) {
                    let byte = wb.load(fromByteOffset: 2 + (j & 15), as: UInt8.self)
                    let q = Int32(j < 16 ? byte & 0xF : byte >> 4) - 8
                    s += q * Int32(ab.load(fromByteOffset: 2 + j, as: Int8.self))
                }
                lanes[lane] = Float(s)
            }
            acc = acc.addingProduct(SIMD8(repeating: d), lanes)
        }
        return horizontalSum8(acc)
    }
}
