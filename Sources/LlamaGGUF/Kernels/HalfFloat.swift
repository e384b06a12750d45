/// IEEE half-precision helpers shared by the block formats (all scales of ggml blocks are f16).
@inline(__always)
func loadHalf(_ p: UnsafeRawPointer, _ offset: Int) -> Float {
    Float(Float16(bitPattern: p.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
}

@inline(__always)
func storeHalf(_ value: Float, _ p: UnsafeMutableRawPointer, _ offset: Int) {
    p.storeBytes(of: Float16(value).bitPattern, toByteOffset: offset, as: UInt16.self)
}

/// Sum of 8 lanes in the order of ggml's `hsum_float_8` (high half + low half, then pairs), so the
/// scalar oracle rounds like the AVX2 kernels it checks.
@inline(__always)
func horizontalSum8(_ v: SIMD8<Float>) -> Float {
    let r0 = v[0] + v[4], r1 = v[1] + v[5], r2 = v[2] + v[6], r3 = v[3] + v[7]
    return (r0 + r2) + (r1 + r3)
}
