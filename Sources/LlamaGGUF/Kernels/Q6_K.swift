// Q6_K block (210 bytes / 256 values = 16 groups of 16):
//   offset 0:   ql      128 bytes of low nibbles
//   offset 128: qh      64 bytes of 2-bit highs
//   offset 192: scales  16 × int8 (one per group of 16)
//   offset 208: d       f16 super-scale
// For half h (0, 1; 128 values each), l in 0..<32, with ql' = ql + 64h, qh' = qh + 32h:
//   q[l]      = (ql'[l] & 0xF)     | ((qh'[l] >> 0) & 3) << 4
//   q[l + 32] = (ql'[l + 32] & 0xF) | ((qh'[l] >> 2) & 3) << 4
//   q[l + 64] = (ql'[l] >> 4)       | ((qh'[l] >> 4) & 3) << 4
//   q[l + 96] = (ql'[l + 32] >> 4)  | ((qh'[l] >> 6) & 3) << 4
// value = d·scale_g·(q − 32), g = index / 16
// Paired with Q8_K activations: dot = d_a·d·Σ_g scale_g·Σ (q − 32)·qa.

/// Kernels for Q6_K weights (the output head and some `attn_v`/`ffn_down` of Q5_K_M files).
public enum Q6_KKernel {
    public static let blockBytes = 210

    /// The 6-bit code (0…63) of value `i` (0…255) of a block.
    @inline(__always)
    static func code(_ blk: UnsafeRawPointer, _ i: Int) -> Int32 {
        let h = i / 128, r = i % 128
        let quarter = r / 32, l = r % 32
        let qlByte = blk.load(fromByteOffset: 64 * h + l + (quarter & 1) * 32, as: UInt8.self)
        let low = quarter < 2 ? qlByte & 0xF : qlByte >> 4
        let qhByte = blk.load(fromByteOffset: 128 + 32 * h + l, as: UInt8.self)
        let high = (qhByte >> UInt8(2 * quarter)) & 3
        return Int32(low | (high << 4))
    }

    @inline(__always)
    static func scale(_ blk: UnsafeRawPointer, _ g: Int) -> Int32 {
        Int32(blk.load(fromByteOffset: 192 + g, as: Int8.self))
    }

    public static func dequantizeRow(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, count n: Int) {
        for b in 0..<(n / 256) {
            let blk = src + b * blockBytes
            let d = loadHalf(blk, 208)
            for i in 0..<256 {
                dst[b * 256 + i] = d * Float(scale(blk, i / 16)) * Float(code(blk, i) - 32)
            }
        }
    }

    public static func dot(_ n: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        var total: Float = 0
        for b in 0..<(n / 256) {
            let blk = w + b * blockBytes, act = a + b * Q8_KKernel.blockBytes
            var sum: Int32 = 0
            for g in 0..<16 {
                var s: Int32 = 0
                for i in (16 * g)..<(16 * g + 16) { s += (code(blk, i) - 32) * Q8_KKernel.q(act, i) }
                sum += scale(blk, g) * s
            }
            total += Q8_KKernel.scale(act) * loadHalf(blk, 208) * Float(sum)
        }
        return total
    }
}
