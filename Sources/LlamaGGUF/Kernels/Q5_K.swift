// Q5_K block (176 bytes / 256 values = 8 sub-blocks of 32):
//   offset 0:  d       f16 super-scale
//   offset 2:  dmin    f16 super-minimum
//   offset 4:  scales  12 bytes of packed 6-bit scales/minimums (as Q4_K, kQuantScaleMin)
//   offset 16: qh      32 bytes: bit s of qh[l] is the 5th bit of value l of sub-block s
//   offset 48: qs      128 bytes of low nibbles, laid out as in Q4_K
// value = d·sc_s·(low4 + 16·high1) − dmin·m_s
// Paired with Q8_K activations like Q4_K.

/// Kernels for Q5_K weights (TinyLlama Q5_K_M's main type).
public enum Q5_KKernel {
    public static let blockBytes = 176

    @inline(__always)
    static func value(_ blk: UnsafeRawPointer, chunk c: Int, lane l: Int, high: Bool) -> Int32 {
        let byte = blk.load(fromByteOffset: 48 + 32 * c + l, as: UInt8.self)
        let hbits = blk.load(fromByteOffset: 16 + l, as: UInt8.self)
        let sub = 2 * c + (high ? 1 : 0)
        let low = Int32(high ? byte >> 4 : byte & 0xF)
        return low + ((hbits >> sub) & 1 == 1 ? 16 : 0)
    }

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
                    y[64 * c + l] = d1 * Float(value(blk, chunk: c, lane: l, high: false)) - mm1
                    y[64 * c + 32 + l] = d2 * Float(value(blk, chunk: c, lane: l, high: true)) - mm2
                }
            }
        }
    }

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
                    s1 += value(blk, chunk: c, lane: l, high: false) * Q8_KKernel.q(act, 64 * c + l)
                    s2 += value(blk, chunk: c, lane: l, high: true) * Q8_KKernel.q(act, 64 * c + 32 + l)
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
