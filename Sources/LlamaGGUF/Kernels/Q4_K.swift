// Q4_K block (144 bytes / 256 values = 8 sub-blocks of 32):
//   offset 0:  d       f16 super-scale
//   offset 2:  dmin    f16 super-minimum
//   offset 4:  scales  12 bytes: eight 6-bit scales sc_s and eight 6-bit minimums m_s (kQuantScaleMin)
//   offset 16: qs      128 bytes; each 32-byte chunk c (0…3) holds sub-block 2c in its low nibbles
//                      and sub-block 2c+1 in its high nibbles
// value = d·sc_s·q − dmin·m_s
// Paired with Q8_K activations: dot = d_a·( d·Σ_s sc_s·Σ q·qa − dmin·Σ_s m_s·Σ qa ), Σ qa from bsums.

/// Kernels for Q4_K weights (Q4_K_M files).
public enum Q4_KKernel {
    public static let blockBytes = 144

    public static func dequantizeRow(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, count n: Int) {
        for b in 0..<(n / 256) {
            let blk = src + b * blockBytes
            let d = loadHalf(blk, 0), dmin = loadHalf(blk, 2)
            let y = dst + b * 256
            for c in 0..<4 {
                let (sc1, m1) = kQuantScaleMin(blk + 4, 2 * c)
                let (sc2, m2) = kQuantScaleMin(blk + 4, 2 * c + 1)
                let d1 = d * Float(sc1), mm1 = dmin * Float(m1)
                let d2 = d * Float(sc2), mm2 = dmin * Float(m2)
                for l in 0..<32 {
                    let byte = blk.load(fromByteOffset: 16 + 32 * c + l, as: UInt8.self)
                    y[64 * c + l] = d1 * Float(byte & 0xF) - mm1
                    y[64 * c + 32 + l] = d2 * Float(byte >> 4) - mm2
                }
            }
        }
    }

    /// Dot product of a Q4_K row with Q8_K activations (integer sums per sub-block).
    public static func dot(_ n: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        var total: Float = 0
        for b in 0..<(n / 256) {
            let blk = w + b * blockBytes, act = a + b * Q8_KKernel.blockBytes
            var sumScaled: Int32 = 0, sumMins: Int32 = 0
            for c in 0..<4 {
                let (sc1, m1) = kQuantScaleMin(blk + 4, 2 * c)
                let (sc2, m2) = kQuantScaleMin(blk + 4, 2 * c + 1)
                var s1: Int32 = 0, s2: Int32 = 0
                for l in 0..<32 {
                    let byte = blk.load(fromByteOffset: 16 + 32 * c + l, as: UInt8.self)
                    s1 += Int32(byte & 0xF) * Q8_KKernel.q(act, 64 * c + l)
                    s2 += Int32(byte >> 4) * Q8_KKernel.q(act, 64 * c + 32 + l)
                }
                sumScaled += Int32(sc1) * s1 + Int32(sc2) * s2
                let b1 = Q8_KKernel.bsum(act, 4 * c) + Q8_KKernel.bsum(act, 4 * c + 1)
                let b2 = Q8_KKernel.bsum(act, 4 * c + 2) + Q8_KKernel.bsum(act, 4 * c + 3)
                sumMins += Int32(m1) * b1 + Int32(m2) * b2
            }
            let da = Q8_KKernel.scale(act)
            total += da * loadHalf(blk, 0) * Float(sumScaled) - da * loadHalf(blk, 2) * Float(sumMins)
        }
        return total
    }
}
