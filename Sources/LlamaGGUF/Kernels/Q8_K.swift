// Q8_K activation block (292 bytes / 256 values), the partner of Q4_K, Q5_K and Q6_K weights:
//   offset 0:   d      f32 scale
//   offset 4:   qs     256 × int8
//   offset 260: bsums  16 × int16, bsums[g] = Σ qs[16g ..< 16g+16]
// value j = d · qs[j]. Quantisation (ggml's `quantize_row_q8_K_ref`): take the value x_max of largest
// magnitude, iscale = −127 / x_max, q = min(127, round-half-even(iscale·x)), d = 1 / iscale.

/// The 8-bit activation format of the K-quant dot products.
public enum Q8_KKernel {
    public static let blockBytes = 292

    public static func quantizeRow(_ x: UnsafePointer<Float>, _ dst: UnsafeMutableRawPointer, count n: Int) {
        for b in 0..<(n / 256) {
            let xb = x + b * 256
            let blk = dst + b * blockBytes
            var amax: Float = 0, vmax: Float = 0
            for j in 0..<256 where abs(xb[j]) > amax {
                amax = abs(xb[j])
                vmax = xb[j]
            }
            if amax == 0 {
                blk.initializeMemory(as: UInt8.self, repeating: 0, count: blockBytes)
                continue
            }
            let iscale = -127 / vmax
            for g in 0..<16 {
                var sum: Int32 = 0
                for j in (g * 16)..<(g * 16 + 16) {
                    let q = Int8(min(127, (iscale * xb[j]).rounded(.toNearestOrEven)))
                    sum += Int32(q)
                    blk.storeBytes(of: q, toByteOffset: 4 + j, as: Int8.self)
                }
                blk.storeBytes(of: Int16(sum), toByteOffset: 260 + 2 * g, as: Int16.self)
            }
            blk.storeBytes(of: 1 / iscale, toByteOffset: 0, as: Float.self)
        }
    }

    @inline(__always)
    static func scale(_ a: UnsafeRawPointer) -> Float { a.loadUnaligned(fromByteOffset: 0, as: Float.self) }

    @inline(__always)
    static func q(_ a: UnsafeRawPointer, _ j: Int) -> Int32 { Int32(a.load(fromByteOffset: 4 + j, as: Int8.self)) }

    @inline(__always)
    static func bsum(_ a: UnsafeRawPointer, _ g: Int) -> Int32 { Int32(a.loadUnaligned(fromByteOffset: 260 + 2 * g, as: Int16.self)) }
}

/// The 6-bit scale and minimum of sub-block `j` (0…7) from the 12 packed bytes of Q4_K and Q5_K
/// (ggml's `get_scale_min_k4`): sub-blocks 0–3 use the low 6 bits of bytes j and j+4; 4–7 combine a
/// nibble of byte j+4 with the top 2 bits of bytes j−4 and j.
@inline(__always)
func kQuantScaleMin(_ scales: UnsafeRawPointer, _ j: Int) -> (scale: UInt8, min: UInt8) {
    let q = { (i: Int) in scales.load(fromByteOffset: i, as: UInt8.self) }
    if j < 4 {
        return (q(j) & 63, q(j + 4) & 63)
    }
    return ((q(j + 4) & 0xF) | ((q(j - 4) >> 6) << 4), (q(j + 4) >> 4) | ((q(j) >> 6) << 4))
}
